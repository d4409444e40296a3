// Private to CMedia: output-file plumbing shared by the copy and re-encode cutters.
#ifndef CLIPCOACH_CMEDIA_CUT_OUTPUT_H
#define CLIPCOACH_CMEDIA_CUT_OUTPUT_H
#include "internal.h"

int cm_is_location_key(const char *key);
// Copies metadata entries, leaving out GPS / location keys unless asked.
void cm_copy_metadata(AVDictionary **to, const AVDictionary *from, int keep_location);
// Allocates a muxer context for container writing to path.
int cm_output_open(AVFormatContext **out, const char *path, const char *container, cm_status *status);
// Opens the file and writes the header (MP4: +faststart when asked).
int cm_output_begin(AVFormatContext *mux, const char *path, int faststart, cm_status *status);
// Writes the trailer and closes the file, reporting any write error (disk full).
int cm_output_finish(AVFormatContext *mux, int header_written, cm_status *status);
void cm_output_free(AVFormatContext **mux);
// Copies the display matrix (rotation) of a stream: version-specific, in version_compat.c.
int cm_copy_display_matrix(AVStream *to, const AVStream *from);
// A decoded frame's duration in seconds (0 if unknown): the field was renamed in FFmpeg 6.
double cm_frame_duration_seconds(const AVFrame *frame, AVRational time_base);
#endif
