// One picture at a time: the first frame at or after a time (exact: seek to
// the keyframe before it and decode forward, or carry on decoding when that is
// cheaper), or the keyframe at or before it (fast: one packet decoded alone).
#include "frames_internal.h"

// Whether decoding on from the held frame reaches `time` sooner than a seek:
// true when the keyframe a seek would land on is not after where we are.
static int cheaper_to_continue(const cm_frame_reader *reader, double time) {
    if (!reader->exact_position_valid || !cm_is_time(reader->held_time) || time < reader->last_request) return 0;
    if (reader->input_done) return 1; // at the end: the held frame is the last one
    AVStream *stream = reader->stream;
    int index = av_index_search_timestamp(stream, cm_stream_timestamp(time, stream->time_base), AVSEEK_FLAG_BACKWARD);
    const AVIndexEntry *entry = index >= 0 ? avformat_index_get_entry(stream, index) : NULL;
    if (!entry) return time - reader->held_time <= 2.0; // no index (MPEG-TS): a short way on is cheaper
    return cm_seconds(entry->timestamp, stream->time_base) <= reader->held_time + CM_SAME_TIME;
}

static int convert_held(cm_frame_reader *reader, cm_picture **out, cm_status *status) {
    return cm_convert_frame(&reader->converter, reader->held, reader->held_time, out, status);
}

// One frame's duration at the stream's nominal rate, 0 if unknown.
static double frame_step(const AVStream *stream) {
    AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    return rate.num > 0 && rate.den > 0 ? av_q2d(av_inv_q(rate)) : 0;
}

// At the end of the stream the answer is the last frame, if there was any.
static int finish_with_held(cm_frame_reader *reader, cm_picture **out, cm_status *status) {
    if (!reader->held->buf[0]) {
        cm_ok(status);
        return CM_END;
    }
    return convert_held(reader, out, status);
}

// Decodes forward to the first frame with time >= target (or the last frame).
static int decode_to(cm_frame_reader *reader, double target, cm_picture **out, cm_status *status) {
    int errors_in_a_row = 0;
    for (;;) {
        int err;
        int limit = cm_reader_receive_frame(reader, &err, status);
        if (limit != CM_OK) return limit;
        if (err >= 0) {
            double t = cm_frame_time(reader->frame, reader->stream->time_base);
            if (reader->first_after_seek) {
                reader->first_after_seek = 0;
                if (cm_is_time(t) && t > target + CM_SAME_TIME && cm_reader_can_back_off(reader)) {
                    // Landed past the target: seek further back and decode forward again.
                    av_frame_unref(reader->frame);
                    cm_reader_seek_near(reader, target, reader->seek_step + 1);
                    continue;
                }
            }
            // Files without pts (AVI) lose the guess at the end: count on from the last known time.
            if (!cm_is_time(t) && cm_is_time(reader->held_time)) t = reader->held_time + frame_step(reader->stream);
            av_frame_unref(reader->held);
            av_frame_move_ref(reader->held, reader->frame);
            reader->held_time = t;
            // A frame without any time cannot be placed: keep looking, it stays the fallback.
            if (cm_is_time(t) && t >= target - CM_SAME_TIME) return convert_held(reader, out, status);
            continue;
        }
        if (err == AVERROR_EOF) return finish_with_held(reader, out, status);
        if (err != AVERROR(EAGAIN)) {
            if (++errors_in_a_row > CM_MAX_DECODE_ERRORS_IN_A_ROW)
                return cm_fail(status, CM_E_DECODE, err, "the video cannot be decoded");
            continue;
        }
        errors_in_a_row = 0;
        if (reader->input_done) return finish_with_held(reader, out, status);
        int result = CM_OK, accepted = 0;
        if (cm_reader_read_packet(reader, 0)) {
            result = cm_reader_send_packet(reader, &accepted, status);
        } else if (cm_reader_landed_past_the_end(reader)) {
            cm_reader_seek_near(reader, target, reader->seek_step + 1);
        } else {
            result = cm_reader_end_input(reader, status);
        }
        if (result != CM_OK) return result;
    }
}

static int picture_exact(cm_frame_reader *reader, double time, cm_picture **out, cm_status *status) {
    if (reader->mode != CM_MODE_EXACT) cm_reader_set_mode(reader, CM_MODE_EXACT);
    if (cheaper_to_continue(reader, time)) {
        reader->last_request = time;
        // The held frame is the first at or after the previous time; if it is
        // also at or after this one, it is the answer again.
        if (reader->held_time >= time - CM_SAME_TIME || reader->input_done) return convert_held(reader, out, status);
        return decode_to(reader, time, out, status);
    }
    av_frame_unref(reader->held);
    reader->held_time = CM_NO_TIME;
    cm_reader_seek_near(reader, time, 0);
    reader->exact_position_valid = 1;
    reader->last_request = time;
    return decode_to(reader, time, out, status);
}

// Picks, without decoding, the last keyframe packet at or before time (or the
// first keyframe if time is before it) into reader->chosen. 1 if found.
static int choose_keyframe_packet(cm_frame_reader *reader, double time) {
    av_packet_unref(reader->chosen);
    int found = 0;
    double t;
    while (cm_reader_next_keyframe_packet(reader, time, cm_reader_seek_near, &t)) {
        if (found && cm_is_time(t) && t > time + CM_SAME_TIME) break;
        av_packet_unref(reader->chosen);
        av_packet_move_ref(reader->chosen, reader->packet);
        found = 1;
        if (cm_is_time(t) && t > time + CM_SAME_TIME) break; // time is before the first keyframe
    }
    av_packet_unref(reader->packet);
    return found;
}

static int picture_fast(cm_frame_reader *reader, double time, cm_picture **out, cm_status *status) {
    cm_reader_set_mode(reader, CM_MODE_FAST);
    cm_reader_seek_near(reader, time, 0);
    if (!choose_keyframe_packet(reader, time)) {
        cm_ok(status);
        return CM_END;
    }
    // Decode the one packet on its own: send it, drain, reset for the next call.
    avcodec_flush_buffers(reader->decoder);
    double t = cm_packet_time(reader->chosen, reader->stream->time_base);
    int err = avcodec_send_packet(reader->decoder, reader->chosen);
    av_packet_unref(reader->chosen);
    if (err >= 0) err = avcodec_send_packet(reader->decoder, NULL);
    int result = CM_E_DECODE;
    while (err >= 0) {
        err = avcodec_receive_frame(reader->decoder, reader->frame);
        if (err < 0) break;
        if (result == CM_E_DECODE)
            result = cm_convert_frame(&reader->converter, reader->frame, cm_frame_time(reader->frame, reader->stream->time_base), out, status);
        av_frame_unref(reader->frame);
    }
    avcodec_flush_buffers(reader->decoder);
    int limit = cm_reader_check_size(reader, status);
    if (limit != CM_OK) return limit;
    if (result == CM_E_DECODE)
        return cm_fail(status, CM_E_DECODE, err == AVERROR_EOF ? 0 : err, "cannot decode the keyframe at %.3f s", t);
    return result;
}

int cm_frame_reader_picture_at(cm_frame_reader *reader, double time, int mode, cm_picture **out, cm_status *status) {
    if (!reader || !out) return cm_fail(status, CM_E_INVALID, 0, "no reader or output");
    *out = NULL;
    if (!cm_is_time(time)) return cm_fail(status, CM_E_INVALID, 0, "no time given");
    if (mode == CM_SEEK_KEYFRAME) return picture_fast(reader, time, out, status);
    if (mode == CM_SEEK_EXACT) return picture_exact(reader, time, out, status);
    return cm_fail(status, CM_E_INVALID, 0, "unknown seek mode %d", mode);
}
