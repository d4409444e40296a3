// Error reporting shared by every CMedia entry point.
#include "internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

int cm_fail(cm_status *status, int code, int av_error, const char *format, ...) {
    if (!status) return code;
    status->code = code;
    status->av_error = av_error;
    va_list args;
    va_start(args, format);
    int used = vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
    if (av_error != 0 && used >= 0 && (size_t)used < sizeof status->message - 3) {
        char reason[AV_ERROR_MAX_STRING_SIZE] = {0};
        av_strerror(av_error, reason, sizeof reason);
        snprintf(status->message + used, sizeof status->message - (size_t)used, ": %s", reason);
    }
    // A message is one line: FFmpeg texts occasionally carry newlines.
    for (char *c = status->message; *c; c++) if (*c == '\n' || *c == '\r') *c = ' ';
    return code;
}

void cm_ok(cm_status *status) {
    if (!status) return;
    status->code = CM_OK;
    status->av_error = 0;
    status->message[0] = '\0';
}

int cm_code_for_read_error(int av_error) {
    switch (av_error) {
    case AVERROR(ENOENT): case AVERROR(EACCES): case AVERROR(EISDIR): case AVERROR(EPERM):
        return CM_E_OPEN;
    case AVERROR(ENOMEM):
        return CM_E_NOMEM;
    case AVERROR_INVALIDDATA: case AVERROR_DEMUXER_NOT_FOUND: case AVERROR_EOF:
        return CM_E_FORMAT;
    default:
        return CM_E_DECODE;
    }
}

int cm_code_for_write_error(int av_error) {
    switch (av_error) {
    case AVERROR(ENOSPC): case AVERROR(EDQUOT): case AVERROR(EACCES): case AVERROR(EROFS):
    case AVERROR(EIO): case AVERROR(EFBIG): case AVERROR(EPERM): case AVERROR(ENOENT):
        return CM_E_WRITE;
    case AVERROR(ENOMEM):
        return CM_E_NOMEM;
    default:
        return CM_E_ENCODE;
    }
}

double cm_seconds(int64_t ts, AVRational time_base) {
    if (ts == AV_NOPTS_VALUE || time_base.den == 0) return CM_NO_TIME;
    return (double)ts * av_q2d(time_base);
}

double cm_packet_time(const AVPacket *packet, AVRational time_base) {
    return cm_seconds(packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts, time_base);
}

double cm_packet_decode_time(const AVPacket *packet, AVRational time_base) {
    return cm_seconds(packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts, time_base);
}

double cm_packet_end_time(const AVPacket *packet, AVRational time_base) {
    double start = cm_packet_time(packet, time_base);
    return packet->duration > 0 && cm_is_time(start) ? start + cm_seconds(packet->duration, time_base) : start;
}

int64_t cm_frame_timestamp(const AVFrame *frame) {
    return frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
}

double cm_frame_time(const AVFrame *frame, AVRational time_base) {
    int64_t ts = frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
    return cm_seconds(ts, time_base);
}

int64_t cm_stream_timestamp(double seconds, AVRational time_base) {
    return (int64_t)llround(seconds / av_q2d(time_base));
}
