// cmedia_frames.h: pictures from video. Decode keyframes or the frame at a
// time, scale (display aspect, rotation applied to the pixels), measure,
// compose, and encode as JPEG or PNG in memory.
//
// Same conventions as cmedia.h: CM_OK or a negative CM_E_* code, a cm_status
// with the reason, opaque handles freed by their *_close / *_free function.
// A cm_frame_reader borrows its cm_media: close the reader before the media,
// and use the pair from one thread at a time (one cm_media per parallel task).
#ifndef CLIPCOACH_CMEDIA_FRAMES_H
#define CLIPCOACH_CMEDIA_FRAMES_H

#include "cmedia.h"

#ifdef __cplusplus
extern "C" {
#endif

// Returned by cm_frame_reader_next_keyframe / _picture_at when there is no
// (further) picture: the end of a range or of the file. Not an error.
#define CM_END 1

// Safety caps against hostile input (CM_E_LIMIT when exceeded): the largest
// side and pixel count of a decoded picture, and of a picture we produce.
#define CM_MAX_PICTURE_SIDE 16384
#define CM_DEFAULT_MAX_PIXELS (100LL * 1000 * 1000)

// ---------------------------------------------------------------- pictures

// An 8-bit RGB picture (3 bytes per pixel, rows top to bottom) in memory.
typedef struct cm_picture cm_picture;

typedef struct cm_picture_info {
    int width, height;
    int stride;          // bytes from one row to the next
    uint8_t *pixels;     // owned by the picture
    double time;         // presentation time of the source frame (seconds), CM_NO_TIME for a canvas
} cm_picture_info;

// A picture filled with one colour (a canvas to compose on). NULL on failure.
cm_picture *cm_picture_new(int width, int height, uint8_t red, uint8_t green, uint8_t blue, cm_status *status);
void cm_picture_free(cm_picture *picture);
void cm_picture_describe(const cm_picture *picture, cm_picture_info *out);
void cm_picture_set_time(cm_picture *picture, double time);

// Luma (BT.601 weights of the RGB values, 0..255) of the picture.
typedef struct cm_luma_stats {
    double mean;
    double stddev;
    double dark_fraction;    // share of pixels with luma below 32: near 1 for black frames
} cm_luma_stats;

void cm_picture_luma_stats(const cm_picture *picture, cm_luma_stats *out);
// Counts of pixels per luma value: bins must hold 256 entries.
void cm_picture_luma_histogram(const cm_picture *picture, uint32_t *bins);

// Copies src onto dst with its top-left corner at (x, y), clipped to dst.
void cm_picture_blit(cm_picture *dst, const cm_picture *src, int x, int y);
void cm_picture_fill_rect(cm_picture *picture, int x, int y, int width, int height,
                          uint8_t red, uint8_t green, uint8_t blue);

// A time label drawn with the built-in 5x7 font (digits, ':', '.', '-', space;
// other characters are left blank), white on a black box, each font pixel
// scale x scale. Its top-left corner is (x, y); clipped to the picture.
void cm_picture_draw_label(cm_picture *picture, const char *text, int x, int y, int scale);
// Width and height in pixels cm_picture_draw_label would cover.
void cm_label_size(const char *text, int scale, int *width, int *height);

// ---------------------------------------------------------------- encoding

enum cm_image_format {
    CM_IMAGE_JPEG = 0,   // baseline JPEG, full-range YUV 4:2:0, BT.601 (JFIF)
    CM_IMAGE_PNG = 1,    // 8-bit RGB
};

typedef struct cm_image {
    uint8_t *data;       // owned, free with cm_image_free
    size_t size;
} cm_image;

void cm_image_free(cm_image *image);

// Keeps one encoder open across pictures of the same size (reopened when the size changes).
typedef struct cm_image_encoder cm_image_encoder;

// quality: JPEG quantiser 2 (best) .. 31; 0 picks 3. Ignored for PNG.
int cm_image_encoder_open(int format, int quality, cm_image_encoder **out, cm_status *status);
void cm_image_encoder_close(cm_image_encoder *encoder);
int cm_image_encode(cm_image_encoder *encoder, const cm_picture *picture, cm_image *out, cm_status *status);

// ---------------------------------------------------------------- decoding

typedef struct cm_frame_reader cm_frame_reader;

typedef struct cm_reader_options {
    int width;           // width of the pictures as displayed (after SAR and rotation);
                         // the height follows the display aspect, rounded to even. 0: display size
    int threads;         // decoder threads: 0 lets FFmpeg choose, 1 decodes on the calling thread
    int64_t max_pixels;  // cap on a decoded or produced picture; 0: CM_DEFAULT_MAX_PIXELS
} cm_reader_options;

// Opens a decoder for the main video stream of media. CM_E_NO_STREAM if it has
// none (audio only), CM_E_UNSUPPORTED if FFmpeg has no decoder for it.
int cm_frame_reader_open(cm_media *media, const cm_reader_options *options,
                         cm_frame_reader **out, cm_status *status);
void cm_frame_reader_close(cm_frame_reader *reader);

// The size pictures will have, from the stream's declared size, SAR and
// rotation (a frame of another size, after a mid-stream change, differs).
int cm_frame_reader_output_size(const cm_frame_reader *reader, int *width, int *height);

// Starts decoding the keyframes whose presentation time lies in [start, end).
// Pass CM_NO_TIME as start for "from the beginning" and as end for "to the end".
// Only keyframe packets reach the decoder, and it is told to skip the rest, so
// every codec (VP9 and AV1 ignore the hint) decodes keyframes only.
int cm_frame_reader_begin_keyframes(cm_frame_reader *reader, double start, double end, cm_status *status);
// The next keyframe picture of the range: CM_OK with *out set (free it with
// cm_picture_free), CM_END when the range is done, or an error.
int cm_frame_reader_next_keyframe(cm_frame_reader *reader, cm_picture **out, cm_status *status);

enum cm_seek_mode {
    CM_SEEK_EXACT = 0,     // the first frame with presentation time >= time (the last frame if none)
    CM_SEEK_KEYFRAME = 1,  // the last keyframe at or before time (the first keyframe if none): fast
};

// One picture near `time`: CM_OK with *out set, CM_END if the stream has no frame at all.
// Successive calls with increasing times decode forward instead of seeking when that is cheaper.
int cm_frame_reader_picture_at(cm_frame_reader *reader, double time, int mode,
                               cm_picture **out, cm_status *status);

#ifdef __cplusplus
}
#endif
#endif
