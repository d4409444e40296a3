// Private to CMedia: the H.264 side of smart cutting (cut_smart.c).
#ifndef CLIPCOACH_CMEDIA_CUT_SMART_H264_H
#define CLIPCOACH_CMEDIA_CUT_SMART_H264_H
#include "internal.h"

// How the source stores H.264 samples.
typedef struct cm_h264_sample_format {
    int nal_length_size;       // 1, 2 or 4 (avcC: MP4, Matroska); 0: Annex B start codes (MPEG-TS)
    uint8_t *parameter_sets;   // the source's SPS and PPS, in that sample format
    int parameter_sets_size;
} cm_h264_sample_format;

// Reads the sample format and parameter sets from the stream's extradata; < 0 if unreadable.
int cm_h264_sample_format_init(cm_h264_sample_format *format, const AVCodecParameters *par);
void cm_h264_sample_format_free(cm_h264_sample_format *format);
// An encoder packet (Annex B) in the source's sample format, timing and flags kept.
int cm_h264_to_sample_format(const cm_h264_sample_format *format, const AVPacket *in, AVPacket *out);
// A source packet with the source's parameter sets in front of it.
int cm_h264_with_parameter_sets(const cm_h264_sample_format *format, const AVPacket *in, AVPacket *out);

// The encoder smart cut uses for a codec: libx264, libx265, else NULL.
const char *cm_smart_encoder_name(enum AVCodecID codec);
// yuvj* formats are yuv* in full range.
enum AVPixelFormat cm_h264_plain_format(int format);
// libx264 set up like the source: size, pixel format (8 or 10 bit), profile, level,
// SAR, colour properties, field order, frame rate and time base; one IDR at the
// start, parameter sets in-band.
// bit_rate > 0: an average bit rate like the source's; else constant quality crf.
int cm_h264_open_matching_encoder(const AVStream *source, int64_t bit_rate, const char *preset, int crf,
                                  AVCodecContext **out, cm_status *status);
#endif
