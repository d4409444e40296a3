// Frame-accurate cutting: decode from the keyframe before the start, keep the
// frames and samples inside [start, end), encode H.264 + AAC into a web-ready MP4
// (FFmpeg's doc/examples/transcode.c flow, one video and one audio path).
#include "cut_output.h"
#include "cmedia_frames.h"
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct video_path {
    int index;
    AVStream *source;
    AVCodecContext *decoder, *encoder;
    cm_size_cap cap;           // the decoder's picture-size cap
    struct SwsContext *scaler;
    AVFrame *scaled;
    AVStream *out;
    AVFrame *held;             // the latest frame before the start: it is on screen at the start
    int has_held;
    int decoding;              // the keyframe to decode from has been reached
    int done;
    int64_t frames;
    double first_time;         // source time of the clip's first frame, CM_NO_TIME before it
} video_path;

typedef struct audio_path {
    int index;                 // -1: the clip has no audio
    AVStream *source;
    AVCodecContext *decoder, *encoder;
    SwrContext *resampler;
    AVAudioFifo *fifo;
    double fifo_time;          // source time of the sample at the head of the queue
    AVStream *out;
    int64_t next_pts;          // in samples at the encoder's rate
    int queued;                // samples have been queued (fifo_time is set)
    int aligned;               // the queue head was lined up with the first video frame
    int done;
} audio_path;

typedef struct reencode_job {
    AVFormatContext *input, *mux;
    const cm_clip_request *request;
    const cm_cut_options *options;
    cm_clip_result *result;
    cm_status *status;
    double start, end;         // seconds, source timeline
    video_path video;
    audio_path audio;
    AVFrame *frame;
    AVPacket *encoded;
} reencode_job;

static AVStream *add_encoded_stream(reencode_job *job, AVCodecContext *encoder, const AVStream *source) {
    AVStream *out = avformat_new_stream(job->mux, NULL);
    if (!out) return NULL;
    if (avcodec_parameters_from_context(out->codecpar, encoder) < 0) return NULL;
    out->time_base = encoder->time_base;
    cm_copy_metadata(&out->metadata, source->metadata, job->options->keep_location);
    return out;
}

static int even(int value) { return value < 2 ? 2 : value & ~1; }

static int open_video(reencode_job *job) {
    video_path *v = &job->video;
    int result = cm_open_decoder(v->source, 0, &v->cap, &v->decoder, job->status);
    if (result != CM_OK) return result;
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) codec = avcodec_find_encoder(AV_CODEC_ID_H264);
    if (!codec) return cm_fail(job->status, CM_E_UNSUPPORTED, 0, "this FFmpeg has no H.264 encoder (libx264)");
    AVCodecContext *enc = avcodec_alloc_context3(codec);
    if (!enc) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    v->encoder = enc;
    int width = v->decoder->width, height = v->decoder->height;
    if (width <= 0 || height <= 0) return cm_fail(job->status, CM_E_DECODE, 0, "the video has no picture size");
    if ((int64_t)width * height > CM_DEFAULT_MAX_PIXELS || width > CM_MAX_PICTURE_SIDE || height > CM_MAX_PICTURE_SIDE)
        return cm_fail(job->status, CM_E_LIMIT, 0, "a %dx%d picture is beyond the safety cap", width, height);
    if (job->options->height > 0 && job->options->height < height) {
        // Scale the coded picture down; the sample aspect ratio carries the display
        // shape. Never up: a larger picture adds bytes, not detail.
        width = (int)lround((double)width * job->options->height / height);
        height = job->options->height;
    }
    enc->width = even(width);
    enc->height = even(height);
    enc->pix_fmt = AV_PIX_FMT_YUV420P;
    enc->time_base = v->source->time_base;
    enc->framerate = v->source->avg_frame_rate.num > 0 ? v->source->avg_frame_rate : v->source->r_frame_rate;
    enc->sample_aspect_ratio = av_guess_sample_aspect_ratio(job->input, v->source, NULL);
    enc->color_range = AVCOL_RANGE_MPEG;
    enc->thread_count = 0;
    if (job->mux->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary *settings = NULL;
    av_dict_set(&settings, "preset", job->options->preset ? job->options->preset : "veryfast", 0);
    av_dict_set_int(&settings, "crf", job->options->crf > 0 ? job->options->crf : 23, 0);
    int err = avcodec_open2(enc, codec, &settings);
    av_dict_free(&settings);
    if (err < 0) return cm_fail(job->status, CM_E_ENCODE, err, "cannot open the H.264 encoder");
    v->scaled = av_frame_alloc();
    if (!v->scaled) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    v->scaled->format = enc->pix_fmt;
    v->scaled->width = enc->width;
    v->scaled->height = enc->height;
    err = av_frame_get_buffer(v->scaled, 0);
    if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
    v->out = add_encoded_stream(job, enc, v->source);
    if (!v->out) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    v->out->sample_aspect_ratio = enc->sample_aspect_ratio;
    // Browsers honour the display matrix, so rotation is carried, not baked in.
    if (cm_copy_display_matrix(v->out, v->source) < 0) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    return CM_OK;
}

static int aac_rate(int rate) {
    static const int rates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) if (rates[i] == rate) return rate;
    return 48000;
}

static int open_audio(reencode_job *job) {
    audio_path *a = &job->audio;
    int result = cm_open_decoder(a->source, 0, NULL, &a->decoder, job->status);
    if (result != CM_OK) return result;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!codec) return cm_fail(job->status, CM_E_UNSUPPORTED, 0, "this FFmpeg has no AAC encoder");
    AVCodecContext *enc = avcodec_alloc_context3(codec);
    if (!enc) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    a->encoder = enc;
    enc->sample_fmt = AV_SAMPLE_FMT_FLTP;
    enc->sample_rate = aac_rate(a->decoder->sample_rate);
    int err = a->decoder->ch_layout.nb_channels > 0 && a->decoder->ch_layout.nb_channels <= 8
        ? av_channel_layout_copy(&enc->ch_layout, &a->decoder->ch_layout)
        : (av_channel_layout_default(&enc->ch_layout, 2), 0);
    if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
    if (enc->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
        int channels = enc->ch_layout.nb_channels;
        av_channel_layout_uninit(&enc->ch_layout);
        av_channel_layout_default(&enc->ch_layout, channels);
    }
    enc->bit_rate = 128000;
    enc->time_base = (AVRational){1, enc->sample_rate};
    if (job->mux->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    err = avcodec_open2(enc, codec, NULL);
    if (err < 0) return cm_fail(job->status, CM_E_ENCODE, err, "cannot open the AAC encoder");

    AVChannelLayout in_layout;
    if (a->decoder->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&in_layout, a->decoder->ch_layout.nb_channels);
    else if (av_channel_layout_copy(&in_layout, &a->decoder->ch_layout) < 0)
        return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    err = swr_alloc_set_opts2(&a->resampler, &enc->ch_layout, enc->sample_fmt, enc->sample_rate,
                              &in_layout, a->decoder->sample_fmt, a->decoder->sample_rate, 0, NULL);
    av_channel_layout_uninit(&in_layout);
    if (err < 0 || (err = swr_init(a->resampler)) < 0)
        return cm_fail(job->status, CM_E_ENCODE, err, "cannot convert the audio");
    a->fifo = av_audio_fifo_alloc(enc->sample_fmt, enc->ch_layout.nb_channels, enc->frame_size > 0 ? enc->frame_size * 4 : 4096);
    if (!a->fifo) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    a->out = add_encoded_stream(job, enc, a->source);
    if (!a->out) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    return CM_OK;
}

// Drains an encoder into the muxer. frame NULL flushes it.
static int encode(reencode_job *job, AVCodecContext *encoder, AVStream *out, AVFrame *frame) {
    int err = avcodec_send_frame(encoder, frame);
    if (err < 0 && err != AVERROR_EOF) return cm_fail(job->status, CM_E_ENCODE, err, "encoding failed");
    while ((err = avcodec_receive_packet(encoder, job->encoded)) >= 0) {
        av_packet_rescale_ts(job->encoded, encoder->time_base, out->time_base);
        job->encoded->stream_index = out->index;
        err = av_interleaved_write_frame(job->mux, job->encoded);
        if (err < 0)
            return cm_fail(job->status, cm_code_for_write_error(err), err, "cannot write %s", job->request->output_path);
        job->result->packets_written++;
    }
    if (err != AVERROR(EAGAIN) && err != AVERROR_EOF) return cm_fail(job->status, CM_E_ENCODE, err, "encoding failed");
    return CM_OK;
}


static int emit_video_frame(reencode_job *job, AVFrame *frame, int64_t ts);
static int drain_audio_fifo(reencode_job *job, int flush);

// A decoded picture. The clip opens with the frame on screen at the start (the
// last one at or before it), so the first frame may begin a little before the start.
static int take_video_frame(reencode_job *job, AVFrame *frame) {
    video_path *v = &job->video;
    int64_t ts = cm_frame_timestamp(frame);
    if (ts == AV_NOPTS_VALUE) return CM_OK;
    double t = cm_seconds(ts, v->source->time_base);
    if (t >= job->end - CM_SAME_TIME) { v->done = 1; return CM_OK; }
    if (v->first_time == CM_NO_TIME) {
        int step = cm_start_step(v->held, &v->has_held, frame, t, job->start);
        if (step < 0) return cm_fail(job->status, CM_E_NOMEM, step, "out of memory");
        if (step == CM_START_HOLD) return CM_OK;
        int result = step == CM_START_OPEN_WITH_HELD ? emit_video_frame(job, v->held, cm_frame_timestamp(v->held)) : CM_OK;
        av_frame_unref(v->held);
        v->has_held = 0;
        if (result != CM_OK) return result;
    }
    return emit_video_frame(job, frame, ts);
}

static int emit_video_frame(reencode_job *job, AVFrame *frame, int64_t ts) {
    video_path *v = &job->video;
    double t = cm_seconds(ts, v->source->time_base);
    if (v->first_time == CM_NO_TIME) {
        v->first_time = t;
        job->result->first_video_time = t;
        job->result->actual_start = t;
    }
    if ((int64_t)frame->width * frame->height > CM_DEFAULT_MAX_PIXELS || frame->width > CM_MAX_PICTURE_SIDE
        || frame->height > CM_MAX_PICTURE_SIDE)
        return cm_fail(job->status, CM_E_LIMIT, 0, "a %dx%d picture is beyond the safety cap", frame->width, frame->height);
    // Cached: a stream may change its picture size midway; the scaler follows.
    v->scaler = sws_getCachedContext(v->scaler, frame->width, frame->height, frame->format, v->encoder->width,
                                     v->encoder->height, v->encoder->pix_fmt, SWS_BICUBIC, NULL, NULL, NULL);
    if (!v->scaler) return cm_fail(job->status, CM_E_DECODE, 0, "cannot scale the pictures");
    int err = av_frame_make_writable(v->scaled);
    if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
    sws_scale(v->scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
              v->scaled->data, v->scaled->linesize);
    // The clip's clock starts at its first frame.
    v->scaled->pts = ts - cm_stream_timestamp(v->first_time, v->source->time_base);
    double duration = cm_frame_duration_seconds(frame, v->source->time_base);
    if (t + duration > job->result->actual_end) job->result->actual_end = t + duration;
    v->frames++;
    int result = encode(job, v->encoder, v->out, v->scaled);
    // Audio waits for the first frame to know where the clip begins.
    if (result == CM_OK && job->audio.index >= 0) result = drain_audio_fifo(job, 0);
    return result;
}

// Lines the audio queue up with the first video frame: drop what is earlier
// (audio may arrive later than the picture, so this can take several calls), or
// start the audio later on the clip's clock if it begins after the picture.
static int align_audio(reencode_job *job) {
    audio_path *a = &job->audio;
    double rate = a->encoder->sample_rate;
    double offset = a->fifo_time - job->video.first_time;
    if (offset < -0.5 / rate) {
        int drop = (int)lround(-offset * rate);
        int available = av_audio_fifo_size(a->fifo);
        if (drop > available) drop = available;
        av_audio_fifo_drain(a->fifo, drop);
        a->fifo_time += drop / rate;
        if (a->fifo_time < job->video.first_time - 0.5 / rate) return 0;
        a->next_pts = 0;
    } else {
        a->next_pts = llround(offset * rate);
    }
    job->result->first_audio_time = a->fifo_time;
    a->aligned = 1;
    return 1;
}

static int drain_audio_fifo(reencode_job *job, int flush) {
    audio_path *a = &job->audio;
    if (!a->queued || job->video.first_time == CM_NO_TIME) return CM_OK;
    if (!a->aligned && !align_audio(job)) return CM_OK;
    int frame_size = a->encoder->frame_size > 0 ? a->encoder->frame_size : 1024;
    while (av_audio_fifo_size(a->fifo) >= frame_size || (flush && av_audio_fifo_size(a->fifo) > 0)) {
        int samples = FFMIN(frame_size, av_audio_fifo_size(a->fifo));
        AVFrame *out = av_frame_alloc();
        if (!out) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
        out->nb_samples = samples;
        out->format = a->encoder->sample_fmt;
        out->sample_rate = a->encoder->sample_rate;
        int err = av_channel_layout_copy(&out->ch_layout, &a->encoder->ch_layout);
        if (err >= 0) err = av_frame_get_buffer(out, 0);
        if (err >= 0 && av_audio_fifo_read(a->fifo, (void **)out->data, samples) < samples) err = AVERROR(EIO);
        int result = err < 0 ? cm_fail(job->status, CM_E_NOMEM, err, "out of memory") : CM_OK;
        if (result == CM_OK) {
            out->pts = a->next_pts;
            a->next_pts += samples;
            a->fifo_time += (double)samples / a->encoder->sample_rate;
            result = encode(job, a->encoder, a->out, out);
        }
        av_frame_free(&out);
        if (result != CM_OK) return result;
    }
    return CM_OK;
}

// Audio this far before the start is never needed (the first frame is at most
// one frame early); keeping a little lets the queue line up with it.
#define AUDIO_LEAD_SECONDS 0.5

// Decoded samples: converted and queued; trimmed to the clip when the first
// video frame is known (align_audio) and at the end here.
static int take_audio_frame(reencode_job *job, AVFrame *frame) {
    audio_path *a = &job->audio;
    int64_t ts = cm_frame_timestamp(frame);
    if (ts == AV_NOPTS_VALUE || frame->nb_samples <= 0) return CM_OK;
    double t = cm_seconds(ts, a->source->time_base);
    double rate = frame->sample_rate > 0 ? frame->sample_rate : a->decoder->sample_rate;
    if (t >= job->end) { a->done = 1; return CM_OK; }
    double from_time = job->start - AUDIO_LEAD_SECONDS;
    int skip = t < from_time ? (int)lround((from_time - t) * rate) : 0;
    // To the end of the file, END is infinite: lround of it is undefined, so keep it all.
    int keep = isfinite(job->end) ? (int)lround(fmin((job->end - t) * rate, frame->nb_samples)) : frame->nb_samples;
    if (skip >= keep) return CM_OK;

    int capacity = swr_get_out_samples(a->resampler, frame->nb_samples);
    uint8_t **converted = NULL;
    int err = av_samples_alloc_array_and_samples(&converted, NULL, a->encoder->ch_layout.nb_channels, capacity,
                                                 a->encoder->sample_fmt, 0);
    if (err < 0) return cm_fail(job->status, CM_E_NOMEM, err, "out of memory");
    int made = swr_convert(a->resampler, converted, capacity, (const uint8_t **)frame->extended_data, frame->nb_samples);
    int result = CM_OK;
    if (made < 0) {
        result = cm_fail(job->status, CM_E_DECODE, made, "cannot convert the audio");
    } else {
        // Same trim, on the converted side (rates may differ).
        double scale = (double)a->encoder->sample_rate / rate;
        int from = (int)lround(skip * scale), to = (int)lround(keep * scale);
        if (to > made) to = made;
        if (from < to) {
            if (!a->queued) {
                a->queued = 1;
                a->fifo_time = t + (double)skip / rate;
            }
            void *planes[AV_NUM_DATA_POINTERS] = {0};
            int bytes = av_get_bytes_per_sample(a->encoder->sample_fmt);
            for (int c = 0; c < a->encoder->ch_layout.nb_channels && c < AV_NUM_DATA_POINTERS; c++)
                planes[c] = converted[c] + (size_t)from * bytes;
            if (av_audio_fifo_write(a->fifo, planes, to - from) < to - from)
                result = cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
            // While the picture has not started, keep only the last moments of sound.
            int limit = (int)(a->encoder->sample_rate * 2 * AUDIO_LEAD_SECONDS + 0.5) + to - from;
            if (job->video.first_time == CM_NO_TIME && av_audio_fifo_size(a->fifo) > limit) {
                int excess = av_audio_fifo_size(a->fifo) - limit;
                av_audio_fifo_drain(a->fifo, excess);
                a->fifo_time += (double)excess / a->encoder->sample_rate;
            }
        }
    }
    av_freep(&converted[0]);
    av_freep(&converted);
    if (result == CM_OK) result = drain_audio_fifo(job, 0);
    return result;
}

// Sends one packet (NULL flushes) and takes every frame the decoder returns.
static int decode(reencode_job *job, AVCodecContext *decoder, const AVPacket *packet, int is_video) {
    int err = avcodec_send_packet(decoder, packet);
    if (err < 0 && err != AVERROR_EOF) {
        // One damaged packet: skip it, as players do.
        if (err == AVERROR_INVALIDDATA) return CM_OK;
        return cm_fail(job->status, CM_E_DECODE, err, "decoding failed");
    }
    int result = CM_OK;
    while (result == CM_OK && (err = avcodec_receive_frame(decoder, job->frame)) >= 0) {
        if (is_video && (result = cm_size_cap_check(&job->video.cap, job->status)) != CM_OK) break;
        result = is_video ? take_video_frame(job, job->frame) : take_audio_frame(job, job->frame);
        av_frame_unref(job->frame);
    }
    av_frame_unref(job->frame);
    if (result == CM_OK && is_video) result = cm_size_cap_check(&job->video.cap, job->status);
    if (result == CM_OK && err != AVERROR(EAGAIN) && err != AVERROR_EOF && err != AVERROR_INVALIDDATA)
        result = cm_fail(job->status, CM_E_DECODE, err, "decoding failed");
    return result;
}

static int run_reencode(reencode_job *job) {
    video_path *v = &job->video;
    audio_path *a = &job->audio;
    for (unsigned s = 0; s < job->input->nb_streams; s++)
        job->input->streams[s]->discard = ((int)s == v->index || (int)s == a->index) ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    // Start reading a little before the keyframe so audio stored ahead of it is read too.
    double from = (job->request->decode_from != CM_NO_TIME ? job->request->decode_from : job->start) - 1.0;
    // A failed seek (logged) reads on from where the file stands; decoding then
    // starts at the first keyframe read and the clip reports its real start.
    (void)cm_seek_before(job->input, v->index, from);
    int err;
    AVPacket *packet = av_packet_alloc();
    if (!packet) return cm_fail(job->status, CM_E_NOMEM, 0, "out of memory");
    int result = CM_OK;
    unsigned long count = 0;
    while (result == CM_OK && !(v->done && (a->index < 0 || a->done))) {
        err = av_read_frame(job->input, packet);
        if (err < 0) break; // end of file, or damage: flush what was decoded
        if (packet->flags & AV_PKT_FLAG_CORRUPT) {
            job->result->damaged_packets++;
            av_packet_unref(packet);
            continue;
        }
        if (packet->stream_index == v->index && !v->done && !v->decoding) {
            // Decoding starts at the keyframe: pictures before it would refer to
            // frames the decoder never saw.
            double pts = cm_packet_time(packet, v->source->time_base);
            v->decoding = (packet->flags & AV_PKT_FLAG_KEY)
                && (job->request->decode_from == CM_NO_TIME || pts >= job->request->decode_from - CM_SAME_TIME);
        }
        if (packet->stream_index == v->index && !v->done && v->decoding) result = decode(job, v->decoder, packet, 1);
        else if (packet->stream_index == a->index && !a->done) result = decode(job, a->decoder, packet, 0);
        double now = cm_packet_decode_time(packet, job->input->streams[packet->stream_index]->time_base);
        av_packet_unref(packet);
        if (result == CM_OK && job->options->progress && ++count % 32 == 0 && now != CM_NO_TIME) {
            double fraction = (now - job->start) / (job->end - job->start);
            if (job->options->progress(job->options->progress_context, fmin(1, fmax(0, fraction))))
                result = cm_fail(job->status, CM_E_CANCELLED, 0, "cancelled");
        }
    }
    av_packet_free(&packet);
    if (result == CM_OK && !v->done && v->decoding) result = decode(job, v->decoder, NULL, 1);
    if (result == CM_OK && v->first_time == CM_NO_TIME && v->has_held) {
        int64_t held_ts = cm_frame_timestamp(v->held);
        double held_time = cm_seconds(held_ts, v->source->time_base);
        double held_duration = cm_frame_duration_seconds(v->held, v->source->time_base);
        // The last frame of the file is on screen at the start only if it reaches it;
        // otherwise the data ran out first (a truncated file).
        if (held_time + fmax(held_duration, 0.1) + CM_SAME_TIME < job->start)
            result = cm_fail(job->status, CM_E_DECODE, 0, "the readable data ends at %.3f s, before the clip starts", held_time);
        else
            result = emit_video_frame(job, v->held, held_ts);
    }
    if (result == CM_OK) result = encode(job, v->encoder, v->out, NULL);
    if (result == CM_OK && a->index >= 0) {
        if (!a->done) result = decode(job, a->decoder, NULL, 0);
        if (result == CM_OK) result = drain_audio_fifo(job, 1);
        if (result == CM_OK) result = encode(job, a->encoder, a->out, NULL);
    }
    if (result == CM_OK && isfinite(job->end) && job->result->actual_end < job->end - 0.5)
        job->result->data_end = job->result->actual_end;
    if (result == CM_OK && v->frames == 0)
        result = cm_fail(job->status, CM_E_DECODE, 0, "no picture could be decoded between %.3f and %.3f s", job->start, job->end);
    return result;
}

static void free_job(reencode_job *job) {
    avcodec_free_context(&job->video.decoder);
    avcodec_free_context(&job->video.encoder);
    sws_freeContext(job->video.scaler);
    av_frame_free(&job->video.scaled);
    av_frame_free(&job->video.held);
    avcodec_free_context(&job->audio.decoder);
    avcodec_free_context(&job->audio.encoder);
    swr_free(&job->audio.resampler);
    if (job->audio.fifo) av_audio_fifo_free(job->audio.fifo);
    av_frame_free(&job->frame);
    av_packet_free(&job->encoded);
    cm_output_free(&job->mux);
}

int cm_cut_reencode(cm_media *media, const cm_clip_request *request, const cm_cut_options *options,
                    cm_clip_result *result, cm_status *status) {
    if (!media || !request || !options || !result || !request->output_path)
        return cm_fail(status, CM_E_INVALID, 0, "nothing to cut");
    memset(result, 0, sizeof *result);
    result->actual_start = result->actual_end = result->first_video_time = result->first_audio_time = CM_NO_TIME;
    result->data_end = CM_NO_TIME;
    int video = cm_media_best_video_stream(media);
    if (video < 0) return cm_fail(status, CM_E_NO_STREAM, 0, "no video stream to cut");
    AVFormatContext *input = media->format;
    reencode_job job = {
        .input = input, .request = request, .options = options, .result = result, .status = status,
        .start = request->start,
        .end = request->end == CM_NO_TIME ? INFINITY : request->end,
    };
    if (!(job.end > job.start)) return cm_fail(status, CM_E_INVALID, 0, "the clip ends before it starts");
    job.video.index = video;
    job.video.first_time = CM_NO_TIME;
    job.video.held = av_frame_alloc();
    job.video.source = input->streams[video];
    job.audio.index = av_find_best_stream(input, AVMEDIA_TYPE_AUDIO, -1, video, NULL, 0);
    if (job.audio.index < 0) job.audio.index = -1;
    else job.audio.source = input->streams[job.audio.index];

    int code = cm_output_open(&job.mux, request->output_path, "mp4", status);
    job.frame = av_frame_alloc();
    job.encoded = av_packet_alloc();
    if (code == CM_OK && (!job.frame || !job.encoded || !job.video.held)) code = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    if (code == CM_OK) cm_copy_metadata(&job.mux->metadata, input->metadata, options->keep_location);
    if (code == CM_OK) code = open_video(&job);
    if (code == CM_OK && job.audio.index >= 0) code = open_audio(&job);
    if (code == CM_OK) {
        result->source_streams[result->stream_count++] = video;
        if (job.audio.index >= 0) result->source_streams[result->stream_count++] = job.audio.index;
        int *kept = calloc(input->nb_streams, sizeof *kept);
        if (!kept) code = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
        else {
            kept[video] = 1;
            if (job.audio.index >= 0) kept[job.audio.index] = 1;
            double end = isfinite(job.end) ? job.end : cm_seconds(input->duration, AV_TIME_BASE_Q)
                                                         + fmax(0, cm_seconds(input->start_time, AV_TIME_BASE_Q));
            int64_t reserve = cm_index_reserve_bytes(input, kept, end - job.start + 1);
            free(kept);
            code = cm_output_begin(job.mux, request->output_path, options->faststart, reserve, status);
        }
    }
    if (code == CM_OK) {
        code = run_reencode(&job);
        int finished = cm_output_finish(job.mux, 1, code == CM_OK ? status : NULL);
        if (code == CM_OK) code = finished;
    }
    for (unsigned s = 0; s < input->nb_streams; s++) input->streams[s]->discard = AVDISCARD_DEFAULT;
    free_job(&job);
    if (code == CM_OK) cm_ok(status);
    return code;
}
