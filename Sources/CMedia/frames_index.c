// Reading only keyframes from an MP4 whose sample table is complete: seek to
// each keyframe the table lists and read that one packet. The rest of the file
// (often 80-90 % of its bytes) is never read, which matters for lessons on disk.
#include "frames_internal.h"
#include <string.h>

// Presentation times follow decode times by a few frames at most; keyframes
// within this margin of the range are read and placed by their real pts.
#define DECODE_LEAD_SECONDS 2.0

int cm_mov_index_is_complete(const AVFormatContext *format, const AVStream *stream) {
    if (!strstr(format->iformat->name, "mov")) return 0;
    int entries = avformat_index_get_entries_count(stream);
    return entries > 0 && stream->nb_frames > 0 && (int64_t)entries == stream->nb_frames;
}

const AVIndexEntry *cm_index_keyframe_entry(const AVStream *stream, int i, int64_t file_size, int *past_end) {
    *past_end = 0;
    const AVIndexEntry *entry = avformat_index_get_entry((AVStream *)stream, i);
    if (!entry || !(entry->flags & AVINDEX_KEYFRAME) || (entry->flags & AVINDEX_DISCARD_FRAME)) return NULL;
    if (file_size > 0 && entry->pos + entry->size > file_size) {
        *past_end = 1;
        return NULL;
    }
    return entry;
}

int cm_read_indexed_keyframe(AVFormatContext *format, int stream_index, int64_t dts, AVPacket *packet) {
    av_packet_unref(packet);
    // MP4 seeks by presentation time, which is at or after the decode time:
    // the first keyframe shown at or after `dts` is this entry's.
    int err = av_seek_frame(format, stream_index, dts, 0);
    if (err >= 0) err = av_read_frame(format, packet);
    if (err < 0 || packet->stream_index != stream_index || !(packet->flags & AV_PKT_FLAG_KEY) || packet->dts != dts) {
        av_packet_unref(packet);
        return 0;
    }
    return 1;
}

void cm_index_walk_begin(cm_index_walk *walk, AVFormatContext *format, const AVStream *stream) {
    memset(walk, 0, sizeof *walk);
    walk->failed_at = CM_NO_TIME;
    walk->active = cm_mov_index_is_complete(format, stream);
    walk->file_size = format->pb ? avio_size(format->pb) : -1;
}

int cm_index_walk_next(cm_index_walk *walk, AVFormatContext *format, int stream_index,
                       double start, double end, AVPacket *packet) {
    AVStream *stream = format->streams[stream_index];
    int entries = avformat_index_get_entries_count(stream);
    while (walk->next_entry < entries) {
        int past_end;
        const AVIndexEntry *entry = cm_index_keyframe_entry(stream, walk->next_entry, walk->file_size, &past_end);
        walk->next_entry++;
        if (past_end) return 0; // truncated here
        if (!entry) continue;
        double decode_time = cm_seconds(entry->timestamp, stream->time_base);
        if (start > CM_NO_TIME / 2 && decode_time < start - DECODE_LEAD_SECONDS) continue;
        if (end > CM_NO_TIME / 2 && decode_time >= end + DECODE_LEAD_SECONDS) return 0;

        if (!cm_read_indexed_keyframe(format, stream_index, entry->timestamp, packet)) {
            walk->active = 0;
            walk->failed_at = decode_time;
            return -1;
        }
        return 1;
    }
    return 0;
}
