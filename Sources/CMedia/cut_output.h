// Private to CMedia: output-file plumbing shared by the copy and re-encode cutters.
#ifndef CLIPCOACH_CMEDIA_CUT_OUTPUT_H
#define CLIPCOACH_CMEDIA_CUT_OUTPUT_H
#include "internal.h"

int cm_is_location_key(const char *key);
// Copies metadata entries, leaving out GPS / location keys unless asked.
void cm_copy_metadata(AVDictionary **to, const AVDictionary *from, int keep_location);
// Allocates a muxer context for container writing to path.
int cm_output_open(AVFormatContext **out, const char *path, const char *container, cm_status *status);
// Room to reserve at the front of an MP4 for the index of `seconds` of the kept
// streams (kept_streams: per input stream, non-zero if written; NULL: all).
int64_t cm_index_reserve_bytes(const AVFormatContext *input, const int *kept_streams, double seconds);
// Opens the file and writes the header. MP4 with faststart: the index goes at the
// front, into reserve_index_bytes of reserved room if > 0, else by a second pass.
int cm_output_begin(AVFormatContext *mux, const char *path, int faststart, int64_t reserve_index_bytes,
                    cm_status *status);
// Writes the trailer and closes the file, reporting any write error (disk full).
int cm_output_finish(AVFormatContext *mux, int header_written, cm_status *status);
void cm_output_free(AVFormatContext **mux);
// Whether copy and smart cuts keep this stream (never cover art; data only if asked).
int cm_stream_is_kept(const AVStream *stream, const cm_cut_options *options);
// Adds an output stream, parameters copied, for every kept input stream the container
// can hold (output_of[i]: its output index, else -1; others are counted as dropped).
// CM_E_UNSUPPORTED when the container cannot hold the video.
int cm_add_copied_streams(AVFormatContext *in, int video, const cm_cut_options *options, AVFormatContext *mux,
                          int *output_of, cm_clip_result *result, cm_status *status);
// Copies the display matrix (rotation) of a stream: version-specific, in version_compat.c.
int cm_copy_display_matrix(AVStream *to, const AVStream *from);
// A decoded frame's duration in seconds (0 if unknown): the field was renamed in FFmpeg 6.
double cm_frame_duration_seconds(const AVFrame *frame, AVRational time_base);

// The decoding cutters open a clip on the frame on screen at START: the last frame
// before START, unless a frame falls on START itself. Until the clip's first frame is
// known, each decoded frame (at t seconds) is one step:
enum cm_start_step {
    CM_START_HOLD = 0,           // before START: kept in `held`, it may be the one on screen at START
    CM_START_OPEN = 1,           // the clip opens with this frame
    CM_START_OPEN_WITH_HELD = 2, // START falls inside the held frame: it goes first, then this one
};
// Returns an enum cm_start_step, or an AVERROR when the frame cannot be kept.
int cm_start_step(AVFrame *held, int *has_held, AVFrame *frame, double t, double start);
#endif
