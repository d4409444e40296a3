// Private to CMedia: turning decoded AVFrames into display-ready RGB pictures,
// shared by the frame reader (frames.c) and the converter (frames_convert.c).
#ifndef CLIPCOACH_CMEDIA_FRAMES_INTERNAL_H
#define CLIPCOACH_CMEDIA_FRAMES_INTERNAL_H
#include "internal.h"
#include "cmedia_frames.h"
#include <stdatomic.h>

struct SwsContext;

typedef struct cm_picture_converter {
    int width_request;         // displayed width wanted, 0: display size
    int rotation;              // clockwise degrees: 0, 90, 180, 270
    AVRational stream_sar;     // used when a frame carries no sample aspect ratio
    AVRational container_sar;  // the container's own (AVI vprp, MP4 pasp): wins over the frame's, as in FFmpeg
    int64_t max_pixels;
    // Two steps, both cached across frames of one size: the costly downscale
    // from the decoded size stays in planar YUV (swscale's fast paths), then
    // the small picture becomes RGB with accurate rounding and full chroma.
    struct SwsContext *scaler;     // decoded frame -> small YUV 4:4:4 (or straight to RGB for RGB sources)
    struct SwsContext *to_rgb;     // small YUV 4:4:4 -> RGB
    uint8_t *small[4];             // the small YUV picture (av_image_alloc)
    int small_linesize[4];
    int small_width, small_height;
    uint8_t *unrotated;            // RGB before rotation, reused
    size_t unrotated_size;
} cm_picture_converter;

// Size of the displayed picture for a coded size: SAR applied, turned by the
// rotation, scaled to the requested width (height rounded to even). CM_E_LIMIT
// when the coded or resulting picture is beyond the caps.
int cm_display_size(const cm_picture_converter *converter, int coded_width, int coded_height, AVRational sar,
                    int *width, int *height, cm_status *status);

// Scales, converts and rotates one frame into a new picture stamped with time.
int cm_convert_frame(cm_picture_converter *converter, const AVFrame *frame, double time,
                     cm_picture **out, cm_status *status);

void cm_converter_release(cm_picture_converter *converter);

// Keyframes straight from an MP4 sample table: a seek and one read per
// keyframe, so only the keyframes' bytes are read (a fraction of the file).
typedef struct cm_index_walk {
    int active;
    int next_entry;         // next index entry to consider
    int64_t file_size;      // entries past the end of a truncated file are not there
    double failed_at;       // where the table and the packets disagreed, CM_NO_TIME if they did not
} cm_index_walk;

// Starts a walk when the stream's index evidently lists every sample (cm_mov_index_is_complete).
void cm_index_walk_begin(cm_index_walk *walk, AVFormatContext *format, const AVStream *stream);
// The next keyframe packet whose decode time may put it in [start, end) (CM_NO_TIME: unbounded):
// 1 with packet filled, 0 when there is no more, -1 when the packet read is not the keyframe the
// table promised (walk->failed_at says where; read in order from there instead).
int cm_index_walk_next(cm_index_walk *walk, AVFormatContext *format, int stream_index,
                       double start, double end, AVPacket *packet);

// ---------------------------------------------------------------- the frame reader
// Shared by frames.c (opening, seeking, reading), frames_keyframes.c and frames_seek.c.

// A decoder that reports this many broken pictures in a row is not worth waiting for.
#define CM_MAX_DECODE_ERRORS_IN_A_ROW 64
// More than any decoder holds back (frame threads plus reordering delay).
#define CM_SENT_TIMES_CAPACITY 128
// Seeks that land after their target are retried this many times, further back each time.
#define CM_BACK_OFF_STEPS 4

enum cm_reader_mode { CM_MODE_IDLE, CM_MODE_KEYFRAMES, CM_MODE_EXACT, CM_MODE_FAST };

struct cm_frame_reader {
    AVFormatContext *format;       // borrowed from the cm_media
    AVStream *stream;
    int stream_index;
    enum AVDiscard *saved_discard; // every stream's discard setting before we opened, restored on close
    AVCodecContext *decoder;
    AVPacket *packet;
    AVPacket *chosen;              // fast mode: the keyframe packet picked to decode
    AVFrame *frame;
    AVFrame *held;                 // exact mode: the last frame decoded, returned again if still the answer
    double held_time;
    cm_picture_converter converter;

    // Keyframe mode: times of the packets sent and not yet seen come out, in order.
    // Frames of files without pts (AVI) get their time from here: with frame
    // threads a frame's own dts is that of a later packet.
    double sent_times[CM_SENT_TIMES_CAPACITY];
    int sent_head, sent_count;

    enum cm_reader_mode mode;
    int input_done;                // the decoder was told the input ended
    int seek_step;                 // back-off step of the last seek, CM_BACK_OFF_STEPS: from the start
    int first_after_seek;          // nothing read (keyframe modes) or decoded (exact) since the last seek
    int64_t packets_since_seek;    // of our stream (of its keyframes in keyframe modes)
    double range_start, range_end; // keyframe mode; CM_NO_TIME: unbounded
    cm_index_walk walk;            // keyframe mode over a complete MP4 table
    double last_fed_time;          // keyframe mode: time of the last packet sent, CM_NO_TIME if none
    double last_request;           // exact mode: the time asked for last
    int exact_position_valid;      // exact mode: the decoder state follows on from the last request
    cm_size_cap cap;               // the decoder's picture-size cap
};


// Keyframe modes tell the decoder to skip the rest; exact mode decodes everything.
void cm_reader_set_mode(cm_frame_reader *reader, enum cm_reader_mode mode);
// Moves the demuxer to the keyframe at or before target minus the back-off of
// `step`; CM_NO_TIME or the last step means the beginning. The decoder keeps what it has.
void cm_reader_reposition(cm_frame_reader *reader, double target, int step);
// Starts an unrelated stretch: the decoder forgets what it had, then reposition.
void cm_reader_seek_near(cm_frame_reader *reader, double target, int step);
int cm_reader_can_back_off(const cm_frame_reader *reader);
// A seek that found nothing of our stream before the end of the file landed
// past the last keyframe (MPEG-TS): the caller seeks further back.
int cm_reader_landed_past_the_end(const cm_frame_reader *reader);
// Reads our stream's next packet (keyframes only, if asked) into reader->packet:
// 1 if there is one, 0 at the end of the input (or a damaged tail).
int cm_reader_read_packet(cm_frame_reader *reader, int keyframes_only);
// How a keyframe walk seeks further back: cm_reader_reposition (the decoder keeps what it
// has) or cm_reader_seek_near (it starts afresh).
typedef void (*cm_reader_back_off)(cm_frame_reader *reader, double target, int step);
// The one keyframe walk after a seek towards `target` (CM_NO_TIME: from where the reader
// stands): reads the next keyframe packet into reader->packet and its time into *time. A seek
// that landed past the end, or whose first keyframe is later than target (keyframes may have
// been skipped), backs off further through `back_off` and reads again. 0 at the end.
int cm_reader_next_keyframe_packet(cm_frame_reader *reader, double target, cm_reader_back_off back_off, double *time);
// Sends reader->packet; a packet the decoder rejects as damaged is skipped
// (*accepted 0). Errors only for what cannot be skipped (out of memory).
int cm_reader_send_packet(cm_frame_reader *reader, int *accepted, cm_status *status);
// Tells the decoder the input ended, so it returns what it holds.
int cm_reader_end_input(cm_frame_reader *reader, cm_status *status);
// CM_E_LIMIT if the decoder met a picture beyond the size cap, else CM_OK.
int cm_reader_check_size(cm_frame_reader *reader, cm_status *status);
// Takes the decoder's next frame into reader->frame (*err: avcodec_receive_frame's answer);
// CM_E_LIMIT (the frame dropped) if the decoder met a picture beyond the size cap, else CM_OK.
int cm_reader_receive_frame(cm_frame_reader *reader, int *err, cm_status *status);
#endif
