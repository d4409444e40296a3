// RGB pictures in memory: allocation, luma statistics, composition.
// No FFmpeg here; decoding fills these (frames_convert.c), encoding reads them (image_encode.c).
#include "cmedia_frames.h"
#include "internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Readable bytes after the last row, for SIMD readers that overshoot.
#define CM_PICTURE_TAIL_BYTES 64

struct cm_picture {
    int width, height, stride;
    uint8_t *pixels;
    double time;
};

cm_picture *cm_picture_new(int width, int height, uint8_t red, uint8_t green, uint8_t blue, cm_status *status) {
    if (width <= 0 || height <= 0 || width > CM_MAX_PICTURE_SIDE || height > CM_MAX_PICTURE_SIDE
        || (int64_t)width * height > CM_DEFAULT_MAX_PIXELS) {
        cm_fail(status, CM_E_LIMIT, 0, "picture size %dx%d is outside 1..%d per side or above %lld pixels",
                width, height, CM_MAX_PICTURE_SIDE, (long long)CM_DEFAULT_MAX_PIXELS);
        return NULL;
    }
    cm_picture *picture = calloc(1, sizeof *picture);
    // Rows padded to 32 bytes: swscale works faster on aligned rows. Its SIMD
    // code also reads a little past the last row, hence the tail.
    int stride = (width * 3 + 31) & ~31;
    uint8_t *pixels = calloc((size_t)stride * (size_t)height + CM_PICTURE_TAIL_BYTES, 1);
    if (!picture || !pixels) {
        free(picture);
        free(pixels);
        cm_fail(status, CM_E_NOMEM, 0, "out of memory for a %dx%d picture", width, height);
        return NULL;
    }
    picture->width = width;
    picture->height = height;
    picture->stride = stride;
    picture->pixels = pixels;
    picture->time = CM_NO_TIME;
    cm_picture_fill_rect(picture, 0, 0, width, height, red, green, blue);
    cm_ok(status);
    return picture;
}

void cm_picture_free(cm_picture *picture) {
    if (!picture) return;
    free(picture->pixels);
    free(picture);
}

void cm_picture_describe(const cm_picture *picture, cm_picture_info *out) {
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!picture) return;
    out->width = picture->width;
    out->height = picture->height;
    out->stride = picture->stride;
    out->pixels = picture->pixels;
    out->time = picture->time;
}

void cm_picture_set_time(cm_picture *picture, double time) {
    if (picture) picture->time = time;
}

// BT.601 luma in 0..255 from full-range RGB, in integer arithmetic (weights sum to 256).
static inline int luma_of(const uint8_t *rgb) {
    return (77 * rgb[0] + 150 * rgb[1] + 29 * rgb[2] + 128) >> 8;
}

void cm_picture_luma_histogram(const cm_picture *picture, uint32_t *bins) {
    if (!bins) return;
    memset(bins, 0, 256 * sizeof *bins);
    if (!picture) return;
    for (int y = 0; y < picture->height; y++) {
        const uint8_t *row = picture->pixels + (size_t)y * picture->stride;
        for (int x = 0; x < picture->width; x++) bins[luma_of(row + 3 * x)]++;
    }
}

void cm_picture_luma_stats(const cm_picture *picture, cm_luma_stats *out) {
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!picture) return;
    uint32_t bins[256];
    cm_picture_luma_histogram(picture, bins);
    double count = (double)picture->width * picture->height;
    double sum = 0, dark = 0;
    for (int v = 0; v < 256; v++) {
        sum += (double)v * bins[v];
        if (v < 32) dark += bins[v];
    }
    double mean = sum / count;
    double squares = 0;
    for (int v = 0; v < 256; v++) squares += (v - mean) * (v - mean) * bins[v];
    out->mean = mean;
    out->stddev = sqrt(squares / count);
    out->dark_fraction = dark / count;
}

// Intersects [x, x+width) x [y, y+height) with the picture; 0 if nothing is left.
static int clip_rect(const cm_picture *picture, int *x, int *y, int *width, int *height) {
    int x0 = *x < 0 ? 0 : *x, y0 = *y < 0 ? 0 : *y;
    int64_t x1 = (int64_t)*x + *width, y1 = (int64_t)*y + *height;
    if (x1 > picture->width) x1 = picture->width;
    if (y1 > picture->height) y1 = picture->height;
    if (x1 <= x0 || y1 <= y0) return 0;
    *x = x0; *y = y0; *width = (int)(x1 - x0); *height = (int)(y1 - y0);
    return 1;
}

void cm_picture_fill_rect(cm_picture *picture, int x, int y, int width, int height,
                          uint8_t red, uint8_t green, uint8_t blue) {
    if (!picture || !clip_rect(picture, &x, &y, &width, &height)) return;
    for (int row = y; row < y + height; row++) {
        uint8_t *p = picture->pixels + (size_t)row * picture->stride + 3 * (size_t)x;
        for (int i = 0; i < width; i++, p += 3) { p[0] = red; p[1] = green; p[2] = blue; }
    }
}

void cm_picture_blit(cm_picture *dst, const cm_picture *src, int x, int y) {
    if (!dst || !src) return;
    int cx = x, cy = y, width = src->width, height = src->height;
    if (!clip_rect(dst, &cx, &cy, &width, &height)) return;
    int src_x = cx - x, src_y = cy - y;
    for (int row = 0; row < height; row++) {
        memcpy(dst->pixels + (size_t)(cy + row) * dst->stride + 3 * (size_t)cx,
               src->pixels + (size_t)(src_y + row) * src->stride + 3 * (size_t)src_x,
               3 * (size_t)width);
    }
}
