// Composition offsets (the `ctts` box) of one MP4/MOV track, read straight from
// the file's sample table. FFmpeg keeps them private and applies them only when a
// packet is read; reading one packet per keyframe costs a seek and a whole
// keyframe's bytes each. The caller checks the result against a few real reads.
#include "mp4_ctts.h"
#include <stdio.h>
#include <math.h>
#include <string.h>

typedef struct box {
    uint32_t type;
    int64_t body;   // file offset of the box's payload
    int64_t end;    // file offset just past the box
} box;

#define FOURCC(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

static int read_u32(FILE *file, uint32_t *value) {
    unsigned char b[4];
    if (fread(b, 1, 4, file) != 4) return -1;
    *value = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
    return 0;
}

static int read_u64(FILE *file, uint64_t *value) {
    uint32_t high, low;
    if (read_u32(file, &high) || read_u32(file, &low)) return -1;
    *value = ((uint64_t)high << 32) | low;
    return 0;
}

// Reads the header of the box at `at` inside a parent ending at `limit`.
static int read_box(FILE *file, int64_t at, int64_t limit, box *out) {
    if (at + 8 > limit || fseeko(file, at, SEEK_SET) != 0) return -1;
    uint32_t size32;
    if (read_u32(file, &size32) || read_u32(file, &out->type)) return -1;
    int64_t header = 8, size = size32;
    if (size32 == 1) {
        uint64_t large;
        if (read_u64(file, &large) || large > (uint64_t)INT64_MAX) return -1;
        size = (int64_t)large;
        header = 16;
    } else if (size32 == 0) {
        size = limit - at; // to the end of the parent
    }
    if (size < header || at + size > limit) return -1;
    out->body = at + header;
    out->end = at + size;
    return 0;
}

// Finds the first child of type `type` in [from, limit).
static int find_child(FILE *file, int64_t from, int64_t limit, uint32_t type, box *out) {
    for (int64_t at = from; at < limit; at = out->end) {
        if (read_box(file, at, limit, out)) return -1;
        if (out->type == type) return 0;
    }
    return -1;
}

static int track_id_of(FILE *file, const box *tkhd, uint32_t *id) {
    uint32_t version_flags;
    if (fseeko(file, tkhd->body, SEEK_SET) || read_u32(file, &version_flags)) return -1;
    // version 1 has 64-bit creation and modification times before the id.
    int64_t skip = (version_flags >> 24) == 1 ? 16 : 8;
    if (fseeko(file, tkhd->body + 4 + skip, SEEK_SET) || read_u32(file, id)) return -1;
    return 0;
}

// The stbl box of the track whose tkhd names `track_id`.
static int find_sample_table(FILE *file, int64_t file_size, int track_id, box *stbl) {
    box moov, trak, child;
    if (find_child(file, 0, file_size, FOURCC('m', 'o', 'o', 'v'), &moov)) return -1;
    for (int64_t at = moov.body; at < moov.end; at = trak.end) {
        if (read_box(file, at, moov.end, &trak)) return -1;
        if (trak.type != FOURCC('t', 'r', 'a', 'k')) continue;
        uint32_t id;
        if (find_child(file, trak.body, trak.end, FOURCC('t', 'k', 'h', 'd'), &child) ||
            track_id_of(file, &child, &id) || id != (uint32_t)track_id)
            continue;
        box mdia, minf;
        if (find_child(file, trak.body, trak.end, FOURCC('m', 'd', 'i', 'a'), &mdia) ||
            find_child(file, mdia.body, mdia.end, FOURCC('m', 'i', 'n', 'f'), &minf) ||
            find_child(file, minf.body, minf.end, FOURCC('s', 't', 'b', 'l'), stbl))
            return -1;
        return 0;
    }
    return -1;
}

static int sample_count(FILE *file, const box *stbl, uint32_t *count) {
    box stsz;
    uint32_t version_flags, default_size;
    if (find_child(file, stbl->body, stbl->end, FOURCC('s', 't', 's', 'z'), &stsz) ||
        fseeko(file, stsz.body, SEEK_SET) || read_u32(file, &version_flags) ||
        read_u32(file, &default_size) || read_u32(file, count))
        return -1;
    return 0;
}

int cm_mp4_composition_offsets(const char *path, int track_id, int64_t expected_samples,
                               const int64_t *samples, size_t count, int64_t *offsets) {
    FILE *file = fopen(path, "rb");
    if (!file) return -1;
    int result = -1;
    box stbl, ctts;
    uint32_t total, version_flags, entries;
    if (fseeko(file, 0, SEEK_END)) goto done;
    int64_t file_size = ftello(file);
    if (file_size <= 0 || find_sample_table(file, file_size, track_id, &stbl)) goto done;
    // The table must describe exactly the samples FFmpeg indexed, one to one.
    if (sample_count(file, &stbl, &total) || (int64_t)total != expected_samples) goto done;
    if (find_child(file, stbl.body, stbl.end, FOURCC('c', 't', 't', 's'), &ctts) ||
        fseeko(file, ctts.body, SEEK_SET) || read_u32(file, &version_flags) || read_u32(file, &entries) ||
        (int64_t)entries * 8 > ctts.end - ctts.body - 8)
        goto done;

    // Walk the run-length entries once, alongside the ascending sample numbers.
    int64_t first_of_run = 0;
    size_t next = 0;
    for (uint32_t e = 0; e < entries && next < count; e++) {
        uint32_t run, raw;
        if (read_u32(file, &run) || read_u32(file, &raw)) goto done;
        // Version 0 offsets are nominally unsigned, but writers put negative ones
        // there too; FFmpeg reads both versions as signed, and so does this.
        int64_t offset = (int32_t)raw;
        int64_t end_of_run = first_of_run + run;
        while (next < count && samples[next] < end_of_run) {
            if (samples[next] < first_of_run) goto done; // not ascending
            offsets[next++] = offset;
        }
        first_of_run = end_of_run;
    }
    if (next == count) result = 0;
done:
    fclose(file);
    return result;
}

static int write_u32(FILE *file, uint32_t value) {
    unsigned char b[4] = {(unsigned char)(value >> 24), (unsigned char)(value >> 16), (unsigned char)(value >> 8),
                          (unsigned char)value};
    return fwrite(b, 1, 4, file) == 4 ? 0 : -1;
}

static int write_u64(FILE *file, uint64_t value) {
    return write_u32(file, (uint32_t)(value >> 32)) || write_u32(file, (uint32_t)value) ? -1 : 0;
}

// The trak box whose tkhd names `track_id`, and that tkhd.
static int find_track(FILE *file, const box *moov, int track_id, box *trak, box *tkhd) {
    for (int64_t at = moov->body; at < moov->end; at = trak->end) {
        if (read_box(file, at, moov->end, trak)) return -1;
        if (trak->type != FOURCC('t', 'r', 'a', 'k')) continue;
        uint32_t id;
        if (!find_child(file, trak->body, trak->end, FOURCC('t', 'k', 'h', 'd'), tkhd) && !track_id_of(file, tkhd, &id)
            && id == (uint32_t)track_id)
            return 0;
    }
    return -1;
}

int cm_mp4_limit_presentation(const char *path, int track_id, double seconds) {
    if (!(seconds > 0)) return -1;
    FILE *file = fopen(path, "r+b");
    if (!file) return -1;
    int result = -1;
    box moov, mvhd, trak, tkhd, edts, elst;
    uint32_t version_flags, timescale, entries;
    if (fseeko(file, 0, SEEK_END)) goto done;
    int64_t file_size = ftello(file);
    if (file_size <= 0 || find_child(file, 0, file_size, FOURCC('m', 'o', 'o', 'v'), &moov) ||
        find_child(file, moov.body, moov.end, FOURCC('m', 'v', 'h', 'd'), &mvhd) ||
        fseeko(file, mvhd.body, SEEK_SET) || read_u32(file, &version_flags))
        goto done;
    // mvhd: creation and modification times (32 or 64 bits each), then the movie timescale.
    if (fseeko(file, mvhd.body + 4 + ((version_flags >> 24) == 1 ? 16 : 8), SEEK_SET) || read_u32(file, &timescale) ||
        timescale == 0)
        goto done;
    if (find_track(file, &moov, track_id, &trak, &tkhd) ||
        find_child(file, trak.body, trak.end, FOURCC('e', 'd', 't', 's'), &edts) ||
        find_child(file, edts.body, edts.end, FOURCC('e', 'l', 's', 't'), &elst) ||
        fseeko(file, elst.body, SEEK_SET) || read_u32(file, &version_flags) || read_u32(file, &entries) || entries == 0)
        goto done;
    int wide = (version_flags >> 24) == 1;
    int64_t entry_size = wide ? 20 : 12;
    if (elst.body + 8 + entry_size * entries > elst.end) goto done;
    // Empty edits (a delay) come first; the last entry shows the media.
    uint64_t total = 0, before_last = 0;
    for (uint32_t e = 0; e < entries; e++) {
        uint64_t duration;
        uint32_t narrow;
        if (fseeko(file, elst.body + 8 + entry_size * e, SEEK_SET)) goto done;
        if (wide ? read_u64(file, &duration) : (read_u32(file, &narrow) || ((duration = narrow), 0))) goto done;
        if (e + 1 < entries) before_last += duration;
        total += duration;
    }
    uint64_t wanted = (uint64_t)llround(seconds * timescale);
    if (wanted >= total || wanted <= before_last) { result = 0; goto done; } // already within it
    uint64_t last = wanted - before_last;
    if (fseeko(file, elst.body + 8 + entry_size * (entries - 1), SEEK_SET) ||
        (wide ? write_u64(file, last) : (last > UINT32_MAX || write_u32(file, (uint32_t)last))))
        goto done;
    // tkhd duration (movie timescale) follows the edit list.
    if (fseeko(file, tkhd.body, SEEK_SET) || read_u32(file, &version_flags)) goto done;
    int64_t duration_at = tkhd.body + 4 + ((version_flags >> 24) == 1 ? 16 + 8 : 8 + 8);
    if (fseeko(file, duration_at, SEEK_SET) ||
        ((version_flags >> 24) == 1 ? write_u64(file, wanted) : write_u32(file, (uint32_t)wanted)))
        goto done;
    result = fflush(file) == 0 ? 0 : -1;
done:
    if (fclose(file) != 0) result = -1;
    return result;
}
