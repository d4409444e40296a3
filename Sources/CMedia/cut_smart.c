// Smart cut: a frame-accurate start that stays lossless after it. The frames from
// START to the first keyframe after it (the head) are decoded from the keyframe
// before START and re-encoded with the source's codec and parameters; from that
// keyframe (the join) on, every video packet is stream-copied as it is. The other
// streams are copied as in copy mode, audio trimmed to START by the edit list the
// muxer writes for packets that begin before the clip.
#include "cut_output.h"
#include "cut_smart_h264.h"
#include "mp4_ctts.h"
#include <libswscale/swscale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Start the read this much before the keyframe so audio stored ahead of it is read.
#define PRE_ROLL_SECONDS 1.0

typedef struct packet_list {
    AVPacket **items;
    size_t count, capacity;
} packet_list;

static int packet_list_add(packet_list *list, const AVPacket *packet) {
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 64;
        AVPacket **grown = realloc(list->items, capacity * sizeof *grown);
        if (!grown) return CM_E_NOMEM;
        list->items = grown;
        list->capacity = capacity;
    }
    AVPacket *copy = av_packet_clone(packet);
    if (!copy) return CM_E_NOMEM;
    list->items[list->count++] = copy;
    return CM_OK;
}

static void packet_list_free(packet_list *list) {
    for (size_t i = 0; i < list->count; i++) av_packet_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

typedef struct smart_job {
    AVFormatContext *input, *mux;
    const cm_clip_request *request;
    const cm_cut_options *options;
    cm_clip_result *result;
    cm_status *status;
    int video;
    AVStream *source;              // the video stream
    int *output_of;                // per source stream: output index, or -1
    int *stream_done;              // per source stream: a packet past the end was seen
    double start, end;
    int header_written;

    // The head.
    AVCodecContext *decoder, *encoder;
    cm_size_cap cap;
    struct SwsContext *converter;  // only when a frame's format differs from the encoder's
    AVFrame *frame, *held, *converted;
    int has_held;                  // held: the last frame before START (on screen at START)
    int decoding;                  // the keyframe to decode from has been reached
    int64_t origin;                // pts of the clip's first frame (video time base); AV_NOPTS_VALUE before
    packet_list head;              // encoded head packets, written at the join
    packet_list waiting;           // packets read after the head began, written at the join
    cm_h264_sample_format format;  // how the source stores its samples (NAL lengths, parameter sets)
    AVPacket *encoded;

    // The join.
    int64_t join_pts;              // the join keyframe's pts, AV_NOPTS_VALUE until it is read
    int64_t join_delay;            // its pts - dts: the head's decode times end before its own
    int joined;                    // the head is written; video packets are copied
    int join_written;              // the join keyframe went out (with the source's parameter sets)
    int video_done;
} smart_job;

int cm_smart_cut_supported(const cm_media *media, int stream_index) {
    if (!media || stream_index < 0 || (unsigned)stream_index >= media->format->nb_streams) return 0;
    const AVCodecParameters *par = media->format->streams[stream_index]->codecpar;
    const char *name = cm_smart_encoder_name(par->codec_id);
    const AVCodec *encoder = name ? avcodec_find_encoder_by_name(name) : NULL;
    if (!encoder || !encoder->pix_fmts) return 0;
    enum AVPixelFormat wanted = cm_h264_plain_format(par->format);
    for (const enum AVPixelFormat *f = encoder->pix_fmts; *f != AV_PIX_FMT_NONE; f++)
        if (*f == wanted) return 1;
    return 0;
}

static double seconds_of(const smart_job *job, int64_t ts) { return cm_seconds(ts, job->source->time_base); }

static int is_mp4_family(const AVFormatContext *mux) {
    return strstr(mux->oformat->name, "mp4") || strstr(mux->oformat->name, "mov");
}

// Shifts a packet of source stream `index` onto the clip's clock (its first frame at 0) and writes it.
static int write_shifted(smart_job *job, AVPacket *packet, int index) {
    const AVStream *in = job->input->streams[index];
    AVStream *out = job->mux->streams[job->output_of[index]];
    int64_t shift = av_rescale_q(job->origin, job->source->time_base, in->time_base);
    if (packet->pts != AV_NOPTS_VALUE) packet->pts -= shift;
    if (packet->dts != AV_NOPTS_VALUE) packet->dts -= shift;
    av_packet_rescale_ts(packet, in->time_base, out->time_base);
    packet->stream_index = out->index;
    packet->pos = -1;
    int err = av_interleaved_write_frame(job->mux, packet);
    if (err < 0) return cm_fail(job->status, cm_code_for_write_error(err), err, "cannot write %s", job->request->output_path);
    job->result->packets_written++;
    return CM_OK;
}

// A copied packet of another stream, once the clip's first frame is known.
static int write_other(smart_job *job, AVPacket *packet) {
    const AVStream *stream = job->input->streams[packet->stream_index];
    double t = cm_packet_time(packet, stream->time_base);
    double first = seconds_of(job, job->origin);
    if (!cm_is_time(t) || t >= job->end || cm_packet_end_time(packet, stream->time_base) <= first + CM_SAME_TIME) return CM_OK;
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO
        && (job->result->first_audio_time == CM_NO_TIME || t < job->result->first_audio_time))
        job->result->first_audio_time = t;
    return write_shifted(job, packet, packet->stream_index);
}

// A copied video packet from the join on; the join keyframe carries the source's
// parameter sets, because the head before it brought the encoder's own.
static int write_copied_video(smart_job *job, AVPacket *packet) {
    double pts = cm_packet_time(packet, job->source->time_base);
    if (pts < seconds_of(job, job->join_pts) - CM_SAME_TIME) return CM_OK; // leading pictures of an open GOP
    // Frames shown at or after END are written only as references of earlier ones
    // (B-frames); the edit list hides them (limit_presentation).
    double end = cm_packet_end_time(packet, job->source->time_base);
    if (pts < job->end - CM_SAME_TIME && end > job->result->actual_end) job->result->actual_end = end;
    if (job->join_written) return write_shifted(job, packet, job->video);
    job->join_written = 1;
    AVPacket *joined = av_packet_alloc();
    if (!joined) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    int result = cm_h264_with_parameter_sets(&job->format, packet, joined) < 0
        ? cm_fail(job->status, CM_E_NOMEM, 0, "out of memory") : write_shifted(job, joined, job->video);
    av_packet_free(&joined);
    return result;
}

// Encoder output is kept until the join, when the copied packets' decode delay is known.
static int drain_encoder(smart_job *job, const AVFrame *frame) {
    int err = avcodec_send_frame(job->encoder, frame);
    if (err < 0 && err != AVERROR_EOF) return cm_fail(job->status, CM_E_ENCODE, err, "encoding the head failed");
    while ((err = avcodec_receive_packet(job->encoder, job->encoded)) >= 0) {
        int added = packet_list_add(&job->head, job->encoded);
        av_packet_unref(job->encoded);
        if (added != CM_OK) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    }
    if (err != AVERROR(EAGAIN) && err != AVERROR_EOF) return cm_fail(job->status, CM_E_ENCODE, err, "encoding the head failed");
    return CM_OK;
}

// A picture in the encoder's size and format, made only for a stream that needs converting.
static int new_converted_frame(smart_job *job) {
    job->converted = av_frame_alloc();
    if (!job->converted) return AVERROR(ENOMEM);
    job->converted->format = job->encoder->pix_fmt;
    job->converted->width = job->encoder->width;
    job->converted->height = job->encoder->height;
    return av_frame_get_buffer(job->converted, 0);
}

static int encode_frame(smart_job *job, AVFrame *frame) {
    int64_t ts = cm_frame_timestamp(frame);
    double t = seconds_of(job, ts);
    if (job->origin == AV_NOPTS_VALUE) {
        job->origin = ts;
        job->result->actual_start = job->result->first_video_time = t;
    }
    double duration = cm_frame_duration_seconds(frame, job->source->time_base);
    if (t + duration > job->result->actual_end) job->result->actual_end = t + duration;
    AVFrame *input = frame;
    // yuvj* is yuv* in full range: the same bytes, the range is in the encoder's settings.
    if (cm_h264_plain_format(frame->format) == job->encoder->pix_fmt) frame->format = job->encoder->pix_fmt;
    if (frame->format != job->encoder->pix_fmt || frame->width != job->encoder->width || frame->height != job->encoder->height) {
        // A stream that changes its picture midway: the head keeps the encoder's.
        job->converter = sws_getCachedContext(job->converter, frame->width, frame->height, frame->format,
                                              job->encoder->width, job->encoder->height, job->encoder->pix_fmt,
                                              SWS_BICUBIC, NULL, NULL, NULL);
        if (!job->converter) return cm_fail(job->status, CM_E_DECODE, 0, "cannot convert the pictures");
        int err = job->converted ? av_frame_make_writable(job->converted) : new_converted_frame(job);
        if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
        sws_scale(job->converter, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                  job->converted->data, job->converted->linesize);
        input = job->converted;
    }
    input->pts = ts;
    // The encoder places its own picture types; the decoded ones would force I-frames.
    input->pict_type = AV_PICTURE_TYPE_NONE;
    return drain_encoder(job, input);
}

// The head is made: its decoder, encoder and pictures are let go at once, so the
// copied rest of the clip runs in the memory of a copy cut.
static void release_head(smart_job *job) {
    avcodec_free_context(&job->decoder);
    avcodec_free_context(&job->encoder);
    sws_freeContext(job->converter);
    job->converter = NULL;
    av_frame_free(&job->held);
    av_frame_free(&job->converted);
    job->has_held = 0;
}

// Writes the head (encoder flushed), then everything read while it was made.
static int join(smart_job *job) {
    if (job->joined) return CM_OK;
    job->joined = 1;
    int result = CM_OK;
    if (job->origin == AV_NOPTS_VALUE && job->has_held) result = encode_frame(job, job->held);
    if (result == CM_OK && job->encoder) result = drain_encoder(job, NULL);
    release_head(job);
    if (result == CM_OK && job->origin == AV_NOPTS_VALUE && job->join_pts != AV_NOPTS_VALUE) {
        // START is the join keyframe itself: nothing to re-encode.
        job->origin = job->join_pts;
        job->result->actual_start = job->result->first_video_time = seconds_of(job, job->join_pts);
    }
    if (result == CM_OK && job->origin == AV_NOPTS_VALUE)
        return cm_fail(job->status, CM_E_DECODE, 0, "no picture could be decoded between %.3f and %.3f s", job->start, job->end);
    // The head's decode times all move back by one amount, so that the last comes
    // before the join keyframe's (the copied packets keep theirs).
    int64_t shift = 0;
    if (job->join_pts != AV_NOPTS_VALUE && job->head.count > 0) {
        const AVPacket *last = job->head.items[job->head.count - 1];
        int64_t join_dts = job->join_pts - job->join_delay;
        if (last->dts != AV_NOPTS_VALUE && last->dts >= join_dts) shift = last->dts - join_dts + 1;
    }
    for (size_t i = 0; i < job->head.count && result == CM_OK; i++) {
        AVPacket *packet = job->head.items[i];
        AVPacket *sample = av_packet_alloc();
        if (!sample || cm_h264_to_sample_format(&job->format, packet, sample) < 0) {
            av_packet_free(&sample);
            return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
        }
        if (sample->dts != AV_NOPTS_VALUE) sample->dts -= shift;
        sample->duration = packet->duration;
        result = write_shifted(job, sample, job->video);
        av_packet_free(&sample);
    }
    for (size_t i = 0; i < job->waiting.count && result == CM_OK; i++) {
        AVPacket *packet = job->waiting.items[i];
        result = packet->stream_index == job->video ? write_copied_video(job, packet) : write_other(job, packet);
    }
    packet_list_free(&job->head);
    packet_list_free(&job->waiting);
    return result;
}

// A decoded frame of the head: the clip opens with the frame on screen at START.
static int take_frame(smart_job *job, AVFrame *frame) {
    int64_t ts = cm_frame_timestamp(frame);
    if (ts == AV_NOPTS_VALUE) return CM_OK;
    double t = seconds_of(job, ts);
    if (job->join_pts != AV_NOPTS_VALUE && t >= seconds_of(job, job->join_pts) - CM_SAME_TIME) return join(job);
    if (t >= job->end - CM_SAME_TIME) {
        job->video_done = 1;
        return CM_OK;
    }
    if (job->origin == AV_NOPTS_VALUE) {
        int step = cm_start_step(job->held, &job->has_held, frame, t, job->start);
        if (step < 0) return cm_fail(job->status, CM_E_NOMEM, step, "out of memory");
        if (step == CM_START_HOLD) return CM_OK;
        int result = step == CM_START_OPEN_WITH_HELD ? encode_frame(job, job->held) : CM_OK;
        av_frame_unref(job->held);
        job->has_held = 0;
        if (result != CM_OK) return result;
    }
    return encode_frame(job, frame);
}

static int decode(smart_job *job, const AVPacket *packet) {
    int err = avcodec_send_packet(job->decoder, packet);
    if (err < 0 && err != AVERROR_EOF && err != AVERROR_INVALIDDATA)
        return cm_fail(job->status, CM_E_DECODE, err, "decoding the head failed");
    int result = CM_OK;
    while (result == CM_OK && !job->joined && !job->video_done
           && (err = avcodec_receive_frame(job->decoder, job->frame)) >= 0) {
        result = cm_size_cap_check(&job->cap, job->status);
        if (result == CM_OK) result = take_frame(job, job->frame);
        av_frame_unref(job->frame);
    }
    if (result == CM_OK) result = cm_size_cap_check(&job->cap, job->status);
    return result;
}

static int route_video(smart_job *job, AVPacket *packet) {
    if (job->video_done) return CM_OK;
    double pts = cm_packet_time(packet, job->source->time_base);
    double dts = cm_packet_decode_time(packet, job->source->time_base);
    if (packet->pts == AV_NOPTS_VALUE && job->source->codecpar->video_delay > 0)
        return cm_fail(job->status, CM_E_NEEDS_REENCODE, 0,
                       "the video has no presentation times (B-frames in %s): a stream copy cannot keep its frame order",
                       job->input->iformat->name);
    if (job->joined) {
        if (dts >= job->end) {
            job->video_done = 1;
            job->stream_done[job->video] = 1;
            return CM_OK;
        }
        return write_copied_video(job, packet);
    }
    int key = packet->flags & AV_PKT_FLAG_KEY;
    if (!job->decoding) {
        job->decoding = key && (job->request->decode_from == CM_NO_TIME || pts >= job->request->decode_from - CM_SAME_TIME);
        if (!job->decoding) return CM_OK;
    }
    if (job->join_pts == AV_NOPTS_VALUE && key && pts >= job->start - CM_SAME_TIME && pts < job->end - CM_SAME_TIME) {
        // The first keyframe at or after START: copying starts here once the head is made.
        job->join_pts = packet->pts;
        job->join_delay = packet->dts != AV_NOPTS_VALUE ? packet->pts - packet->dts : 0;
        if (pts <= job->start + CM_SAME_TIME) {
            job->has_held = 0; // START is on this keyframe: the frame before it is not shown
            int result = join(job);
            return result == CM_OK ? write_copied_video(job, packet) : result;
        }
    }
    if (job->join_pts != AV_NOPTS_VALUE && packet_list_add(&job->waiting, packet) != CM_OK)
        return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    return decode(job, packet);
}

static int route_other(smart_job *job, AVPacket *packet) {
    const AVStream *stream = job->input->streams[packet->stream_index];
    double t = cm_packet_time(packet, stream->time_base);
    if (!cm_is_time(t)) return CM_OK;
    if (t >= job->end) {
        job->stream_done[packet->stream_index] = 1;
        return CM_OK;
    }
    if (cm_packet_end_time(packet, stream->time_base) <= job->start - PRE_ROLL_SECONDS) return CM_OK;
    if (job->joined) return write_other(job, packet);
    return packet_list_add(&job->waiting, packet) == CM_OK ? CM_OK : cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
}

static int all_done(const smart_job *job) {
    if (!job->video_done) return 0;
    for (unsigned i = 0; i < job->input->nb_streams; i++) {
        if (job->output_of[i] < 0 || (int)i == job->video) continue;
        if (job->input->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO && !job->stream_done[i]) return 0;
    }
    return 1;
}

static int report_progress(smart_job *job, double now) {
    if (!job->options->progress || !cm_is_time(now) || !isfinite(job->end)) return CM_OK;
    double fraction = fmin(1, fmax(0, (now - job->start) / (job->end - job->start)));
    if (job->options->progress(job->options->progress_context, fraction))
        return cm_fail(job->status, CM_E_CANCELLED, 0, "cancelled");
    return CM_OK;
}

static int run_smart(smart_job *job) {
    for (unsigned s = 0; s < job->input->nb_streams; s++)
        job->input->streams[s]->discard = job->output_of[s] >= 0 ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    double from = job->request->decode_from != CM_NO_TIME ? job->request->decode_from : job->start;
    // A failed seek (logged) reads on from where the file stands.
    (void)cm_seek_before(job->input, job->video, from - PRE_ROLL_SECONDS);
    AVPacket *packet = av_packet_alloc();
    if (!packet) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    int result = CM_OK;
    unsigned long count = 0;
    while (result == CM_OK && !all_done(job)) {
        int err = av_read_frame(job->input, packet);
        if (err < 0) break; // end of file, or a damaged tail: what was read is written
        if (packet->flags & AV_PKT_FLAG_CORRUPT) {
            job->result->damaged_packets++;
            av_packet_unref(packet);
            continue;
        }
        int index = packet->stream_index;
        double now = cm_packet_decode_time(packet, job->input->streams[index]->time_base);
        if (index == job->video) result = route_video(job, packet);
        else if (job->output_of[index] >= 0) result = route_other(job, packet);
        av_packet_unref(packet);
        if (result == CM_OK && index == job->video && ++count % 64 == 0) result = report_progress(job, now);
    }
    av_packet_free(&packet);
    if (result == CM_OK && !job->joined && !job->video_done && job->decoding) result = decode(job, NULL);
    if (result == CM_OK) result = join(job);
    if (result == CM_OK && isfinite(job->end) && job->result->actual_end < job->end - 0.5)
        job->result->data_end = job->result->actual_end;
    return result;
}

// The video's average bit rate: from its parameters, else its share of the file's.
static int64_t video_bit_rate(const smart_job *job) {
    const AVCodecParameters *par = job->source->codecpar;
    if (par->bit_rate > 0) return par->bit_rate;
    int64_t others = 0;
    for (unsigned i = 0; i < job->input->nb_streams; i++)
        if ((int)i != job->video) others += job->input->streams[i]->codecpar->bit_rate;
    return job->input->bit_rate > others ? job->input->bit_rate - others : 0;
}

static int open_head(smart_job *job) {
    // One decoder thread: each frame thread holds its own pictures, and the head is at
    // most one GOP, so a second thread would cost more memory than the time it saves.
    int result = cm_open_decoder(job->source, 1, &job->cap, &job->decoder, job->status);
    if (result != CM_OK) return result;
    // The head is seen between copied frames: it gets their bit rate where the file
    // says it (the re-encode's quality setting otherwise).
    int crf = job->options->crf > 0 ? job->options->crf : 23;
    result = cm_h264_open_matching_encoder(job->source, video_bit_rate(job), job->options->preset, crf, &job->encoder,
                                           job->status);
    if (result != CM_OK) return result;
    if (cm_h264_sample_format_init(&job->format, job->source->codecpar) < 0)
        return cm_fail(job->status, CM_E_UNSUPPORTED, 0, "the video's parameter sets cannot be read");
    return CM_OK;
}

static void free_job(smart_job *job) {
    avcodec_free_context(&job->decoder);
    avcodec_free_context(&job->encoder);
    sws_freeContext(job->converter);
    av_frame_free(&job->frame);
    av_frame_free(&job->held);
    av_frame_free(&job->converted);
    av_packet_free(&job->encoded);
    packet_list_free(&job->head);
    packet_list_free(&job->waiting);
    cm_h264_sample_format_free(&job->format);
    free(job->output_of);
    free(job->stream_done);
    cm_output_free(&job->mux);
}

int cm_cut_smart(cm_media *media, const cm_clip_request *request, const cm_cut_options *options,
                 cm_clip_result *result, cm_status *status) {
    if (!media || !request || !options || !result || !request->output_path || !request->container)
        return cm_fail(status, CM_E_INVALID, 0, "nothing to cut");
    memset(result, 0, sizeof *result);
    result->actual_start = result->actual_end = result->first_video_time = result->first_audio_time = CM_NO_TIME;
    result->data_end = CM_NO_TIME;
    int video = cm_media_best_video_stream(media);
    if (video < 0) return cm_fail(status, CM_E_NO_STREAM, 0, "no video stream to cut");
    if (!cm_smart_cut_supported(media, video))
        return cm_fail(status, CM_E_UNSUPPORTED, 0, "smart cut cannot re-encode %s video with its own parameters",
                       avcodec_get_name(media->format->streams[video]->codecpar->codec_id));
    AVFormatContext *input = media->format;
    smart_job job = {
        .input = input, .request = request, .options = options, .result = result, .status = status,
        .video = video, .source = input->streams[video], .start = request->start,
        .end = request->end == CM_NO_TIME ? INFINITY : request->end,
        .origin = AV_NOPTS_VALUE, .join_pts = AV_NOPTS_VALUE,
    };
    if (!(job.end > job.start)) return cm_fail(status, CM_E_INVALID, 0, "the clip ends before it starts");
    job.output_of = calloc(input->nb_streams, sizeof *job.output_of);
    job.stream_done = calloc(input->nb_streams, sizeof *job.stream_done);
    job.frame = av_frame_alloc();
    job.held = av_frame_alloc();
    job.encoded = av_packet_alloc();
    int code = CM_OK;
    if (!job.output_of || !job.stream_done || !job.frame || !job.held || !job.encoded)
        code = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    if (code == CM_OK) code = cm_output_open(&job.mux, request->output_path, request->container, status);
    if (code == CM_OK) code = cm_add_copied_streams(input, video, options, job.mux, job.output_of, result, status);
    if (code == CM_OK) code = open_head(&job);
    if (code == CM_OK) {
        // In-band parameter sets change at the join: MP4 says so with the avc3 / hev1 sample entry.
        AVStream *out = job.mux->streams[job.output_of[video]];
        enum AVCodecID id = out->codecpar->codec_id;
        uint32_t in_band = id == AV_CODEC_ID_HEVC ? MKTAG('h', 'e', 'v', '1') : MKTAG('a', 'v', 'c', '3');
        if (job.mux->oformat->codec_tag && av_codec_get_id(job.mux->oformat->codec_tag, in_band) == id)
            out->codecpar->codec_tag = in_band;
        int *kept = calloc(input->nb_streams, sizeof *kept);
        if (!kept) code = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
        else {
            for (unsigned i = 0; i < input->nb_streams; i++) kept[i] = job.output_of[i] >= 0;
            double end = isfinite(job.end) ? job.end : cm_seconds(input->duration, AV_TIME_BASE_Q)
                                                        + fmax(0, cm_seconds(input->start_time, AV_TIME_BASE_Q));
            int64_t reserve = cm_index_reserve_bytes(input, kept, end - job.start + 1);
            free(kept);
            code = cm_output_begin(job.mux, request->output_path, options->faststart, reserve, status);
            job.header_written = code == CM_OK;
        }
    }
    if (code == CM_OK) {
        code = run_smart(&job);
        int finished = cm_output_finish(job.mux, job.header_written, code == CM_OK ? status : NULL);
        if (code == CM_OK) code = finished;
    }
    if (code == CM_OK && is_mp4_family(job.mux) && job.origin != AV_NOPTS_VALUE && result->actual_end != CM_NO_TIME) {
        // MP4 track ids count from 1 in stream order.
        double shown = result->actual_end - seconds_of(&job, job.origin);
        if (cm_mp4_limit_presentation(request->output_path, job.output_of[video] + 1, shown) != 0)
            av_log(NULL, AV_LOG_VERBOSE, "no edit list to end the clip's video at %.3f s\n", shown);
    }
    for (unsigned s = 0; s < input->nb_streams; s++) input->streams[s]->discard = AVDISCARD_DEFAULT;
    free_job(&job);
    if (code == CM_OK) cm_ok(status);
    return code;
}
