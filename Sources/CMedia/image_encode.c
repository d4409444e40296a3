// JPEG and PNG through libavcodec, into memory. The caller writes the bytes
// (atomically) wherever they belong.
#include "cmedia_frames.h"
#include "internal.h"
#include <libswscale/swscale.h>
#include <stdlib.h>
#include <string.h>

struct cm_image_encoder {
    int format;                  // enum cm_image_format
    int quality;                 // JPEG quantiser
    int width, height;           // size the codec is open for, 0 if none
    AVCodecContext *codec;
    AVFrame *frame;              // encoder input: YUV420P full range (JPEG) or RGB24 (PNG)
    AVPacket *packet;
    struct SwsContext *to_yuv;   // RGB -> JPEG's YUV, JPEG only
    int64_t next_pts;            // encoders insist on increasing timestamps, even for stills
};

void cm_image_free(cm_image *image) {
    if (!image) return;
    free(image->data);
    image->data = NULL;
    image->size = 0;
}

int cm_image_encoder_open(int format, int quality, cm_image_encoder **out, cm_status *status) {
    if (!out) return cm_fail(status, CM_E_INVALID, 0, "no encoder handle");
    *out = NULL;
    if (format != CM_IMAGE_JPEG && format != CM_IMAGE_PNG)
        return cm_fail(status, CM_E_INVALID, 0, "unknown image format %d", format);
    if (quality == 0) quality = 3;
    if (quality < 2 || quality > 31) return cm_fail(status, CM_E_INVALID, 0, "JPEG quality %d is outside 2..31", quality);
    cm_image_encoder *encoder = calloc(1, sizeof *encoder);
    AVPacket *packet = av_packet_alloc();
    if (!encoder || !packet) {
        free(encoder);
        av_packet_free(&packet);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    encoder->format = format;
    encoder->quality = quality;
    encoder->packet = packet;
    *out = encoder;
    cm_ok(status);
    return CM_OK;
}

static void close_codec(cm_image_encoder *encoder) {
    avcodec_free_context(&encoder->codec);
    av_frame_free(&encoder->frame);
    encoder->width = encoder->height = 0;
    encoder->next_pts = 0;
}

void cm_image_encoder_close(cm_image_encoder *encoder) {
    if (!encoder) return;
    close_codec(encoder);
    av_packet_free(&encoder->packet);
    sws_freeContext(encoder->to_yuv);
    free(encoder);
}

// Opens the codec for a picture size. JPEG wants full-range YUV: FFmpeg 5.1
// accepts yuv420p with color_range JPEG, and newer majors deprecate yuvj420p.
static int open_codec(cm_image_encoder *encoder, int width, int height, cm_status *status) {
    close_codec(encoder);
    int is_jpeg = encoder->format == CM_IMAGE_JPEG;
    const AVCodec *codec = avcodec_find_encoder(is_jpeg ? AV_CODEC_ID_MJPEG : AV_CODEC_ID_PNG);
    if (!codec) return cm_fail(status, CM_E_UNSUPPORTED, 0, "this FFmpeg has no %s encoder", is_jpeg ? "JPEG" : "PNG");
    AVCodecContext *context = avcodec_alloc_context3(codec);
    AVFrame *frame = av_frame_alloc();
    if (!context || !frame) {
        avcodec_free_context(&context);
        av_frame_free(&frame);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    context->width = width;
    context->height = height;
    context->time_base = (AVRational){1, 25};
    context->sample_aspect_ratio = (AVRational){1, 1};
    context->thread_count = 1;   // one picture at a time: threads only add start-up cost
    if (is_jpeg) {
        context->pix_fmt = AV_PIX_FMT_YUV420P;
        context->color_range = AVCOL_RANGE_JPEG;
        context->colorspace = AVCOL_SPC_BT470BG;
        context->flags |= AV_CODEC_FLAG_QSCALE;  // constant quality: the same picture gives the same bytes
        context->global_quality = encoder->quality * FF_QP2LAMBDA;
    } else {
        context->pix_fmt = AV_PIX_FMT_RGB24;
    }
    int err = avcodec_open2(context, codec, NULL);
    if (err >= 0) {
        frame->format = context->pix_fmt;
        frame->width = width;
        frame->height = height;
        frame->color_range = context->color_range;
        frame->colorspace = context->colorspace;
        err = av_frame_get_buffer(frame, 0);
    }
    if (err < 0) {
        avcodec_free_context(&context);
        av_frame_free(&frame);
        return cm_fail(status, err == AVERROR(ENOMEM) ? CM_E_NOMEM : CM_E_ENCODE, err,
                       "cannot open the %s encoder for %dx%d", is_jpeg ? "JPEG" : "PNG", width, height);
    }
    encoder->codec = context;
    encoder->frame = frame;
    encoder->width = width;
    encoder->height = height;
    return CM_OK;
}

// RGB -> full-range BT.601 YUV 4:2:0, as JFIF readers expect.
static int fill_jpeg_frame(cm_image_encoder *encoder, const cm_picture_info *picture, cm_status *status) {
    AVFrame *frame = encoder->frame;
    encoder->to_yuv = sws_getCachedContext(encoder->to_yuv, picture->width, picture->height, AV_PIX_FMT_RGB24,
                                           frame->width, frame->height, AV_PIX_FMT_YUV420P,
                                           SWS_BICUBIC | SWS_ACCURATE_RND, NULL, NULL, NULL);
    if (!encoder->to_yuv) return cm_fail(status, CM_E_NOMEM, 0, "cannot set up the colour conversion");
    const int *bt601 = sws_getCoefficients(SWS_CS_ITU601);
    sws_setColorspaceDetails(encoder->to_yuv, bt601, 1, bt601, 1, 0, 1 << 16, 1 << 16);
    const uint8_t *source[4] = {picture->pixels, NULL, NULL, NULL};
    const int source_stride[4] = {picture->stride, 0, 0, 0};
    int rows = sws_scale(encoder->to_yuv, source, source_stride, 0, picture->height, frame->data, frame->linesize);
    if (rows <= 0) return cm_fail(status, CM_E_ENCODE, rows, "colour conversion failed");
    return CM_OK;
}

static void fill_png_frame(cm_image_encoder *encoder, const cm_picture_info *picture) {
    AVFrame *frame = encoder->frame;
    for (int y = 0; y < picture->height; y++)
        memcpy(frame->data[0] + (size_t)y * frame->linesize[0], picture->pixels + (size_t)y * picture->stride,
               3 * (size_t)picture->width);
}

int cm_image_encode(cm_image_encoder *encoder, const cm_picture *picture, cm_image *out, cm_status *status) {
    if (!encoder || !picture || !out) return cm_fail(status, CM_E_INVALID, 0, "no encoder, picture or output");
    memset(out, 0, sizeof *out);
    cm_picture_info info;
    cm_picture_describe(picture, &info);
    if (info.width != encoder->width || info.height != encoder->height) {
        int result = open_codec(encoder, info.width, info.height, status);
        if (result != CM_OK) return result;
    }
    // The encoder may still hold a reference to the last input.
    int err = av_frame_make_writable(encoder->frame);
    if (err < 0) return cm_fail(status, CM_E_NOMEM, err, "cannot prepare the encoder input");
    if (encoder->format == CM_IMAGE_JPEG) {
        int result = fill_jpeg_frame(encoder, &info, status);
        if (result != CM_OK) return result;
        encoder->frame->quality = encoder->codec->global_quality;
    } else {
        fill_png_frame(encoder, &info);
    }
    encoder->frame->pts = encoder->next_pts++;

    err = avcodec_send_frame(encoder->codec, encoder->frame);
    if (err < 0) return cm_fail(status, CM_E_ENCODE, err, "the image encoder refused the picture");
    // Both encoders are intra-only without delay: one picture in, one packet out.
    err = avcodec_receive_packet(encoder->codec, encoder->packet);
    if (err < 0) return cm_fail(status, CM_E_ENCODE, err, "the image encoder gave no output");
    uint8_t *data = malloc((size_t)encoder->packet->size);
    if (!data) {
        av_packet_unref(encoder->packet);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    memcpy(data, encoder->packet->data, (size_t)encoder->packet->size);
    out->data = data;
    out->size = (size_t)encoder->packet->size;
    av_packet_unref(encoder->packet);
    cm_ok(status);
    return CM_OK;
}
