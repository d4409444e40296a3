// cmedia.h: ClipCoach's small, stable C API over FFmpeg.
//
// Only plain C types cross this boundary: opaque handles, plain structs and
// int status codes. Every FFmpeg struct stays inside Sources/CMedia, so a new
// FFmpeg major version means changes in this folder only.
//
// Conventions
// - Functions return CM_OK (0) or a negative CM_E_* code, and fill a
//   cm_status with the code, the underlying FFmpeg error (0 if none) and a
//   one-line message. A NULL cm_status is allowed.
// - Strings in returned structs are owned by the handle they came from and
//   stay valid until that handle is closed.
// - Times are seconds as double; CM_NO_TIME marks "unknown".
#ifndef CLIPCOACH_CMEDIA_H
#define CLIPCOACH_CMEDIA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CM_NO_TIME (-1.0e300)

enum cm_code {
    CM_OK = 0,
    CM_E_OPEN = -1,          // cannot open or read the file at all
    CM_E_FORMAT = -2,        // not a media file FFmpeg can demux
    CM_E_NO_STREAM = -3,     // no usable stream of the needed kind (e.g. no video)
    CM_E_INVALID = -4,       // bad argument from the caller
    CM_E_DECODE = -5,        // damaged data, decoder failure
    CM_E_ENCODE = -6,        // encoder or muxer failure
    CM_E_WRITE = -7,         // cannot write output (disk full, permission)
    CM_E_NOMEM = -8,         // allocation failed
    CM_E_LIMIT = -9,         // a safety limit was hit (picture too large, probe too long)
    CM_E_CANCELLED = -10,    // the progress callback asked to stop
    CM_E_UNSUPPORTED = -11,  // codec or container combination not supported
    CM_E_NEEDS_REENCODE = -12, // stream copy cannot make a valid clip of this file
};

typedef struct cm_status {
    int code;              // enum cm_code
    int av_error;          // the FFmpeg AVERROR behind it, 0 if none
    char message[512];     // one line, no trailing newline
} cm_status;

// ---------------------------------------------------------------- logging

// FFmpeg's own log is routed here. level uses FFmpeg's scale (16 error,
// 24 warning, 32 info, 48 debug); line has no trailing newline.
typedef void (*cm_log_fn)(int level, const char *line);
// Installs the callback and the most verbose level that reaches it.
void cm_log_install(cm_log_fn fn, int max_level);

// Library versions, for `clipcoach --version` and bug reports.
const char *cm_ffmpeg_version(void);

// ---------------------------------------------------------------- probing

typedef struct cm_media cm_media;   // an open, demuxable file

// Caps against hostile input while a file is opened and its streams are found.
#define CM_DEFAULT_OPEN_SECONDS 20

typedef struct cm_open_limits {
    int64_t probe_bytes;          // bytes read to find streams; 0: 5 MB
    int64_t analyze_microseconds; // media time analysed to find streams; 0: 5 s
    int64_t open_seconds;         // wall-clock limit for opening; 0: CM_DEFAULT_OPEN_SECONDS (CM_E_LIMIT)
} cm_open_limits;

// Opens path and reads its stream parameters. On failure *out is NULL.
int cm_media_open(const char *path, const cm_open_limits *limits, cm_media **out, cm_status *status);
void cm_media_close(cm_media *media);

typedef struct cm_format_info {
    const char *container;       // short demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    const char *container_long;
    double duration;             // CM_NO_TIME if the container does not say
    double start_time;           // CM_NO_TIME if unknown
    int64_t size;                // bytes, -1 if unknown
    int64_t bit_rate;            // bits/s, 0 if unknown
    const char *creation_time;   // ISO 8601 from metadata, or NULL
    int has_location;            // 1 if GPS/location metadata is present
    int stream_count;
} cm_format_info;

int cm_media_format_info(const cm_media *media, cm_format_info *out);

enum cm_stream_kind {
    CM_KIND_VIDEO = 0,
    CM_KIND_AUDIO = 1,
    CM_KIND_SUBTITLE = 2,
    CM_KIND_DATA = 3,
    CM_KIND_ATTACHMENT = 4,
    CM_KIND_UNKNOWN = 5,
};

typedef struct cm_stream_info {
    int index;
    int kind;                    // enum cm_stream_kind
    const char *codec;           // e.g. "h264"
    const char *profile;         // e.g. "High", or NULL
    int width, height;           // coded picture size, 0 for non-video
    int sar_num, sar_den;        // sample aspect ratio, 0/1 if unknown
    int display_width, display_height; // after SAR and rotation
    const char *pixel_format;    // or NULL
    int avg_rate_num, avg_rate_den;   // average frame rate, 0/0 if unknown
    int real_rate_num, real_rate_den; // nominal (lowest common) frame rate
    int variable_frame_rate;     // 1 if the average and nominal rates differ
    double rotation;             // clockwise degrees to display upright: 0, 90, 180, 270
    int sample_rate;
    int channels;
    const char *channel_layout;  // e.g. "stereo", or NULL
    const char *language;        // ISO 639 from metadata, or NULL
    double start_time;           // CM_NO_TIME if unknown
    double duration;             // CM_NO_TIME if unknown
    int64_t bit_rate;
    int is_attached_picture;     // cover art, not a real video stream
} cm_stream_info;

int cm_media_stream_info(const cm_media *media, int stream_index, cm_stream_info *out);

// The main video stream (FFmpeg's best guess, never cover art), or -1.
int cm_media_best_video_stream(const cm_media *media);

// ---------------------------------------------------------------- keyframes

enum cm_keyframe_source {
    CM_KEYFRAMES_FROM_INDEX = 0, // the container's own table (MP4 stss, Matroska cues)
    CM_KEYFRAMES_FROM_SCAN = 1,  // packet flags, read without decoding
};

typedef struct cm_keyframes {
    double *times;   // presentation times in seconds, ascending
    size_t count;
    int source;      // enum cm_keyframe_source
} cm_keyframes;

// Fills out with the keyframe times of stream_index. Free with cm_keyframes_free.
int cm_media_keyframes(cm_media *media, int stream_index, cm_keyframes *out, cm_status *status);
void cm_keyframes_free(cm_keyframes *keyframes);


// ---------------------------------------------------------------- progress

// Called now and then during long work with the fraction done (0...1).
// Return non-zero to stop: the call then fails with CM_E_CANCELLED.
typedef int (*cm_progress_fn)(void *context, double fraction);

// ---------------------------------------------------------------- cutting

// One clip to cut. Times are seconds on the source's timeline.
typedef struct cm_clip_request {
    double start;                // where the clip should start (copy: a keyframe time)
    double end;                  // where it should end; CM_NO_TIME means the end of the file
    const char *output_path;     // where to write (the caller renames it when all is done)
    const char *container;       // FFmpeg muxer name: "mp4", "matroska", "mpegts", ...
    double decode_from;          // re-encode: the keyframe at or before start (CM_NO_TIME: seek by start)
} cm_clip_request;

typedef struct cm_cut_options {
    int keep_data;               // copy data streams (timecode, GPS tracks) too
    int keep_location;           // keep GPS / location metadata
    int drop_metadata;           // copy: write no container or stream metadata (title, comment, artist,
                                 // encoder, handler names...): for copies that leave the library
    int drop_subtitles;          // leave subtitle tracks out (their words may come from another classroom)
    int faststart;               // MP4: put the index before the media data
    cm_progress_fn progress;     // may be NULL
    void *progress_context;
    // Re-encode only
    int height;                  // scale to this height (0: keep), width follows the display aspect
    int crf;                     // x264 constant rate factor (0: 23)
    const char *preset;          // x264 preset (NULL: "veryfast")
} cm_cut_options;

#define CM_MAX_CLIP_STREAMS 32

// What one clip holds after cutting. Times are seconds on the source's timeline.
typedef struct cm_clip_result {
    double actual_start;         // presentation time of the first video frame shown
    double actual_end;           // end of the last video frame written
    double first_video_time;     // earliest video pts written, CM_NO_TIME if none
    double first_audio_time;     // earliest audio pts written, CM_NO_TIME if none
    int stream_count;            // streams written
    int source_streams[CM_MAX_CLIP_STREAMS]; // source index of each written stream
    int64_t packets_written;
    int dropped_streams;         // streams the container could not hold (see log)
    int64_t damaged_packets;     // packets left out because the file is damaged there
    double data_end;             // where readable data ended if before the clip's end, else CM_NO_TIME
} cm_clip_result;

// Stream-copies `count` clips in one read of the file. Video starts at each
// request's start, which must be a keyframe time; every packet is routed to
// every clip whose window holds it. Stops at the first write error.
int cm_cut_copy(cm_media *media, const cm_clip_request *requests, size_t count,
                const cm_cut_options *options, cm_clip_result *results, cm_status *status);

// Decodes and encodes (H.264 + AAC in MP4) frame-accurately, one clip at a time.
int cm_cut_reencode(cm_media *media, const cm_clip_request *request,
                    const cm_cut_options *options, cm_clip_result *result, cm_status *status);

// Frame-accurate and lossless after the start: the frames from request->start to the
// first keyframe after it are re-encoded with the source's codec and parameters
// (decoded from request->decode_from), every packet from that keyframe on is copied.
// Other streams are copied as in cm_cut_copy. CM_E_UNSUPPORTED for codecs it cannot
// re-encode that way (see cm_smart_cut_supported).
int cm_cut_smart(cm_media *media, const cm_clip_request *request,
                 const cm_cut_options *options, cm_clip_result *result, cm_status *status);
// Whether cm_cut_smart can cut this stream (H.264 or HEVC, with an encoder for its pixel format).
int cm_smart_cut_supported(const cm_media *media, int stream_index);

// Whether muxer `container` can hold this stream's codec as is.
int cm_container_accepts(const cm_media *media, int stream_index, const char *container);

// ---------------------------------------------------------------- audio

typedef struct cm_audio cm_audio;   // pull decoder over the main audio stream

// Opens the main audio stream of media for decoding to mono 32-bit float at sample_rate
// (e.g. 16000). CM_E_NO_STREAM if there is none. The media handle must outlive the audio
// handle and is used for nothing else meanwhile (other streams are discarded while it is open).
int cm_audio_open(cm_media *media, int sample_rate, cm_audio **out, cm_status *status);
// Fills buffer with up to capacity samples; *count < capacity only at the end (0: done).
// Damaged packets are skipped and counted.
int cm_audio_read(cm_audio *audio, float *buffer, size_t capacity, size_t *count, cm_status *status);
// Presentation time of the first decoded sample, CM_NO_TIME before the first read.
double cm_audio_first_time(const cm_audio *audio);
int64_t cm_audio_damaged_packets(const cm_audio *audio);
void cm_audio_close(cm_audio *audio);

#ifdef __cplusplus
}
#endif
#endif
