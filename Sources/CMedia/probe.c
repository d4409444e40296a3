// Opening a file and describing its container and streams, as ffprobe would.
#define _GNU_SOURCE  // strcasestr
#include "internal.h"
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
#include <libavutil/channel_layout.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <libavutil/time.h>

static void cm_media_free_shell(cm_media *media);

int cm_media_open(const char *path, const cm_open_limits *limits, cm_media **out, cm_status *status) {
    if (!out || !path) return cm_fail(status, CM_E_INVALID, 0, "no file given");
    *out = NULL;

    // FFmpeg would report a directory as "Is a directory" only on some protocols;
    // say it plainly for every case before FFmpeg guesses.
    struct stat info;
    if (stat(path, &info) != 0) {
        return cm_fail(status, CM_E_OPEN, AVERROR(errno), "cannot open");
    }
    if (S_ISDIR(info.st_mode)) return cm_fail(status, CM_E_OPEN, 0, "is a directory, not a media file");
    // Pipes and devices (/dev/zero, a FIFO) could block or stream forever.
    if (!S_ISREG(info.st_mode)) return cm_fail(status, CM_E_OPEN, 0, "not a regular file");
    if (info.st_size == 0) return cm_fail(status, CM_E_FORMAT, 0, "empty file");

    cm_media *media = calloc(1, sizeof *media);
    char *path_copy = strdup(path);
    AVFormatContext *format = avformat_alloc_context();
    if (!media || !path_copy || !format) {
        free(media); free(path_copy); avformat_free_context(format);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    media->path = path_copy;
    media->confirmed_index_stream = -1;
    // A crafted file can keep the demuxer busy for a long time while it looks for
    // streams; the deadline turns that into a clear error.
    int64_t seconds = limits && limits->open_seconds > 0 ? limits->open_seconds : CM_DEFAULT_OPEN_SECONDS;
    media->deadline = av_gettime_relative() + seconds * 1000000;
    format->interrupt_callback.callback = cm_deadline_passed;
    format->interrupt_callback.opaque = media;

    AVDictionary *options = NULL;
    av_dict_set_int(&options, "probesize", limits && limits->probe_bytes > 0 ? limits->probe_bytes : 5000000, 0);
    av_dict_set_int(&options, "analyzeduration",
                    limits && limits->analyze_microseconds > 0 ? limits->analyze_microseconds : 5000000, 0);

    // "file:" keeps names with a colon from being read as other protocols.
    size_t url_size = strlen(path) + 6;
    char *url = malloc(url_size);
    int err = url ? 0 : AVERROR(ENOMEM);
    if (url) {
        snprintf(url, url_size, "file:%s", path);
        err = avformat_open_input(&format, url, NULL, &options); // frees format on failure
        free(url);
    } else {
        avformat_free_context(format);
    }
    av_dict_free(&options);
    int timed_out = av_gettime_relative() > media->deadline;
    if (err < 0) {
        cm_media_free_shell(media);
        if (timed_out) return cm_fail(status, CM_E_LIMIT, 0, "gave up reading the file after %lld s", (long long)seconds);
        int code = cm_code_for_read_error(err);
        return cm_fail(status, code, err, code == CM_E_OPEN ? "cannot open" : "not a media file FFmpeg can read");
    }
    media->format = format;
    err = avformat_find_stream_info(format, NULL);
    timed_out = av_gettime_relative() > media->deadline;
    if (err < 0 || timed_out || format->nb_streams == 0) {
        cm_media_close(media);
        if (timed_out) return cm_fail(status, CM_E_LIMIT, 0, "gave up looking for streams after %lld s", (long long)seconds);
        if (err < 0) return cm_fail(status, CM_E_FORMAT, err, "cannot read stream parameters");
        return cm_fail(status, CM_E_FORMAT, 0, "no audio or video streams found");
    }
    // From here on reading takes as long as the work needs (a long lesson).
    media->deadline = INT64_MAX;
    media->layouts = calloc(format->nb_streams, sizeof *media->layouts);
    if (!media->layouts) {
        cm_media_close(media);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    *out = media;
    cm_ok(status);
    return CM_OK;
}

int cm_deadline_passed(void *opaque) {
    const cm_media *media = opaque;
    return media && av_gettime_relative() > media->deadline;
}

static void cm_media_free_shell(cm_media *media) {
    free(media->path);
    free(media);
}

void cm_media_close(cm_media *media) {
    if (!media) return;
    avformat_close_input(&media->format);
    free(media->layouts);
    cm_media_free_shell(media);
}

// Phones write GPS as "location" (MP4/QuickTime), "com.apple.quicktime.location.ISO6709",
// "location-eng" or EXIF-style "GPS..." keys: any of these makes the file sensitive.
static int dictionary_has_location(const AVDictionary *metadata) {
    const AVDictionaryEntry *entry = NULL;
    while ((entry = av_dict_get(metadata, "", entry, AV_DICT_IGNORE_SUFFIX))) {
        if (strcasestr(entry->key, "location") || strncasecmp(entry->key, "gps", 3) == 0
            || strcasestr(entry->key, "ISO6709"))
            return 1;
    }
    return 0;
}

int cm_media_format_info(const cm_media *media, cm_format_info *out) {
    if (!media || !out) return CM_E_INVALID;
    const AVFormatContext *format = media->format;
    memset(out, 0, sizeof *out);
    out->container = format->iformat->name;
    out->container_long = format->iformat->long_name;
    out->duration = format->duration == AV_NOPTS_VALUE ? CM_NO_TIME : (double)format->duration / AV_TIME_BASE;
    out->start_time = format->start_time == AV_NOPTS_VALUE ? CM_NO_TIME : (double)format->start_time / AV_TIME_BASE;
    out->size = format->pb ? avio_size(format->pb) : -1;
    out->bit_rate = format->bit_rate;
    const AVDictionaryEntry *created = av_dict_get(format->metadata, "creation_time", NULL, 0);
    out->creation_time = created ? created->value : NULL;
    int location = dictionary_has_location(format->metadata);
    for (unsigned i = 0; i < format->nb_streams && !location; i++)
        location = dictionary_has_location(format->streams[i]->metadata);
    out->has_location = location;
    out->stream_count = (int)format->nb_streams;
    return CM_OK;
}

static int kind_of(enum AVMediaType type) {
    switch (type) {
    case AVMEDIA_TYPE_VIDEO: return CM_KIND_VIDEO;
    case AVMEDIA_TYPE_AUDIO: return CM_KIND_AUDIO;
    case AVMEDIA_TYPE_SUBTITLE: return CM_KIND_SUBTITLE;
    case AVMEDIA_TYPE_DATA: return CM_KIND_DATA;
    case AVMEDIA_TYPE_ATTACHMENT: return CM_KIND_ATTACHMENT;
    default: return CM_KIND_UNKNOWN;
    }
}

static int rates_differ(AVRational a, AVRational b) {
    if (a.num <= 0 || a.den <= 0 || b.num <= 0 || b.den <= 0) return 0;
    double x = av_q2d(a), y = av_q2d(b);
    return fabs(x - y) > 0.01 * fmax(x, y);
}

int cm_media_stream_info(const cm_media *media, int stream_index, cm_stream_info *out) {
    if (!media || !out || stream_index < 0 || (unsigned)stream_index >= media->format->nb_streams)
        return CM_E_INVALID;
    const AVStream *stream = media->format->streams[stream_index];
    const AVCodecParameters *par = stream->codecpar;
    memset(out, 0, sizeof *out);
    out->index = stream_index;
    out->kind = kind_of(par->codec_type);
    out->codec = avcodec_get_name(par->codec_id);
    out->profile = avcodec_profile_name(par->codec_id, par->profile);
    out->start_time = cm_seconds(stream->start_time, stream->time_base);
    out->duration = cm_seconds(stream->duration, stream->time_base);
    out->bit_rate = par->bit_rate;
    const AVDictionaryEntry *language = av_dict_get(stream->metadata, "language", NULL, 0);
    out->language = language ? language->value : NULL;

    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
        out->is_attached_picture = (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
        out->width = par->width;
        out->height = par->height;
        AVRational sar = av_guess_sample_aspect_ratio(media->format, (AVStream *)stream, NULL);
        if (sar.num <= 0 || sar.den <= 0) sar = (AVRational){0, 1};
        out->sar_num = sar.num;
        out->sar_den = sar.den;
        out->pixel_format = par->format >= 0 ? av_get_pix_fmt_name(par->format) : NULL;
        out->avg_rate_num = stream->avg_frame_rate.num;
        out->avg_rate_den = stream->avg_frame_rate.den;
        out->real_rate_num = stream->r_frame_rate.num;
        out->real_rate_den = stream->r_frame_rate.den;
        out->variable_frame_rate = rates_differ(stream->avg_frame_rate, stream->r_frame_rate);
        out->rotation = cm_stream_rotation(stream);
        // Display size: stretch the width by the SAR, then swap for quarter turns.
        int display_w = par->width, display_h = par->height;
        if (sar.num > 0 && sar.den > 0 && sar.num != sar.den)
            display_w = (int)llround((double)par->width * sar.num / sar.den);
        if (out->rotation == 90 || out->rotation == 270) { int t = display_w; display_w = display_h; display_h = t; }
        out->display_width = display_w;
        out->display_height = display_h;
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
        out->sample_rate = par->sample_rate;
        out->channels = par->ch_layout.nb_channels;
        char *text = media->layouts[stream_index];
        if (par->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC
            && av_channel_layout_describe(&par->ch_layout, text, CM_LAYOUT_TEXT) > 0)
            out->channel_layout = text;
    }
    return CM_OK;
}

int cm_media_best_video_stream(const cm_media *media) {
    if (!media) return -1;
    int best = av_find_best_stream(media->format, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (best >= 0 && !(media->format->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC)) return best;
    for (unsigned i = 0; i < media->format->nb_streams; i++) {
        const AVStream *stream = media->format->streams[i];
        if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(stream->disposition & AV_DISPOSITION_ATTACHED_PIC))
            return (int)i;
    }
    return -1;
}
