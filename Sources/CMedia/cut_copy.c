// Lossless cutting: many clips in one read of the file, every packet routed to
// every clip whose window holds it (FFmpeg's doc/examples/remux.c, generalised).
#include "cut_output.h"
#include "cut_smart_h264.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

// The read met a clip start the MP4 table calls a keyframe and the bytes do not: the
// cut is made again from the start with FFmpeg's parsers, which judge key frames by
// their bytes. Never returned by cm_cut_copy.
#define CUT_AGAIN_WITH_PARSERS 1

// Packets of other streams that arrive before a clip's first video keyframe are
// held until the clip starts; this bounds that wait (a few seconds of audio).
#define MAX_HELD_PACKETS 4096
// With no clip open and the next one this far ahead, seek instead of reading.
#define SEEK_AHEAD_SECONDS 10.0
// Start the read this much before a clip so audio interleaved ahead of the
// keyframe in the file (MPEG-TS, Matroska) is not missed.
#define PRE_ROLL_SECONDS 1.0

typedef struct clip_state {
    const cm_clip_request *request;
    cm_clip_result *result;
    AVFormatContext *mux;
    int *output_of;          // per source stream: output stream index, or -1
    int *stream_done;        // per source stream: a packet at or past the end was seen
    int header_written;
    int started;             // first video keyframe written
    int finished;            // trailer written
    int64_t start_pts;       // the keyframe's pts in the video stream's time base
    double start_seconds;
    double end_seconds;      // +inf for "to the end"
    AVPacket **held;
    size_t held_count;
    int seek_tried;
} clip_state;

typedef struct cut_job {
    AVFormatContext *input;
    int video;
    // Parsers are off for this read (see copy_can_skip_parsers): each clip's first keyframe
    // is then checked in its bytes, with key_nal_length_size the sample's NAL length size.
    int parsers_off;
    int key_nal_length_size;
    AVPacket *copy;          // what write_copy hands to a muxer
    const cm_cut_options *options;
    clip_state *clips;
    size_t count;
    double duration;
    cm_status *status;
} cut_job;

static int add_output_streams(cut_job *job, clip_state *clip) {
    return cm_add_copied_streams(job->input, job->video, job->options, clip->mux, clip->output_of, clip->result,
                                 job->status);
}

static int write_packet(cut_job *job, clip_state *clip, AVPacket *packet) {
    const AVStream *source = job->input->streams[packet->stream_index];
    int output = clip->output_of[packet->stream_index];
    AVStream *out = clip->mux->streams[output];
    // Shift every stream by the same instant (the clip's first keyframe) so the
    // streams stay in sync and the clip's timestamps start near zero.
    int64_t shift = av_rescale_q(clip->start_pts, job->input->streams[job->video]->time_base, source->time_base);
    if (packet->pts != AV_NOPTS_VALUE) packet->pts -= shift;
    if (packet->dts != AV_NOPTS_VALUE) packet->dts -= shift;
    av_packet_rescale_ts(packet, source->time_base, out->time_base);
    packet->stream_index = output;
    packet->pos = -1;
    int err = av_interleaved_write_frame(clip->mux, packet);
    if (err < 0) return cm_fail(job->status, cm_code_for_write_error(err), err, "cannot write %s", clip->request->output_path);
    clip->result->packets_written++;
    return CM_OK;
}

// Writes a copy of packet into clip (the original is routed to other clips too).
// A new reference to the same bytes in one reused packet: no allocation per packet.
static int write_copy(cut_job *job, clip_state *clip, const AVPacket *packet) {
    int err = av_packet_ref(job->copy, packet);
    if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
    int result = write_packet(job, clip, job->copy);
    av_packet_unref(job->copy); // the muxer took the reference, unless writing failed
    return result;
}

static void drop_held(clip_state *clip) {
    for (size_t i = 0; i < clip->held_count; i++) av_packet_free(&clip->held[i]);
    clip->held_count = 0;
}

static int hold_packet(cut_job *job, clip_state *clip, const AVPacket *packet) {
    if (!clip->held) {
        clip->held = calloc(MAX_HELD_PACKETS, sizeof *clip->held);
        if (!clip->held) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    }
    if (clip->held_count == MAX_HELD_PACKETS) {
        // Far too early to matter: forget the oldest.
        av_packet_free(&clip->held[0]);
        memmove(clip->held, clip->held + 1, (MAX_HELD_PACKETS - 1) * sizeof *clip->held);
        clip->held_count--;
    }
    clip->held[clip->held_count] = av_packet_clone(packet);
    if (!clip->held[clip->held_count]) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    clip->held_count++;
    return CM_OK;
}

// A non-video packet belongs to the clip when it overlaps [start, end).
static int overlaps_window(const clip_state *clip, const AVPacket *packet, const AVStream *stream) {
    double t = cm_packet_time(packet, stream->time_base);
    return t < clip->end_seconds && cm_packet_end_time(packet, stream->time_base) > clip->start_seconds + CM_SAME_TIME;
}

// Whether a packet the MP4 table calls a keyframe holds a picture that starts decoding
// on its own: an H.264 IDR, an HEVC IRAP (IDR, CRA, BLA) NAL unit.
static int holds_random_access_picture(const cut_job *job, const AVPacket *packet) {
    int hevc = job->input->streams[job->video]->codecpar->codec_id == AV_CODEC_ID_HEVC;
    int length_size = job->key_nal_length_size;
    for (int at = 0; at + length_size < packet->size;) {
        int64_t length = 0;
        for (int i = 0; i < length_size; i++) length = length << 8 | packet->data[at + i];
        at += length_size;
        if (length <= 0 || length > packet->size - at) return 0;
        int type = hevc ? (packet->data[at] >> 1) & 0x3f : packet->data[at] & 0x1f;
        if (hevc ? type >= 16 && type <= 23 : type == 5) return 1;
        at += (int)length;
    }
    return 0;
}

static int start_clip(cut_job *job, clip_state *clip, const AVPacket *keyframe) {
    const AVStream *video = job->input->streams[job->video];
    clip->start_pts = keyframe->pts != AV_NOPTS_VALUE ? keyframe->pts : keyframe->dts;
    clip->start_seconds = cm_seconds(clip->start_pts, video->time_base);
    clip->result->actual_start = clip->start_seconds;
    double end = isfinite(clip->end_seconds) ? clip->end_seconds : job->duration + cm_seconds(job->input->start_time, AV_TIME_BASE_Q);
    int *kept = calloc(job->input->nb_streams, sizeof *kept);
    if (!kept) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    for (unsigned i = 0; i < job->input->nb_streams; i++) kept[i] = clip->output_of[i] >= 0;
    int64_t reserve = cm_index_reserve_bytes(job->input, kept, end - clip->start_seconds + 1);
    free(kept);
    int result = cm_output_begin(clip->mux, clip->request->output_path, job->options->faststart, reserve, job->status);
    if (result != CM_OK) return result;
    clip->header_written = 1;
    clip->started = 1;
    // Packets held while waiting for this keyframe: those inside the window go first.
    for (size_t i = 0; i < clip->held_count && result == CM_OK; i++) {
        AVPacket *held = clip->held[i];
        const AVStream *stream = job->input->streams[held->stream_index];
        if (overlaps_window(clip, held, stream)) {
            double t = cm_packet_time(held, stream->time_base);
            if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO
                && (clip->result->first_audio_time == CM_NO_TIME || t < clip->result->first_audio_time))
                clip->result->first_audio_time = t;
            result = write_packet(job, clip, held);
        }
    }
    drop_held(clip);
    return result;
}

static int finish_clip(cut_job *job, clip_state *clip) {
    if (clip->finished) return CM_OK;
    clip->finished = 1;
    drop_held(clip);
    if (!clip->started)
        return cm_fail(job->status, CM_E_DECODE, 0, "no keyframe found at %.3f s: the file may be damaged there",
                       clip->request->start);
    return cm_output_finish(clip->mux, clip->header_written, job->status);
}

static int route_video(cut_job *job, clip_state *clip, const AVPacket *packet) {
    const AVStream *stream = job->input->streams[job->video];
    double pts = cm_packet_time(packet, stream->time_base);
    double dts = cm_packet_decode_time(packet, stream->time_base);
    if (packet->pts == AV_NOPTS_VALUE && stream->codecpar->video_delay > 0) {
        // AVI and raw streams can store only decode times; with B-frames the
        // display order is then unknown without decoding.
        return cm_fail(job->status, CM_E_NEEDS_REENCODE, 0,
                       "the video has no presentation times (B-frames in %s): a stream copy cannot keep its frame order",
                       job->input->iformat->name);
    }
    if (!clip->started) {
        // The clip opens on the keyframe at its start (or the next one, if the
        // file's index promised a keyframe that is not there).
        if (!(packet->flags & AV_PKT_FLAG_KEY) || pts < clip->request->start - CM_SAME_TIME) return CM_OK;
        if (pts >= clip->end_seconds) return CM_OK;
        if (job->parsers_off && !holds_random_access_picture(job, packet)) return CUT_AGAIN_WITH_PARSERS;
        int result = start_clip(job, clip, packet);
        if (result != CM_OK) return result;
    } else if (dts >= clip->end_seconds) {
        // Decode order: once decode time reaches the end, no later packet can be
        // shown inside the window. Every packet before it is kept, so frames that
        // reference a later one still decode.
        clip->stream_done[job->video] = 1;
        return CM_OK;
    } else if (pts < clip->start_seconds - CM_SAME_TIME) {
        // Leading pictures of an open GOP refer to frames before the cut.
        return CM_OK;
    }
    double end = cm_packet_end_time(packet, stream->time_base);
    if (clip->result->first_video_time == CM_NO_TIME || pts < clip->result->first_video_time)
        clip->result->first_video_time = pts;
    if (end > clip->result->actual_end) clip->result->actual_end = end;
    return write_copy(job, clip, packet);
}

static int route_other(cut_job *job, clip_state *clip, const AVPacket *packet) {
    const AVStream *stream = job->input->streams[packet->stream_index];
    double t = cm_packet_time(packet, stream->time_base);
    if (t == CM_NO_TIME) return CM_OK;
    if (t >= clip->end_seconds) { clip->stream_done[packet->stream_index] = 1; return CM_OK; }
    if (cm_packet_end_time(packet, stream->time_base) <= clip->request->start - PRE_ROLL_SECONDS) return CM_OK;
    if (!clip->started) return hold_packet(job, clip, packet);
    if (!overlaps_window(clip, packet, stream)) return CM_OK;
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO
        && (clip->result->first_audio_time == CM_NO_TIME || t < clip->result->first_audio_time))
        clip->result->first_audio_time = t;
    return write_copy(job, clip, packet);
}

// Done when video and audio have passed the end (sparse subtitles are not waited for).
static int clip_is_complete(const cut_job *job, const clip_state *clip) {
    if (!clip->started) return 0;
    for (unsigned i = 0; i < job->input->nb_streams; i++) {
        if (clip->output_of[i] < 0) continue;
        enum AVMediaType type = job->input->streams[i]->codecpar->codec_type;
        if ((type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) && !clip->stream_done[i]) return 0;
    }
    return 1;
}

static int seek_before(cut_job *job, double seconds) {
    return cm_seek_before(job->input, job->video, seconds - PRE_ROLL_SECONDS);
}

// With nothing open and the next clip far ahead, skip the gap instead of reading it.
static void maybe_seek_ahead(cut_job *job, double now) {
    clip_state *next = NULL;
    for (size_t i = 0; i < job->count; i++) {
        clip_state *clip = &job->clips[i];
        if (clip->finished) continue;
        if (clip->started || clip->request->start - PRE_ROLL_SECONDS <= now + SEEK_AHEAD_SECONDS) return;
        if (!next || clip->request->start < next->request->start) next = clip;
    }
    if (!next || next->seek_tried) return;
    next->seek_tried = 1;
    // A failed seek leaves the read where it was: the gap is read instead of skipped.
    (void)seek_before(job, next->request->start);
}

static int report_progress(cut_job *job, double now, double first_start, double last_end) {
    if (!job->options->progress) return CM_OK;
    double span = last_end - first_start;
    double fraction = span > 0 ? (now - first_start) / span : 0;
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    if (job->options->progress(job->options->progress_context, fraction))
        return cm_fail(job->status, CM_E_CANCELLED, 0, "cancelled");
    return CM_OK;
}

static int run_cut(cut_job *job) {
    double first_start = INFINITY, last_end = -INFINITY;
    for (size_t i = 0; i < job->count; i++) {
        if (job->clips[i].request->start < first_start) first_start = job->clips[i].request->start;
        double end = isfinite(job->clips[i].end_seconds) ? job->clips[i].end_seconds : job->duration;
        if (end > last_end) last_end = end;
    }
    // Read only the streams some clip keeps.
    for (unsigned s = 0; s < job->input->nb_streams; s++) {
        int wanted = 0;
        for (size_t i = 0; i < job->count && !wanted; i++) wanted = job->clips[i].output_of[s] >= 0;
        job->input->streams[s]->discard = wanted ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }
    // The seek closes the parsers FFmpeg opened so far; with the flag none is opened again.
    if (job->parsers_off) job->input->flags |= AVFMT_FLAG_NOPARSE;
    // A failed seek (logged) leaves the read at the start, where the keyframe listing left it.
    (void)seek_before(job, first_start);

    AVPacket *packet = av_packet_alloc();
    if (!packet) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    int result = CM_OK;
    unsigned long count = 0;
    size_t open_clips = job->count;
    while (result == CM_OK && open_clips > 0) {
        int err = av_read_frame(job->input, packet);
        if (err == AVERROR_EOF) break;
        if (err < 0) {
            // A damaged stretch: FFmpeg has already resynchronised where it could;
            // a hard error here ends the read and the clips keep what they have.
            av_log(NULL, AV_LOG_WARNING, "reading stopped early: %s\n", av_err2str(err));
            break;
        }
        if (packet->flags & AV_PKT_FLAG_CORRUPT) {
            // A packet cut short by truncation or marked broken by the demuxer
            // would make every clip that holds it fail to decode.
            for (size_t i = 0; i < job->count; i++)
                if (!job->clips[i].finished && job->clips[i].started) job->clips[i].result->damaged_packets++;
            av_packet_unref(packet);
            continue;
        }
        const int stream_index = packet->stream_index;
        const AVStream *stream = job->input->streams[stream_index];
        double now = cm_packet_decode_time(packet, stream->time_base);
        for (size_t i = 0; i < job->count && result == CM_OK; i++) {
            clip_state *clip = &job->clips[i];
            if (clip->finished || clip->output_of[stream_index] < 0) continue;
            result = stream_index == job->video ? route_video(job, clip, packet) : route_other(job, clip, packet);
            if (result == CM_OK && clip_is_complete(job, clip)) {
                result = finish_clip(job, clip);
                open_clips--;
            }
        }
        av_packet_unref(packet);
        if (result == CM_OK && now != CM_NO_TIME && stream_index == job->video) {
            maybe_seek_ahead(job, now);
            if (++count % 64 == 0) result = report_progress(job, now, first_start, last_end);
        }
    }
    av_packet_free(&packet);
    // End of file (or of readable data) closes whatever is still open.
    for (size_t i = 0; i < job->count && result == CM_OK; i++) {
        clip_state *clip = &job->clips[i];
        if (!clip->finished && clip->started && isfinite(clip->end_seconds)
            && clip->result->actual_end < clip->end_seconds - 0.5)
            clip->result->data_end = clip->result->actual_end;
        if (!job->clips[i].finished) result = finish_clip(job, &job->clips[i]);
    }
    if (result == CM_OK) report_progress(job, last_end, first_start, last_end);
    return result;
}

static void free_clip(clip_state *clip) {
    drop_held(clip);
    free(clip->held);
    free(clip->output_of);
    free(clip->stream_done);
    cm_output_free(&clip->mux);
}

// FFmpeg runs a parser over every H.264 / HEVC packet it reads from MP4, only to judge
// key frames by their bytes (about a third of a copy cut's reading work). The parsers
// can stay off when the MP4 sync-sample table was confirmed against the packets by
// cm_media_keyframes (the clips then start on the table's keyframes) and every kept
// stream arrives whole from the MP4 demuxer (H.264 / HEVC with avcC / hvcC, AAC, text,
// data). Each clip's first keyframe is still checked in its bytes. Returns the NAL
// length size of the video's samples, or 0 to keep the parsers.
static int copy_can_skip_parsers(const cm_media *media, int video, const cm_cut_options *options) {
    const AVFormatContext *input = media->format;
    if (media->confirmed_index_stream != video || !strstr(input->iformat->name, "mov")) return 0;
    for (unsigned i = 0; i < input->nb_streams; i++) {
        const AVStream *stream = input->streams[i];
        if ((int)i == video || !cm_stream_is_kept(stream, options)) continue;
        enum AVMediaType type = stream->codecpar->codec_type;
        if (type == AVMEDIA_TYPE_AUDIO ? stream->codecpar->codec_id != AV_CODEC_ID_AAC
                                       : type != AVMEDIA_TYPE_SUBTITLE && type != AVMEDIA_TYPE_DATA)
            return 0;
    }
    const AVCodecParameters *par = input->streams[video]->codecpar;
    if (par->codec_id != AV_CODEC_ID_H264 && par->codec_id != AV_CODEC_ID_HEVC) return 0;
    cm_h264_sample_format format;
    int length_size = cm_h264_sample_format_init(&format, par) == 0 ? format.nal_length_size : 0;
    cm_h264_sample_format_free(&format);
    return length_size;
}

static int cut_once(cm_media *media, int video, int nal_length_size, const cm_clip_request *requests, size_t count,
                    const cm_cut_options *options, cm_clip_result *results, cm_status *status);

int cm_cut_copy(cm_media *media, const cm_clip_request *requests, size_t count,
                const cm_cut_options *options, cm_clip_result *results, cm_status *status) {
    if (!media || !requests || !results || !options || count == 0)
        return cm_fail(status, CM_E_INVALID, 0, "nothing to cut");
    int video = cm_media_best_video_stream(media);
    if (video < 0) return cm_fail(status, CM_E_NO_STREAM, 0, "no video stream to cut");
    int nal_length_size = copy_can_skip_parsers(media, video, options);
    int result = cut_once(media, video, nal_length_size, requests, count, options, results, status);
    if (result == CUT_AGAIN_WITH_PARSERS) {
        av_log(NULL, AV_LOG_VERBOSE, "the keyframe table and the bytes disagree at a clip start: cutting with parsers\n");
        result = cut_once(media, video, 0, requests, count, options, results, status);
    }
    return result;
}

// One read of the file for every clip; parsers off when nal_length_size > 0.
static int cut_once(cm_media *media, int video, int nal_length_size, const cm_clip_request *requests, size_t count,
                    const cm_cut_options *options, cm_clip_result *results, cm_status *status) {
    AVFormatContext *input = media->format;
    cut_job job = {
        .input = input, .video = video, .options = options, .count = count, .status = status,
        .duration = input->duration != AV_NOPTS_VALUE ? (double)input->duration / AV_TIME_BASE : 0,
        .parsers_off = nal_length_size > 0, .key_nal_length_size = nal_length_size,
    };
    job.clips = calloc(count, sizeof *job.clips);
    job.copy = av_packet_alloc();
    if (!job.clips || !job.copy) {
        free(job.clips);
        av_packet_free(&job.copy);
        return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }

    int result = CM_OK;
    for (size_t i = 0; i < count && result == CM_OK; i++) {
        clip_state *clip = &job.clips[i];
        memset(&results[i], 0, sizeof results[i]);
        results[i].actual_start = results[i].actual_end = CM_NO_TIME;
        results[i].first_video_time = results[i].first_audio_time = results[i].data_end = CM_NO_TIME;
        clip->request = &requests[i];
        clip->result = &results[i];
        clip->end_seconds = requests[i].end == CM_NO_TIME ? INFINITY : requests[i].end;
        clip->output_of = calloc(input->nb_streams, sizeof *clip->output_of);
        clip->stream_done = calloc(input->nb_streams, sizeof *clip->stream_done);
        if (!clip->output_of || !clip->stream_done) { result = cm_fail(status, CM_E_NOMEM, 0, "out of memory"); break; }
        if (!requests[i].output_path || !requests[i].container) { result = cm_fail(status, CM_E_INVALID, 0, "no output"); break; }
        if (!(clip->end_seconds > requests[i].start)) {
            result = cm_fail(status, CM_E_INVALID, 0, "clip %zu ends before it starts", i + 1);
            break;
        }
        result = cm_output_open(&clip->mux, requests[i].output_path, requests[i].container, status);
        if (result == CM_OK) result = add_output_streams(&job, clip);
    }
    if (result == CM_OK) result = run_cut(&job);

    enum AVDiscard restore = AVDISCARD_DEFAULT;
    for (unsigned s = 0; s < input->nb_streams; s++) input->streams[s]->discard = restore;
    input->flags &= ~AVFMT_FLAG_NOPARSE;
    for (size_t i = 0; i < count; i++) {
        if (results[i].actual_end == CM_NO_TIME && results[i].actual_start != CM_NO_TIME)
            results[i].actual_end = results[i].actual_start;
        free_clip(&job.clips[i]);
    }
    free(job.clips);
    av_packet_free(&job.copy);
    if (result == CM_OK) cm_ok(status);
    return result;
}
