// Private to CMedia: the FFmpeg-side definitions behind the opaque handles.
#ifndef CLIPCOACH_CMEDIA_INTERNAL_H
#define CLIPCOACH_CMEDIA_INTERNAL_H

#include "cmedia.h"
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>

#define CM_LAYOUT_TEXT 64

struct cm_media {
    AVFormatContext *format;
    char *path;
    char (*layouts)[CM_LAYOUT_TEXT];   // one channel-layout description per stream
    int64_t deadline;                  // av_gettime_relative() past which reading is interrupted
};

// FFmpeg's interrupt callback: stops blocking reads once the media's deadline passed.
int cm_deadline_passed(void *opaque);

// Fills status (if any) and returns code. message is printf-style; the FFmpeg
// error text for av_error (if non-zero) is appended after a colon.
int cm_fail(cm_status *status, int code, int av_error, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
void cm_ok(cm_status *status);

// Maps an AVERROR from reading or writing to the closest cm_code.
int cm_code_for_read_error(int av_error);
int cm_code_for_write_error(int av_error);

// Seconds for a timestamp in time_base, CM_NO_TIME for AV_NOPTS_VALUE.
double cm_seconds(int64_t ts, AVRational time_base);

// Clockwise rotation (0, 90, 180, 270) that displays the stream upright, from
// its display matrix. Version differences for side data live here.
double cm_stream_rotation(const AVStream *stream);
// The raw 3x3 display matrix of the stream, or NULL.
const int32_t *cm_stream_display_matrix(const AVStream *stream);

// Declares a custom get_buffer2 callback safe to call from decoder threads.
// FFmpeg 5.x needs the (deprecated) flag or it funnels every call through one
// thread; from 6.0 every callback must be thread-safe and the flag is gone.
void cm_mark_callbacks_thread_safe(AVCodecContext *context);

#endif
