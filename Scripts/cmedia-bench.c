// The media core alone, without the Swift binary: one cut through the CMedia C API,
// with the time and peak memory of each step. Built and run by Scripts/bench-cmedia.sh.
// Usage: cmedia-bench copy|smart|reencode LESSON START END OUT
#include "cmedia.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long peak_kib(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

static void print_problems(int level, const char *line) {
    if (level <= 24) fprintf(stderr, "ffmpeg: %s\n", line);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s copy|smart|reencode LESSON START END OUT\n", argv[0]);
        return 2;
    }
    cm_log_install(print_problems, 24);
    double t0 = now();
    long base = peak_kib();
    cm_media *media = NULL;
    cm_status status = {0};
    cm_open_limits limits = {.open_seconds = 600}; // valgrind is slow
    if (cm_media_open(argv[2], &limits, &media, &status) != CM_OK) {
        fprintf(stderr, "open: %s\n", status.message);
        return 1;
    }
    double t1 = now();
    long opened = peak_kib();
    cm_keyframes keyframes = {0};
    if (cm_media_keyframes(media, cm_media_best_video_stream(media), &keyframes, &status) != CM_OK || !keyframes.count) {
        fprintf(stderr, "keyframes: %s\n", status.message);
        return 1;
    }
    double t2 = now();
    double start = atof(argv[3]), end = atof(argv[4]), before = keyframes.times[0];
    for (size_t i = 0; i < keyframes.count; i++)
        if (keyframes.times[i] <= start + 0.0005) before = keyframes.times[i];
    cm_clip_request request = {.start = start, .end = end, .output_path = argv[5], .container = "mp4",
                               .decode_from = before};
    cm_cut_options options = {.faststart = 1};
    cm_clip_result result;
    int code;
    if (strcmp(argv[1], "copy") == 0) {
        request.start = before;
        code = cm_cut_copy(media, &request, 1, &options, &result, &status);
    } else if (strcmp(argv[1], "smart") == 0) {
        code = cm_cut_smart(media, &request, &options, &result, &status);
    } else {
        code = cm_cut_reencode(media, &request, &options, &result, &status);
    }
    double t3 = now();
    if (code != CM_OK) {
        fprintf(stderr, "cut: %s\n", status.message);
        return 1;
    }
    printf("%s: open %.1f ms, keyframes %.1f ms, cut %.1f ms; peak memory %.1f MiB at start, %.1f MiB "
           "after open, %.1f MiB after the cut (the cut's own: %.1f MiB); clip %.3f-%.3f s\n",
           argv[1], (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, base / 1024.0, opened / 1024.0,
           peak_kib() / 1024.0, (peak_kib() - opened) / 1024.0, result.actual_start, result.actual_end);
    cm_keyframes_free(&keyframes);
    cm_media_close(media);
    return 0;
}
