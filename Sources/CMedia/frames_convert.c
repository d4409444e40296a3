// Decoded frame -> RGB picture as a viewer would show it: sample aspect ratio
// honoured, display-matrix rotation applied to the pixels, scaled with a good
// (bicubic) filter to the requested width.
#include "frames_internal.h"
#include <libswscale/swscale.h>
#include <libavutil/pixdesc.h>
#include <libavutil/imgutils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int within_caps(int64_t width, int64_t height, int64_t max_pixels) {
    return width > 0 && height > 0 && width <= CM_MAX_PICTURE_SIDE && height <= CM_MAX_PICTURE_SIDE
        && width * height <= max_pixels;
}

// A damaged header can claim any SAR; beyond 1:100 it is noise, not intent.
static double usable_sar(AVRational sar) {
    if (sar.num <= 0 || sar.den <= 0) return 1.0;
    double value = av_q2d(sar);
    return value >= 0.01 && value <= 100.0 ? value : 1.0;
}

int cm_display_size(const cm_picture_converter *converter, int coded_width, int coded_height, AVRational sar,
                    int *width, int *height, cm_status *status) {
    if (coded_width <= 0 || coded_height <= 0)
        return cm_fail(status, CM_E_DECODE, 0, "the video has no picture size");
    if (!within_caps(coded_width, coded_height, converter->max_pixels))
        return cm_fail(status, CM_E_LIMIT, 0, "picture size %dx%d is beyond the safety cap (%d per side, %lld pixels)",
                       coded_width, coded_height, CM_MAX_PICTURE_SIDE, (long long)converter->max_pixels);
    double display_width = coded_width * usable_sar(sar), display_height = coded_height;
    if (converter->rotation == 90 || converter->rotation == 270) {
        double swap = display_width;
        display_width = display_height;
        display_height = swap;
    }
    int64_t out_width, out_height;
    if (converter->width_request > 0) {
        // Like ffmpeg's scale=W:-2: the height keeps the aspect, rounded to even for 4:2:0 JPEG.
        out_width = converter->width_request;
        out_height = 2 * llround(out_width * display_height / display_width / 2.0);
        if (out_height < 2) out_height = 2;
    } else {
        out_width = llround(display_width);
        out_height = llround(display_height);
    }
    if (!within_caps(out_width, out_height, converter->max_pixels))
        return cm_fail(status, CM_E_LIMIT, 0, "a %lldx%lld picture is beyond the safety cap (%d per side, %lld pixels)",
                       (long long)out_width, (long long)out_height, CM_MAX_PICTURE_SIDE, (long long)converter->max_pixels);
    *width = (int)out_width;
    *height = (int)out_height;
    return CM_OK;
}

// yuvj* formats are yuv* in full range; naming the range instead keeps swscale
// from warning about deprecated formats.
static enum AVPixelFormat plain_format(enum AVPixelFormat format, int *full_range) {
    switch (format) {
    case AV_PIX_FMT_YUVJ420P: *full_range = 1; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = 1; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = 1; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = 1; return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: *full_range = 1; return AV_PIX_FMT_YUV411P;
    default: return format;
    }
}

// The YUV->RGB matrix the frame says it uses; like ffmpeg's scale filter,
// anything unknown is read as BT.601.
static int sws_colorspace(enum AVColorSpace space) {
    switch (space) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL: case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_ITU601;
    }
}

static int is_rgb_format(enum AVPixelFormat format) {
    const AVPixFmtDescriptor *descriptor = av_pix_fmt_desc_get(format);
    return descriptor && (descriptor->flags & AV_PIX_FMT_FLAG_RGB);
}

static int ensure_small_buffer(cm_picture_converter *converter, int width, int height, cm_status *status) {
    if (converter->small[0] && converter->small_width == width && converter->small_height == height) return CM_OK;
    av_freep(&converter->small[0]);
    int err = av_image_alloc(converter->small, converter->small_linesize, width, height, AV_PIX_FMT_YUV444P, 32);
    if (err < 0) return cm_fail(status, CM_E_NOMEM, err, "out of memory for a %dx%d picture", width, height);
    converter->small_width = width;
    converter->small_height = height;
    return CM_OK;
}

// Scales and converts one frame to RGB at width x height into (target, stride).
static int scale_to_rgb(cm_picture_converter *converter, const AVFrame *frame, int width, int height,
                        uint8_t *target, int stride, cm_status *status) {
    int full_range = frame->color_range == AVCOL_RANGE_JPEG;
    enum AVPixelFormat format = plain_format((enum AVPixelFormat)frame->format, &full_range);
    if (!sws_isSupportedInput(format))
        return cm_fail(status, CM_E_UNSUPPORTED, 0, "cannot convert pixel format %s",
                       av_get_pix_fmt_name(format) ? av_get_pix_fmt_name(format) : "unknown");
    const int *coefficients = sws_getCoefficients(sws_colorspace(frame->colorspace));
    uint8_t *rgb_planes[4] = {target, NULL, NULL, NULL};
    int rgb_strides[4] = {stride, 0, 0, 0};

    if (is_rgb_format(format)) { // nothing to gain from a YUV step
        converter->scaler = sws_getCachedContext(converter->scaler, frame->width, frame->height, format, width, height,
                                                 AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND, NULL, NULL, NULL);
        if (!converter->scaler) return cm_fail(status, CM_E_NOMEM, 0, "cannot set up the scaler");
        int rows = sws_scale(converter->scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                             rgb_planes, rgb_strides);
        return rows > 0 ? CM_OK : cm_fail(status, CM_E_DECODE, rows < 0 ? rows : 0, "scaling the picture failed");
    }

    // Step 1: downscale with a good filter, staying in YUV (values pass through unchanged).
    int result = ensure_small_buffer(converter, width, height, status);
    if (result != CM_OK) return result;
    converter->scaler = sws_getCachedContext(converter->scaler, frame->width, frame->height, format, width, height,
                                             AV_PIX_FMT_YUV444P, SWS_BICUBIC, NULL, NULL, NULL);
    if (!converter->scaler) return cm_fail(status, CM_E_NOMEM, 0, "cannot set up the scaler");
    int rows = sws_scale(converter->scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                         converter->small, converter->small_linesize);
    if (rows <= 0) return cm_fail(status, CM_E_DECODE, rows < 0 ? rows : 0, "scaling the picture failed");

    // Step 2: to RGB with the frame's matrix and range (like ffmpeg's scale filter, unknown is BT.601).
    converter->to_rgb = sws_getCachedContext(converter->to_rgb, width, height, AV_PIX_FMT_YUV444P, width, height,
                                             AV_PIX_FMT_RGB24, SWS_POINT | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                             NULL, NULL, NULL);
    if (!converter->to_rgb) return cm_fail(status, CM_E_NOMEM, 0, "cannot set up the colour conversion");
    // Cheap when nothing changed; needed after a cached context was rebuilt.
    sws_setColorspaceDetails(converter->to_rgb, coefficients, full_range, coefficients, 1, 0, 1 << 16, 1 << 16);
    rows = sws_scale(converter->to_rgb, (const uint8_t *const *)converter->small, converter->small_linesize, 0, height,
                     rgb_planes, rgb_strides);
    return rows > 0 ? CM_OK : cm_fail(status, CM_E_DECODE, rows < 0 ? rows : 0, "colour conversion failed");
}

static void rotate_into(const uint8_t *source, int source_stride, int source_width, int source_height,
                        int rotation, cm_picture_info *out) {
    for (int y = 0; y < out->height; y++) {
        uint8_t *dst = out->pixels + (size_t)y * out->stride;
        for (int x = 0; x < out->width; x++, dst += 3) {
            int sx, sy;
            switch (rotation) {
            case 90: sx = y; sy = source_height - 1 - x; break;                      // clockwise
            case 180: sx = source_width - 1 - x; sy = source_height - 1 - y; break;
            default: sx = source_width - 1 - y; sy = x; break;                        // 270 clockwise
            }
            const uint8_t *src = source + (size_t)sy * source_stride + 3 * (size_t)sx;
            dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2];
        }
    }
}

int cm_convert_frame(cm_picture_converter *converter, const AVFrame *frame, double time,
                     cm_picture **out, cm_status *status) {
    *out = NULL;
    // As av_guess_sample_aspect_ratio: a container that states the shape is believed over
    // the decoder (libdav1d reports 1:1 for AV1, whose bitstream has no SAR, even in an
    // AVI that says 16:9), then the frame, then the codec header.
    AVRational sar = converter->container_sar.num > 0 && converter->container_sar.den > 0 ? converter->container_sar
                   : frame->sample_aspect_ratio.num > 0 ? frame->sample_aspect_ratio : converter->stream_sar;
    int width = 0, height = 0;
    int result = cm_display_size(converter, frame->width, frame->height, sar, &width, &height, status);
    if (result != CM_OK) return result;
    int turned = converter->rotation == 90 || converter->rotation == 270;
    int scaled_width = turned ? height : width, scaled_height = turned ? width : height;
    cm_picture *picture = cm_picture_new(width, height, 0, 0, 0, status);
    if (!picture) return status ? status->code : CM_E_NOMEM;
    cm_picture_info info;
    cm_picture_describe(picture, &info);

    uint8_t *target = info.pixels;
    int target_stride = info.stride;
    if (converter->rotation != 0) {
        target_stride = (scaled_width * 3 + 31) & ~31;
        size_t needed = (size_t)target_stride * (size_t)scaled_height + 64; // swscale may touch a little past the end
        if (needed > converter->unrotated_size) {
            uint8_t *grown = realloc(converter->unrotated, needed);
            if (!grown) {
                cm_picture_free(picture);
                return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
            }
            converter->unrotated = grown;
            converter->unrotated_size = needed;
        }
        target = converter->unrotated;
    }
    result = scale_to_rgb(converter, frame, scaled_width, scaled_height, target, target_stride, status);
    if (result != CM_OK) {
        cm_picture_free(picture);
        return result;
    }
    if (converter->rotation != 0)
        rotate_into(target, target_stride, scaled_width, scaled_height, converter->rotation, &info);
    cm_picture_set_time(picture, time);
    *out = picture;
    cm_ok(status);
    return CM_OK;
}

void cm_converter_release(cm_picture_converter *converter) {
    sws_freeContext(converter->scaler);
    converter->scaler = NULL;
    sws_freeContext(converter->to_rgb);
    converter->to_rgb = NULL;
    av_freep(&converter->small[0]);
    free(converter->unrotated);
    converter->unrotated = NULL;
    converter->unrotated_size = 0;
}
