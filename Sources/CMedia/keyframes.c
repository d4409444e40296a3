// Keyframe times of one stream: from the container's own table when it is
// complete and cheap to trust, else from packet flags (demux only, no decode).
#include "internal.h"
#include "mp4_ctts.h"
#include <stdlib.h>
#include <string.h>

typedef struct time_list {
    double *times;
    size_t count, capacity;
} time_list;

static int time_list_push(time_list *list, double value) {
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 256;
        double *grown = realloc(list->times, capacity * sizeof *grown);
        if (!grown) return CM_E_NOMEM;
        list->times = grown;
        list->capacity = capacity;
    }
    list->times[list->count++] = value;
    return CM_OK;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// Sorted, with duplicates (same packet reported twice by a seek) removed.
static void time_list_finish(time_list *list) {
    if (list->count == 0) return;
    qsort(list->times, list->count, sizeof *list->times, compare_doubles);
    size_t kept = 1;
    for (size_t i = 1; i < list->count; i++)
        if (list->times[i] - list->times[kept - 1] > CM_SAME_TIME) list->times[kept++] = list->times[i];
    list->count = kept;
}

static int is_format(const AVFormatContext *format, const char *name) {
    return strstr(format->iformat->name, name) != NULL;
}

// Only this stream's packets are read; the demuxer skips the others' data.
static void read_only_stream(AVFormatContext *format, int stream_index, enum AVDiscard *saved) {
    for (unsigned i = 0; i < format->nb_streams; i++) {
        saved[i] = format->streams[i]->discard;
        format->streams[i]->discard = (int)i == stream_index ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }
}

static void restore_discard(AVFormatContext *format, const enum AVDiscard *saved) {
    for (unsigned i = 0; i < format->nb_streams; i++) format->streams[i]->discard = saved[i];
}

// Reads every packet of the stream and keeps the times of those flagged key.
static int scan_packet_flags(AVFormatContext *format, int stream_index, time_list *list, cm_status *status) {
    AVStream *stream = format->streams[stream_index];
    // From the very first packet, keyframe or not: a seek to the first keyframe would
    // trust the very table this scan stands in for (MP4 stss one frame late skips the
    // real first I-frame). A non-seekable input is scanned from where it stands.
    int err = avformat_seek_file(format, -1, INT64_MIN, INT64_MIN, INT64_MIN, AVSEEK_FLAG_ANY);
    if (err < 0) (void)cm_seek_before(format, stream_index, CM_NO_TIME);
    AVPacket *packet = av_packet_alloc();
    if (!packet) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    int result = CM_OK;
    while ((err = av_read_frame(format, packet)) >= 0) {
        // Discard-flagged packets (before an edit list's start) are never shown.
        if (packet->stream_index == stream_index && (packet->flags & AV_PKT_FLAG_KEY) &&
            !(packet->flags & AV_PKT_FLAG_DISCARD)) {
            double t = cm_packet_time(packet, stream->time_base);
            if (t != CM_NO_TIME && time_list_push(list, t) != CM_OK) {
                av_packet_unref(packet);
                result = cm_fail(status, CM_E_NOMEM, 0, "out of memory");
                break;
            }
        }
        av_packet_unref(packet);
    }
    // A damaged tail ends the scan like EOF: the keyframes before it are real.
    av_packet_free(&packet);
    return result;
}

// The presentation time of the keyframe at decode time `dts`; CM_E_DECODE when the
// packet there is not that keyframe (the table lies).
static int read_keyframe_pts(AVFormatContext *format, int stream_index, AVPacket *packet, int64_t dts, int64_t *pts) {
    if (!cm_read_indexed_keyframe(format, stream_index, dts, packet)) return CM_E_DECODE;
    *pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    av_packet_unref(packet);
    return CM_OK;
}

typedef struct keyframe_entries {
    int64_t *samples;  // sample numbers in the index (= MP4 sample numbers when complete)
    int64_t *dts;      // decode times, stream time base
    int64_t *offsets;  // composition offsets, filled by the ctts path
    size_t count;
} keyframe_entries;

static void keyframe_entries_free(keyframe_entries *entries) {
    free(entries->samples);
    free(entries->dts);
    free(entries->offsets);
}

// The index's keyframes whose bytes are in the file (a truncated file keeps its
// full table: keyframes past its end are not there to cut from).
static int collect_keyframe_entries(AVFormatContext *format, AVStream *stream, keyframe_entries *out) {
    int entries = avformat_index_get_entries_count(stream);
    memset(out, 0, sizeof *out);
    out->samples = malloc((size_t)entries * sizeof *out->samples);
    out->dts = malloc((size_t)entries * sizeof *out->dts);
    out->offsets = malloc((size_t)entries * sizeof *out->offsets);
    if (!out->samples || !out->dts || !out->offsets) return CM_E_NOMEM;
    int64_t file_size = format->pb ? avio_size(format->pb) : -1;
    for (int i = 0; i < entries; i++) {
        int past_end;
        const AVIndexEntry *entry = cm_index_keyframe_entry(stream, i, file_size, &past_end);
        if (past_end) break;
        if (!entry) continue;
        out->samples[out->count] = i;
        out->dts[out->count] = entry->timestamp;
        out->count++;
    }
    return CM_OK;
}

// How many index keyframes, spread over the file, are read to confirm the table.
enum { SPOT_CHECKS = 8 };

// Reads the first and SPOT_CHECKS spread keyframe entries: CM_E_DECODE when one
// is not a keyframe packet where the table says.
static int spot_check_entries(AVFormatContext *format, int stream_index, const keyframe_entries *entries,
                              AVPacket *packet) {
    for (size_t k = 0; k <= SPOT_CHECKS && entries->count > 0; k++) {
        size_t i = k * (entries->count - 1) / SPOT_CHECKS;
        int64_t pts;
        if (read_keyframe_pts(format, stream_index, packet, entries->dts[i], &pts) != CM_OK) return CM_E_DECODE;
        if (entries->count == 1) break;
    }
    return CM_OK;
}

// Presentation times from the ctts box, without reading every keyframe: FFmpeg's
// pts is dts + composition offset + a per-track shift (negative offsets, edit
// lists), so one read fixes the shift and a few spread reads confirm it.
static int keyframes_from_ctts(AVFormatContext *format, int stream_index, const char *path,
                               keyframe_entries *entries, AVPacket *packet, time_list *list) {
    AVStream *stream = format->streams[stream_index];
    if (!path || entries->count == 0 ||
        cm_mp4_composition_offsets(path, stream->id, stream->nb_frames, entries->samples, entries->count,
                                   entries->offsets) != 0)
        return CM_E_DECODE;
    int64_t first_pts;
    if (read_keyframe_pts(format, stream_index, packet, entries->dts[0], &first_pts) != CM_OK) return CM_E_DECODE;
    int64_t shift = first_pts - (entries->dts[0] + entries->offsets[0]);
    for (size_t k = 1; k <= SPOT_CHECKS && entries->count > 1; k++) {
        size_t i = k * (entries->count - 1) / SPOT_CHECKS;
        int64_t pts;
        if (read_keyframe_pts(format, stream_index, packet, entries->dts[i], &pts) != CM_OK ||
            pts != entries->dts[i] + entries->offsets[i] + shift)
            return CM_E_DECODE;
    }
    for (size_t i = 0; i < entries->count; i++)
        if (time_list_push(list, cm_seconds(entries->dts[i] + entries->offsets[i] + shift, stream->time_base)) != CM_OK)
            return CM_E_NOMEM;
    return CM_OK;
}

// MP4 keeps decode times in its index; a keyframe's presentation time needs the
// composition offset, which FFmpeg applies only when it reads the packet. Read
// from the ctts box when it agrees with spot reads, else one packet per keyframe
// (which also checks that the table points at real keyframes). CM_E_DECODE when
// the table lies.
static int keyframes_from_mov_index(AVFormatContext *format, int stream_index, const char *path,
                                    time_list *list, cm_status *status) {
    AVStream *stream = format->streams[stream_index];
    keyframe_entries entries;
    AVPacket *packet = av_packet_alloc();
    int result = collect_keyframe_entries(format, stream, &entries);
    if (!packet) result = CM_E_NOMEM;
    // Without B-frames presentation equals decode time and only a few spread
    // entries are read, to confirm that the sync-sample table marks the pictures
    // the bitstream calls key (some writers mark the frame after each I-frame).
    int needs_read = stream->codecpar->video_delay > 0;
    if (result == CM_OK && !needs_read) {
        result = spot_check_entries(format, stream_index, &entries, packet);
        for (size_t i = 0; i < entries.count && result == CM_OK; i++)
            result = time_list_push(list, cm_seconds(entries.dts[i], stream->time_base));
    } else if (result == CM_OK) {
        result = keyframes_from_ctts(format, stream_index, path, &entries, packet, list);
        if (result == CM_E_DECODE) {
            list->count = 0;
            result = CM_OK;
            for (size_t i = 0; i < entries.count && result == CM_OK; i++) {
                int64_t pts;
                result = read_keyframe_pts(format, stream_index, packet, entries.dts[i], &pts);
                if (result == CM_OK) result = time_list_push(list, cm_seconds(pts, stream->time_base));
            }
        }
    }
    av_packet_free(&packet);
    keyframe_entries_free(&entries);
    if (result == CM_E_NOMEM) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    return result;
}

// Matroska cues hold presentation times directly.
static int keyframes_from_cues(AVStream *stream, time_list *list) {
    int entries = avformat_index_get_entries_count(stream);
    for (int i = 0; i < entries; i++) {
        const AVIndexEntry *entry = avformat_index_get_entry(stream, i);
        if (entry && (entry->flags & AVINDEX_KEYFRAME))
            if (time_list_push(list, cm_seconds(entry->timestamp, stream->time_base)) != CM_OK) return CM_E_NOMEM;
    }
    return CM_OK;
}

// Cues are written per keyframe by common muxers, but some writers cue only
// every few seconds or only the start: trust them when they reach the end.
static int cues_cover_stream(const AVFormatContext *format, AVStream *stream) {
    int entries = avformat_index_get_entries_count(stream);
    if (entries < 2 || format->duration == AV_NOPTS_VALUE) return 0;
    const AVIndexEntry *last = avformat_index_get_entry(stream, entries - 1);
    const AVIndexEntry *first = avformat_index_get_entry(stream, 0);
    if (!last || !first) return 0;
    double last_time = cm_seconds(last->timestamp, stream->time_base);
    double span = last_time - cm_seconds(first->timestamp, stream->time_base);
    double mean_gap = span / (entries - 1);
    double duration = (double)format->duration / AV_TIME_BASE;
    return mean_gap > 0 && mean_gap <= 10.0 && duration - last_time <= 2.0 * mean_gap + 0.5;
}

int cm_media_keyframes(cm_media *media, int stream_index, cm_keyframes *out, cm_status *status) {
    if (!media || !out) return cm_fail(status, CM_E_INVALID, 0, "no media");
    memset(out, 0, sizeof *out);
    AVFormatContext *format = media->format;
    if (stream_index < 0 || (unsigned)stream_index >= format->nb_streams)
        return cm_fail(status, CM_E_NO_STREAM, 0, "no video stream");
    AVStream *stream = format->streams[stream_index];

    enum AVDiscard *saved = calloc(format->nb_streams, sizeof *saved);
    if (!saved) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    read_only_stream(format, stream_index, saved);

    time_list list = {0};
    int source = CM_KEYFRAMES_FROM_SCAN;
    int result = CM_E_DECODE;
    int from_mov_index = 0;
    if (media->confirmed_index_stream == stream_index) media->confirmed_index_stream = -1;
    if (cm_mov_index_is_complete(format, stream)) {
        result = keyframes_from_mov_index(format, stream_index, media->path, &list, status);
        source = CM_KEYFRAMES_FROM_INDEX;
        from_mov_index = 1;
    } else if (is_format(format, "matroska") && cues_cover_stream(format, stream)) {
        result = keyframes_from_cues(stream, &list);
        source = CM_KEYFRAMES_FROM_INDEX;
    }
    if (result == CM_E_DECODE || (result == CM_OK && list.count == 0)) {
        // No usable table, or it did not match the packets: read the flags instead.
        list.count = 0;
        source = CM_KEYFRAMES_FROM_SCAN;
        from_mov_index = 0;
        result = scan_packet_flags(format, stream_index, &list, status);
    }
    restore_discard(format, saved);
    free(saved);
    // Leave the file positioned at its start for whoever reads next.
    (void)cm_seek_before(format, stream_index, CM_NO_TIME);

    if (result != CM_OK) {
        free(list.times);
        if (status && status->code == CM_OK) cm_fail(status, result, 0, "cannot read keyframes");
        return result;
    }
    time_list_finish(&list);
    out->times = list.times;
    out->count = list.count;
    out->source = source;
    if (from_mov_index) media->confirmed_index_stream = stream_index;
    cm_ok(status);
    return CM_OK;
}

void cm_keyframes_free(cm_keyframes *keyframes) {
    if (!keyframes) return;
    free(keyframes->times);
    keyframes->times = NULL;
    keyframes->count = 0;
}
