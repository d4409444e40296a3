// Private to CMedia: MP4 composition offsets read from the sample table.
#ifndef CLIPCOACH_CMEDIA_MP4_CTTS_H
#define CLIPCOACH_CMEDIA_MP4_CTTS_H

#include <stddef.h>
#include <stdint.h>

// For the track with tkhd id `track_id` of the MP4/MOV file at `path`, stores in
// offsets[i] the ctts composition offset of sample number samples[i] (ascending,
// counted from 0). Fails (-1) unless the track's stsz lists exactly
// `expected_samples` samples and it has a ctts box covering them; 0 on success.
int cm_mp4_composition_offsets(const char *path, int track_id, int64_t expected_samples,
                               const int64_t *samples, size_t count, int64_t *offsets);

// Cuts the presentation of track `track_id` short at `seconds` (movie time) by
// shortening its last edit-list entry and the tkhd duration, in place. Frames decoded
// only as references for earlier ones (B-frames) then stay in the file unseen. 0 on
// success or when the track already ends by then; -1 when the file has no such edit list.
int cm_mp4_limit_presentation(const char *path, int track_id, double seconds);

#endif
