// H.264 for smart cutting: an encoder whose output can sit in front of the
// source's own packets, and the byte-level glue between the two (sample format,
// parameter sets carried across the join).
#include "cut_smart_h264.h"
#include "cmedia_frames.h"
#include <libavutil/opt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum AVPixelFormat cm_h264_plain_format(int format) {
    switch (format) {
    case AV_PIX_FMT_YUVJ420P: return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: return AV_PIX_FMT_YUV444P;
    default: return format;
    }
}

static const char *x264_profile(int profile) {
    switch (profile) {
    case FF_PROFILE_H264_BASELINE: case FF_PROFILE_H264_CONSTRAINED_BASELINE: return "baseline";
    case FF_PROFILE_H264_MAIN: return "main";
    case FF_PROFILE_H264_HIGH: return "high";
    case FF_PROFILE_H264_HIGH_10: case FF_PROFILE_H264_HIGH_10_INTRA: return "high10";
    case FF_PROFILE_H264_HIGH_422: case FF_PROFILE_H264_HIGH_422_INTRA: return "high422";
    case FF_PROFILE_H264_HIGH_444_PREDICTIVE: case FF_PROFILE_H264_HIGH_444_INTRA: return "high444";
    default: return NULL; // let x264 choose from the pixel format
    }
}

static const char *x265_profile(int profile) {
    switch (profile) {
    case FF_PROFILE_HEVC_MAIN: return "main";
    case FF_PROFILE_HEVC_MAIN_10: return "main10";
    default: return NULL;
    }
}

const char *cm_smart_encoder_name(enum AVCodecID codec) {
    return codec == AV_CODEC_ID_H264 ? "libx264" : codec == AV_CODEC_ID_HEVC ? "libx265" : NULL;
}

int cm_h264_open_matching_encoder(const AVStream *source, int64_t bit_rate, const char *preset, int crf,
                                  AVCodecContext **out, cm_status *status) {
    *out = NULL;
    const AVCodecParameters *par = source->codecpar;
    int hevc = par->codec_id == AV_CODEC_ID_HEVC;
    const char *name = cm_smart_encoder_name(par->codec_id);
    const AVCodec *codec = name ? avcodec_find_encoder_by_name(name) : NULL;
    if (!codec) return cm_fail(status, CM_E_UNSUPPORTED, 0, "this FFmpeg has no %s encoder", name ? name : "matching");
    if (par->width <= 0 || par->height <= 0) return cm_fail(status, CM_E_DECODE, 0, "the video has no picture size");
    if ((int64_t)par->width * par->height > CM_DEFAULT_MAX_PIXELS)
        return cm_fail(status, CM_E_LIMIT, 0, "a %dx%d picture is beyond the safety cap", par->width, par->height);
    AVCodecContext *enc = avcodec_alloc_context3(codec);
    if (!enc) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    *out = enc;
    enc->width = par->width;
    enc->height = par->height;
    enc->pix_fmt = cm_h264_plain_format(par->format);
    enc->sample_aspect_ratio = par->sample_aspect_ratio;
    enc->color_range = par->format != enc->pix_fmt ? AVCOL_RANGE_JPEG : par->color_range;
    enc->color_primaries = par->color_primaries;
    enc->color_trc = par->color_trc;
    enc->colorspace = par->color_space;
    enc->chroma_sample_location = par->chroma_location;
    enc->field_order = par->field_order;
    if (par->field_order != AV_FIELD_UNKNOWN && par->field_order != AV_FIELD_PROGRESSIVE)
        enc->flags |= AV_CODEC_FLAG_INTERLACED_DCT | AV_CODEC_FLAG_INTERLACED_ME;
    enc->time_base = source->time_base;
    enc->framerate = source->avg_frame_rate.num > 0 ? source->avg_frame_rate : source->r_frame_rate;
    if (par->level > 0) enc->level = par->level;
    enc->gop_size = 1 << 30;         // one IDR, at the head's start
    // The head is short (one GOP at most), so it is encoded like a live stream: one
    // thread, no lookahead, no B-frames, no macroblock tree. The encoder then holds a
    // handful of pictures instead of a lookahead queue of them (at 720p ~25 MiB where
    // frame threads and a 10-frame lookahead held ~75 MiB, see SmartCut in README).
    enc->thread_count = 1;
    enc->max_b_frames = 0;
    AVDictionary *settings = NULL;
    av_dict_set(&settings, "preset", preset ? preset : "veryfast", 0);
    if (bit_rate > 0) {
        enc->bit_rate = bit_rate;
        // A short head with an average target still spends on its first frame: the
        // buffer bounds the swing around it.
        enc->rc_max_rate = bit_rate * 3 / 2;
        enc->rc_buffer_size = (int)FFMIN(bit_rate * 2, INT_MAX);
    } else {
        av_dict_set_int(&settings, "crf", crf, 0);
    }
    const char *profile = hevc ? x265_profile(par->profile) : x264_profile(par->profile);
    if (profile) av_dict_set(&settings, "profile", profile, 0);
    // No extra I-frames; HEVC: closed GOP, so the head's pictures never wait on the join.
    if (hevc)
        av_dict_set(&settings, "x265-params",
                    "scenecut=0:open-gop=0:log-level=error:pools=1:frame-threads=1:rc-lookahead=0:bframes=0:b-adapt=0"
                    ":cutree=0:lookahead-slices=0", 0);
    else
        av_dict_set(&settings, "x264-params", "scenecut=0:rc-lookahead=0:sync-lookahead=0:bframes=0:mbtree=0", 0);
    int err = avcodec_open2(enc, codec, &settings);
    av_dict_free(&settings);
    if (err < 0) return cm_fail(status, CM_E_ENCODE, err, "cannot open an H.264 encoder like the source's");
    return CM_OK;
}

static int append(uint8_t **buffer, int *size, const uint8_t *data, int length, int nal_length_size) {
    uint8_t *grown = realloc(*buffer, (size_t)*size + nal_length_size + length);
    if (!grown) return -1;
    *buffer = grown;
    for (int i = 0; i < nal_length_size; i++) grown[*size + i] = (uint8_t)(length >> (8 * (nal_length_size - 1 - i)));
    memcpy(grown + *size + nal_length_size, data, length);
    *size += nal_length_size + length;
    return 0;
}

// hvcC: lengthSizeMinusOne at byte 21, then arrays of NAL units by type.
static int hevc_sample_format_init(cm_h264_sample_format *format, const uint8_t *ex, int n) {
    format->nal_length_size = (ex[21] & 3) + 1;
    if (format->nal_length_size == 3) return -1;
    int arrays = ex[22], at = 23;
    for (int a = 0; a < arrays; a++) {
        if (at + 3 > n) return -1;
        int type = ex[at] & 0x3f, count = ex[at + 1] << 8 | ex[at + 2];
        at += 3;
        for (int i = 0; i < count; i++) {
            if (at + 2 > n) return -1;
            int length = ex[at] << 8 | ex[at + 1];
            at += 2;
            if (at + length > n) return -1;
            // VPS, SPS, PPS: what a decoder needs to start at the join.
            if (type >= 32 && type <= 34 &&
                append(&format->parameter_sets, &format->parameter_sets_size, ex + at, length, format->nal_length_size) < 0)
                return -1;
            at += length;
        }
    }
    return 0;
}

int cm_h264_sample_format_init(cm_h264_sample_format *format, const AVCodecParameters *par) {
    memset(format, 0, sizeof *format);
    const uint8_t *ex = par->extradata;
    int n = par->extradata_size;
    if (par->codec_id == AV_CODEC_ID_HEVC && n >= 23 && ex[0] == 1) return hevc_sample_format_init(format, ex, n);
    if (n >= 7 && ex[0] == 1) {
        // avcC: lengthSizeMinusOne, then the SPS and PPS lists.
        format->nal_length_size = (ex[4] & 3) + 1;
        if (format->nal_length_size == 3) return -1;
        int at = 5;
        for (int list = 0; list < 2; list++) {
            if (at >= n) return list == 1 ? 0 : -1;
            int count = list == 0 ? ex[at] & 0x1f : ex[at];
            at++;
            for (int i = 0; i < count; i++) {
                if (at + 2 > n) return -1;
                int length = ex[at] << 8 | ex[at + 1];
                at += 2;
                if (at + length > n) return -1;
                if (append(&format->parameter_sets, &format->parameter_sets_size, ex + at, length,
                           format->nal_length_size) < 0)
                    return -1;
                at += length;
            }
        }
        return 0;
    }
    // Annex B (MPEG-TS): extradata, if any, is already start-code prefixed.
    if (n > 0) {
        format->parameter_sets = malloc(n);
        if (!format->parameter_sets) return -1;
        memcpy(format->parameter_sets, ex, n);
        format->parameter_sets_size = n;
    }
    return 0;
}

void cm_h264_sample_format_free(cm_h264_sample_format *format) {
    free(format->parameter_sets);
    memset(format, 0, sizeof *format);
}

// The next Annex B start code at or after `at`: its offset, and its length in *code.
static int find_start_code(const uint8_t *data, int size, int at, int *code) {
    for (int i = at; i + 3 <= size; i++) {
        if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
            *code = 3;
            if (i > at && data[i - 1] == 0) { *code = 4; return i - 1; }
            return i;
        }
    }
    return -1;
}

int cm_h264_to_sample_format(const cm_h264_sample_format *format, const AVPacket *in, AVPacket *out) {
    if (format->nal_length_size == 0) return av_packet_ref(out, in);
    uint8_t *buffer = NULL;
    int size = 0, code = 0;
    int at = find_start_code(in->data, in->size, 0, &code);
    while (at >= 0) {
        int begin = at + code, next_code = 0;
        int next = find_start_code(in->data, in->size, begin, &next_code);
        int end = next >= 0 ? next : in->size;
        while (end > begin && in->data[end - 1] == 0) end--; // trailing zero bytes belong to no NAL
        if (end > begin && append(&buffer, &size, in->data + begin, end - begin, format->nal_length_size) < 0) {
            free(buffer);
            return AVERROR(ENOMEM);
        }
        at = next;
        code = next_code;
    }
    int err = av_new_packet(out, size);
    if (err >= 0) {
        memcpy(out->data, buffer, size);
        err = av_packet_copy_props(out, in);
    }
    free(buffer);
    return err;
}

int cm_h264_with_parameter_sets(const cm_h264_sample_format *format, const AVPacket *in, AVPacket *out) {
    int err = av_new_packet(out, format->parameter_sets_size + in->size);
    if (err < 0) return err;
    if (format->parameter_sets_size > 0) memcpy(out->data, format->parameter_sets, format->parameter_sets_size);
    memcpy(out->data + format->parameter_sets_size, in->data, in->size);
    return av_packet_copy_props(out, in);
}
