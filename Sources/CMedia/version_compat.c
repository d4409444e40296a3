// Everything that differs between FFmpeg 5.1 (Debian 12) and newer majors.
#include "internal.h"
#include <libavutil/display.h>
#include <math.h>
#include <string.h>
#include "cut_output.h"

const int32_t *cm_stream_display_matrix(const AVStream *stream) {
#if LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 31, 102)
    // FFmpeg 6.1+: stream side data moved to codecpar->coded_side_data.
    const AVPacketSideData *side = av_packet_side_data_get(stream->codecpar->coded_side_data,
                                                           stream->codecpar->nb_coded_side_data,
                                                           AV_PKT_DATA_DISPLAYMATRIX);
    if (!side || side->size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)side->data;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!data || size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)data;
#endif
}

double cm_stream_rotation(const AVStream *stream) {
    const int32_t *matrix = cm_stream_display_matrix(stream);
    if (!matrix) return 0;
    // av_display_rotation_get is counter-clockwise; users think in clockwise turns.
    double counter_clockwise = av_display_rotation_get(matrix);
    if (isnan(counter_clockwise)) return 0;
    double clockwise = fmod(-round(counter_clockwise / 90.0) * 90.0 + 360.0, 360.0);
    return clockwise == 0 ? 0 : clockwise; // no -0
}

int cm_copy_display_matrix(AVStream *to, const AVStream *from) {
    const int32_t *matrix = cm_stream_display_matrix(from);
    if (!matrix) return 0;
#if LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 31, 102)
    // avcodec_parameters_copy already carried coded_side_data over.
    if (av_packet_side_data_get(to->codecpar->coded_side_data, to->codecpar->nb_coded_side_data,
                                AV_PKT_DATA_DISPLAYMATRIX)) return 0;
    AVPacketSideData *side = av_packet_side_data_new(&to->codecpar->coded_side_data, &to->codecpar->nb_coded_side_data,
                                                     AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t), 0);
    if (!side) return AVERROR(ENOMEM);
    memcpy(side->data, matrix, 9 * sizeof(int32_t));
#else
    uint8_t *data = av_stream_new_side_data(to, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
    if (!data) return AVERROR(ENOMEM);
    memcpy(data, matrix, 9 * sizeof(int32_t));
#endif
    return 0;
}

double cm_frame_duration_seconds(const AVFrame *frame, AVRational time_base) {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
    int64_t duration = frame->duration;
#else
    int64_t duration = frame->pkt_duration;
#endif
    return duration > 0 ? (double)duration * av_q2d(time_base) : 0;
}

void cm_mark_callbacks_thread_safe(AVCodecContext *context) {
#if FF_API_THREAD_SAFE_CALLBACKS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    context->thread_safe_callbacks = 1;
#pragma GCC diagnostic pop
#else
    (void)context;
#endif
}
