// Keyframes in a time range: only keyframe packets reach the decoder (read
// from the MP4 table when it is complete, else picked from the packets in
// order), and the decoder is told to skip the rest too, so every codec (VP9
// and AV1 ignore the hint) decodes keyframes only.
#include "frames_internal.h"

static void remember_sent(cm_frame_reader *reader, double t) {
    if (reader->sent_count == CM_SENT_TIMES_CAPACITY) { // forget the oldest
        reader->sent_head = (reader->sent_head + 1) % CM_SENT_TIMES_CAPACITY;
        reader->sent_count--;
    }
    reader->sent_times[(reader->sent_head + reader->sent_count) % CM_SENT_TIMES_CAPACITY] = t;
    reader->sent_count++;
}

static double take_sent(cm_frame_reader *reader) {
    if (reader->sent_count == 0) return CM_NO_TIME;
    double t = reader->sent_times[reader->sent_head];
    reader->sent_head = (reader->sent_head + 1) % CM_SENT_TIMES_CAPACITY;
    reader->sent_count--;
    return t;
}

// A keyframe's time: its pts, which also retires the sent packets up to it
// (a packet that produced no picture must not shift the others), else the
// time of the oldest packet still out.
static double keyframe_time(cm_frame_reader *reader, const AVFrame *frame) {
    double t = cm_seconds(frame->pts, reader->stream->time_base);
    if (!cm_is_time(t)) return take_sent(reader);
    while (reader->sent_count > 0) {
        double oldest = reader->sent_times[reader->sent_head];
        if (cm_is_time(oldest) && oldest > t + CM_SAME_TIME) break;
        take_sent(reader);
    }
    return t;
}

int cm_frame_reader_begin_keyframes(cm_frame_reader *reader, double start, double end, cm_status *status) {
    if (!reader) return cm_fail(status, CM_E_INVALID, 0, "no reader");
    if (cm_is_time(start) && cm_is_time(end) && end < start)
        return cm_fail(status, CM_E_INVALID, 0, "range ends (%.3f s) before it starts (%.3f s)", end, start);
    cm_reader_set_mode(reader, CM_MODE_KEYFRAMES);
    reader->range_start = start;
    reader->range_end = end;
    reader->last_fed_time = CM_NO_TIME;
    cm_reader_seek_near(reader, start, 0); // resets the decoder; a table walk then seeks per keyframe
    cm_index_walk_begin(&reader->walk, reader->format, reader->stream);
    cm_ok(status);
    return CM_OK;
}

static int send_keyframe(cm_frame_reader *reader, double t, cm_status *status) {
    reader->last_fed_time = t;
    int accepted = 0;
    int result = cm_reader_send_packet(reader, &accepted, status);
    if (accepted) remember_sent(reader, t);
    return result;
}

// The MP4 table and the packets disagree: read in order from where the walk
// stopped, past the keyframes already sent (the decoder keeps those in flight).
static void resume_in_order(cm_frame_reader *reader) {
    if (cm_is_time(reader->last_fed_time)) reader->range_start = reader->last_fed_time + 1e-6;
    av_log(NULL, AV_LOG_VERBOSE, "keyframe table disagrees with the packets at %.3f s: reading in order\n",
           reader->walk.failed_at);
    cm_reader_reposition(reader, cm_is_time(reader->range_start) ? reader->range_start : reader->walk.failed_at, 0);
}

// Feeds the decoder the next keyframe packet of the range from the MP4 table.
// Returns 1 when it fed a packet or ended the input, 0 to read in order instead.
static int feed_keyframe_from_index(cm_frame_reader *reader, int *result, cm_status *status) {
    double start = reader->range_start, end = reader->range_end;
    for (;;) {
        int got = cm_index_walk_next(&reader->walk, reader->format, reader->stream_index, start, end, reader->packet);
        if (got < 0) {
            resume_in_order(reader);
            return 0;
        }
        if (got == 0) {
            *result = cm_reader_end_input(reader, status);
            return 1;
        }
        double t = cm_packet_time(reader->packet, reader->stream->time_base);
        if (cm_is_time(start) && (!cm_is_time(t) || t < start - CM_SAME_TIME)) continue;
        if (cm_is_time(end) && cm_is_time(t) && t >= end - CM_SAME_TIME) {
            *result = cm_reader_end_input(reader, status);
            return 1;
        }
        *result = send_keyframe(reader, t, status);
        return 1;
    }
}

// Feeds the decoder the next keyframe packet of the range, or the end of input.
static int feed_keyframe(cm_frame_reader *reader, cm_status *status) {
    int result = CM_OK;
    if (reader->walk.active && feed_keyframe_from_index(reader, &result, status)) return result;
    double start = reader->range_start, end = reader->range_end;
    double t;
    while (cm_reader_next_keyframe_packet(reader, start, cm_reader_reposition, &t)) {
        if (!cm_is_time(t) && (cm_is_time(start) || cm_is_time(end))) continue; // cannot place it in the range
        if (cm_is_time(start) && t < start - CM_SAME_TIME) continue;
        if (cm_is_time(end) && t >= end - CM_SAME_TIME) break;
        return send_keyframe(reader, t, status);
    }
    return cm_reader_end_input(reader, status);
}

int cm_frame_reader_next_keyframe(cm_frame_reader *reader, cm_picture **out, cm_status *status) {
    if (!reader || !out) return cm_fail(status, CM_E_INVALID, 0, "no reader or output");
    *out = NULL;
    if (reader->mode != CM_MODE_KEYFRAMES) return cm_fail(status, CM_E_INVALID, 0, "no keyframe range begun");
    int errors_in_a_row = 0;
    for (;;) {
        int err;
        int limit = cm_reader_receive_frame(reader, &err, status);
        if (limit != CM_OK) return limit;
        if (err >= 0) {
            double t = keyframe_time(reader, reader->frame);
            int result = cm_convert_frame(&reader->converter, reader->frame, t, out, status);
            av_frame_unref(reader->frame);
            return result;
        }
        if (err == AVERROR_EOF) {
            cm_ok(status);
            return CM_END;
        }
        if (err != AVERROR(EAGAIN)) {
            if (++errors_in_a_row > CM_MAX_DECODE_ERRORS_IN_A_ROW)
                return cm_fail(status, CM_E_DECODE, err, "the video cannot be decoded");
            continue;
        }
        errors_in_a_row = 0;
        if (reader->input_done) { // drained without EOF: nothing more will come
            cm_ok(status);
            return CM_END;
        }
        int result = feed_keyframe(reader, status);
        if (result != CM_OK) return result;
    }
}

