// The frame reader: opens a decoder for the main video stream of a cm_media
// and moves through the file (seek, read, send). What it decodes lives in
// frames_keyframes.c (keyframes in a range) and frames_seek.c (the picture at
// a time). Follows FFmpeg's demux_decode.c flow with one owner per object.
#include "frames_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

// When a seek lands after its target (MPEG-TS seeks by timestamps that are not
// keyframe-aligned), seek again this much earlier; past the last, from the beginning.
static const double back_off_seconds[CM_BACK_OFF_STEPS] = {0, 1, 5, 30};

static void restore_discard(cm_frame_reader *reader) {
    if (!reader->saved_discard) return;
    for (unsigned i = 0; i < reader->format->nb_streams; i++)
        reader->format->streams[i]->discard = reader->saved_discard[i];
}

void cm_frame_reader_close(cm_frame_reader *reader) {
    if (!reader) return;
    restore_discard(reader);
    free(reader->saved_discard);
    avcodec_free_context(&reader->decoder);
    av_packet_free(&reader->packet);
    av_packet_free(&reader->chosen);
    av_frame_free(&reader->frame);
    av_frame_free(&reader->held);
    cm_converter_release(&reader->converter);
    free(reader);
}

int cm_reader_check_size(cm_frame_reader *reader, cm_status *status) {
    return cm_size_cap_check(&reader->cap, status);
}

int cm_reader_receive_frame(cm_frame_reader *reader, int *err, cm_status *status) {
    *err = avcodec_receive_frame(reader->decoder, reader->frame);
    int limit = cm_reader_check_size(reader, status);
    if (limit != CM_OK) av_frame_unref(reader->frame);
    return limit;
}

int cm_frame_reader_open(cm_media *media, const cm_reader_options *options, cm_frame_reader **out, cm_status *status) {
    if (!out) return cm_fail(status, CM_E_INVALID, 0, "no reader handle");
    *out = NULL;
    if (!media) return cm_fail(status, CM_E_INVALID, 0, "no media");
    cm_reader_options defaults = {0};
    if (!options) options = &defaults;
    if (options->width < 0 || options->width > CM_MAX_PICTURE_SIDE || options->threads < 0 || options->max_pixels < 0)
        return cm_fail(status, CM_E_INVALID, 0, "width must be 0..%d and threads 0 or more", CM_MAX_PICTURE_SIDE);
    int stream_index = cm_media_best_video_stream(media);
    if (stream_index < 0) return cm_fail(status, CM_E_NO_STREAM, 0, "no video stream (audio-only file?)");

    cm_frame_reader *reader = calloc(1, sizeof *reader);
    if (!reader) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    reader->format = media->format;
    reader->stream_index = stream_index;
    reader->stream = media->format->streams[stream_index];
    reader->mode = CM_MODE_IDLE;
    reader->held_time = CM_NO_TIME;
    reader->converter.width_request = options->width;
    reader->converter.rotation = (int)cm_stream_rotation(reader->stream);
    reader->converter.stream_sar = av_guess_sample_aspect_ratio(media->format, reader->stream, NULL);
    reader->converter.container_sar = reader->stream->sample_aspect_ratio;
    reader->converter.max_pixels = options->max_pixels > 0 ? options->max_pixels : CM_DEFAULT_MAX_PIXELS;

    // The declared size is checked before any decoding: a hostile header fails here.
    const AVCodecParameters *par = reader->stream->codecpar;
    int result = CM_OK;
    if (par->width > 0 && par->height > 0) {
        int width, height;
        result = cm_display_size(&reader->converter, par->width, par->height, reader->converter.stream_sar,
                                 &width, &height, status);
    }
    if (result == CM_OK) {
        reader->packet = av_packet_alloc();
        reader->chosen = av_packet_alloc();
        reader->frame = av_frame_alloc();
        reader->held = av_frame_alloc();
        reader->saved_discard = calloc(media->format->nb_streams, sizeof *reader->saved_discard);
        if (!reader->packet || !reader->chosen || !reader->frame || !reader->held || !reader->saved_discard)
            result = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    }
    reader->cap.max_pixels = reader->converter.max_pixels;
    if (result == CM_OK) result = cm_open_decoder(reader->stream, options->threads, &reader->cap, &reader->decoder, status);
    if (result != CM_OK) {
        free(reader->saved_discard);
        reader->saved_discard = NULL;  // nothing was changed yet
        cm_frame_reader_close(reader);
        return result;
    }
    // Only our stream's packets are read; the demuxer skips the others' data.
    for (unsigned i = 0; i < media->format->nb_streams; i++) {
        reader->saved_discard[i] = media->format->streams[i]->discard;
        if ((int)i != stream_index) media->format->streams[i]->discard = AVDISCARD_ALL;
    }
    *out = reader;
    cm_ok(status);
    return CM_OK;
}

int cm_frame_reader_output_size(const cm_frame_reader *reader, int *width, int *height) {
    if (!reader || !width || !height) return CM_E_INVALID;
    const AVCodecParameters *par = reader->stream->codecpar;
    return cm_display_size(&reader->converter, par->width, par->height, reader->converter.stream_sar,
                           width, height, NULL);
}

// Keyframe modes tell the decoder to pass over everything else. Not the
// demuxer: FFmpeg 5.1's MP4 reader then loses track of composition offsets
// and stamps keyframes with the times of other frames.
void cm_reader_set_mode(cm_frame_reader *reader, enum cm_reader_mode mode) {
    int keyframes_only = mode == CM_MODE_KEYFRAMES || mode == CM_MODE_FAST;
    reader->decoder->skip_frame = keyframes_only ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT;
    if (mode != CM_MODE_EXACT) reader->exact_position_valid = 0;
    reader->mode = mode;
}

static void seek_to_beginning(cm_frame_reader *reader) {
    // A non-seekable input is read from where it stands (cm_seek_before logs it).
    (void)cm_seek_before(reader->format, reader->stream_index, CM_NO_TIME);
}

void cm_reader_reposition(cm_frame_reader *reader, double target, int step) {
    av_packet_unref(reader->packet);
    reader->first_after_seek = 1;
    reader->packets_since_seek = 0;
    double start = cm_seconds(reader->stream->start_time, reader->stream->time_base);
    if (!cm_is_time(target) || step >= CM_BACK_OFF_STEPS
        || (cm_is_time(start) && target - back_off_seconds[step] <= start)) {
        reader->seek_step = CM_BACK_OFF_STEPS;
        seek_to_beginning(reader);
        return;
    }
    reader->seek_step = step;
    int64_t ts = cm_stream_timestamp(target - back_off_seconds[step], reader->stream->time_base);
    if (av_seek_frame(reader->format, reader->stream_index, ts, AVSEEK_FLAG_BACKWARD) < 0) {
        reader->seek_step = CM_BACK_OFF_STEPS;
        seek_to_beginning(reader);
    }
}

void cm_reader_seek_near(cm_frame_reader *reader, double target, int step) {
    avcodec_flush_buffers(reader->decoder);
    reader->input_done = 0;
    reader->sent_head = reader->sent_count = 0;
    cm_reader_reposition(reader, target, step);
}

int cm_reader_can_back_off(const cm_frame_reader *reader) { return reader->seek_step < CM_BACK_OFF_STEPS; }

int cm_reader_next_keyframe_packet(cm_frame_reader *reader, double target, cm_reader_back_off back_off, double *time) {
    for (;;) {
        if (!cm_reader_read_packet(reader, 1)) {
            if (cm_is_time(target) && cm_reader_landed_past_the_end(reader)) {
                back_off(reader, target, reader->seek_step + 1);
                continue;
            }
            return 0;
        }
        double t = cm_packet_time(reader->packet, reader->stream->time_base);
        if (reader->first_after_seek) {
            reader->first_after_seek = 0;
            if (cm_is_time(target) && cm_is_time(t) && t > target + CM_SAME_TIME && cm_reader_can_back_off(reader)) {
                back_off(reader, target, reader->seek_step + 1);
                continue;
            }
        }
        *time = t;
        return 1;
    }
}

int cm_reader_landed_past_the_end(const cm_frame_reader *reader) {
    return reader->packets_since_seek == 0 && cm_reader_can_back_off(reader);
}

int cm_reader_end_input(cm_frame_reader *reader, cm_status *status) {
    av_packet_unref(reader->packet);
    reader->input_done = 1;
    int err = avcodec_send_packet(reader->decoder, NULL);
    if (err < 0 && err != AVERROR_EOF) return cm_fail(status, CM_E_DECODE, err, "cannot finish decoding");
    return CM_OK;
}

int cm_reader_read_packet(cm_frame_reader *reader, int keyframes_only) {
    for (;;) {
        av_packet_unref(reader->packet);
        int err = av_read_frame(reader->format, reader->packet);
        if (err < 0) {
            // A damaged tail ends the input like EOF: what was read before it is real.
            if (err != AVERROR_EOF) av_log(NULL, AV_LOG_WARNING, "reading stopped early: %s\n", av_err2str(err));
            return 0;
        }
        if (reader->packet->stream_index != reader->stream_index) continue;
        if (keyframes_only && !(reader->packet->flags & AV_PKT_FLAG_KEY)) continue;
        reader->packets_since_seek++;
        return 1;
    }
}

int cm_reader_send_packet(cm_frame_reader *reader, int *accepted, cm_status *status) {
    int err = avcodec_send_packet(reader->decoder, reader->packet);
    double t = cm_packet_time(reader->packet, reader->stream->time_base);
    av_packet_unref(reader->packet);
    *accepted = err >= 0;
    if (err == AVERROR(EAGAIN)) // cannot happen: we send only after the decoder asked for input
        return cm_fail(status, CM_E_DECODE, err, "the decoder refused input out of turn");
    if (err == AVERROR(ENOMEM)) return cm_fail(status, CM_E_NOMEM, err, "out of memory while decoding");
    if (err < 0) av_log(NULL, AV_LOG_WARNING, "skipping a damaged picture at %.3f s: %s\n", t, av_err2str(err));
    return CM_OK;
}
