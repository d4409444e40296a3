// Everything that differs between FFmpeg 5.1 (Debian 12) and newer majors.
#include "internal.h"
#include <libavutil/display.h>
#include <math.h>

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
