// Private to CMedia: the FFmpeg-side definitions behind the opaque handles.
#ifndef CLIPCOACH_CMEDIA_INTERNAL_H
#define CLIPCOACH_CMEDIA_INTERNAL_H

#include "cmedia.h"
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <stdatomic.h>

#define CM_LAYOUT_TEXT 64

struct cm_media {
    AVFormatContext *format;
    char *path;
    char (*layouts)[CM_LAYOUT_TEXT];   // one channel-layout description per stream
    int64_t deadline;                  // av_gettime_relative() past which reading is interrupted
    // The stream whose MP4 sync-sample table cm_media_keyframes last confirmed against the
    // packets (its keyframe list is the table's), -1 if none: see cm_copy_can_skip_parsers.
    int confirmed_index_stream;
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
static inline int cm_is_time(double t) { return t > CM_NO_TIME / 2; }
// Times closer than this are the same instant: callers give times to the
// millisecond, time bases round, and no two frames are this close.
#define CM_SAME_TIME 0.0005
// A packet's presentation time (its decode time where it has none).
double cm_packet_time(const AVPacket *packet, AVRational time_base);
// A packet's decode time (its presentation time where it has none).
double cm_packet_decode_time(const AVPacket *packet, AVRational time_base);
// Where a packet stops being shown: its time plus its duration (its time if it has none).
double cm_packet_end_time(const AVPacket *packet, AVRational time_base);
// A frame's presentation time; decoders without pts (AVI) still have a best guess.
double cm_frame_time(const AVFrame *frame, AVRational time_base);
// The timestamp the cutters place a decoded frame by: FFmpeg's best effort (which
// corrects faulty pts from dts), else its pts; AV_NOPTS_VALUE if it has neither.
int64_t cm_frame_timestamp(const AVFrame *frame);
// The timestamp nearest to seconds in time_base.
int64_t cm_stream_timestamp(double seconds, AVRational time_base);

// Clockwise rotation (0, 90, 180, 270) that displays the stream upright, from
// its display matrix. Version differences for side data live here.
double cm_stream_rotation(const AVStream *stream);
// The raw 3x3 display matrix of the stream, or NULL.
const int32_t *cm_stream_display_matrix(const AVStream *stream);

// Moves the demuxer to the keyframe at or before `seconds` of the stream, else to the
// beginning of the file. Returns < 0 (and logs) only when neither worked: the read then
// goes on from where the file stands, which a caller may accept (a non-seekable input).
int cm_seek_before(AVFormatContext *format, int stream_index, double seconds);

// ---- the MP4 keyframe table (frames_index.c), shared by the keyframe list and the frame reader
// Whether an MP4 stream's index evidently lists every sample (fragmented files index
// only what was read so far): only then is its keyframe table trusted.
int cm_mov_index_is_complete(const AVFormatContext *format, const AVStream *stream);
// Index entry i if it is a keyframe that is shown and whose bytes are in the file,
// else NULL; *past_end when the file (truncated) ends before its bytes.
const AVIndexEntry *cm_index_keyframe_entry(const AVStream *stream, int i, int64_t file_size, int *past_end);
// Reads the packet at decode time dts: 1 when it is the keyframe the table promised
// (packet filled), 0 when the table lies there (packet empty).
int cm_read_indexed_keyframe(AVFormatContext *format, int stream_index, int64_t dts, AVPacket *packet);

// The picture-size cap of a video decoder, enforced where each picture is allocated.
typedef struct cm_size_cap {
    int64_t max_pixels;        // 0: CM_DEFAULT_MAX_PIXELS
    // Width << 32 | height of a picture the decoder wanted and the cap refused
    // (set from decoder threads), 0 if none.
    _Atomic int64_t refused;
} cm_size_cap;

// Opens a decoder for stream with `threads` (0: automatic). cap (video; NULL for
// audio) must outlive the decoder. *out is set even on failure: the caller frees it.
int cm_open_decoder(const AVStream *stream, int threads, cm_size_cap *cap, AVCodecContext **out, cm_status *status);
// CM_E_LIMIT if the decoder met a picture beyond the cap, else CM_OK.
int cm_size_cap_check(cm_size_cap *cap, cm_status *status);

// Declares a custom get_buffer2 callback safe to call from decoder threads.
// FFmpeg 5.x needs the (deprecated) flag or it funnels every call through one
// thread; from 6.0 every callback must be thread-safe and the flag is gone.
void cm_mark_callbacks_thread_safe(AVCodecContext *context);

#endif
