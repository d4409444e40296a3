// Routes FFmpeg's log into the host's logger (swift-log on the Swift side).
#include "internal.h"
#include <libavformat/version.h>
#include <libavcodec/version.h>
#include <libavutil/version.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static _Atomic(cm_log_fn) installed_log;

static void forward_log(void *context, int level, const char *format, va_list args) {
    cm_log_fn fn = atomic_load(&installed_log);
    if (!fn || level > av_log_get_level()) return;
    // av_log_format_line2 adds the "[h264 @ 0x...]" prefix that says which component spoke.
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(context, level, format, args, line, sizeof line, &print_prefix);
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
    if (length > 0) fn(level, line);
}

void cm_log_install(cm_log_fn fn, int max_level) {
    atomic_store(&installed_log, fn);
    av_log_set_level(max_level);
    av_log_set_callback(fn ? forward_log : av_log_default_callback);
}

const char *cm_ffmpeg_version(void) {
    static char text[128];
    static atomic_int ready;
    if (!atomic_load(&ready)) {
        unsigned f = avformat_version(), c = avcodec_version(), u = avutil_version();
        snprintf(text, sizeof text, "libavformat %u.%u.%u, libavcodec %u.%u.%u, libavutil %u.%u.%u",
                 f >> 16, (f >> 8) & 0xff, f & 0xff, c >> 16, (c >> 8) & 0xff, c & 0xff,
                 u >> 16, (u >> 8) & 0xff, u & 0xff);
        atomic_store(&ready, 1);
    }
    return text;
}
