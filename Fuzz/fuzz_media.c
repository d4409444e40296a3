// libFuzzer target over CMedia: what ClipCoach does to any file a user hands it.
// probe, keyframe index, a short stream-copy cut, a short re-encode and a
// thumbnail, all through the public C API (cmedia.h, cmedia_frames.h).
//
// Built and run by Scripts/fuzz.sh; replayed over the samples, the corpus and
// Fuzz/regressions/ under AddressSanitizer, UBSan and LeakSanitizer by
// Scripts/sanitize.sh (a libFuzzer binary given files runs each once).
#include "cmedia.h"
#include "cmedia_frames.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char input_path[64], copy_path[64], encode_path[64];

static void quiet_log(int level, const char *line) { (void)level; (void)line; }

static void make_paths(void) {
    if (input_path[0]) return;
    const char *folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(input_path, sizeof input_path, "%s/cm-fuzz-%d.in", folder, (int)getpid());
    snprintf(copy_path, sizeof copy_path, "%s/cm-fuzz-%d.mkv", folder, (int)getpid());
    snprintf(encode_path, sizeof encode_path, "%s/cm-fuzz-%d.mp4", folder, (int)getpid());
    cm_log_install(quiet_log, -8);
}

static int write_input(const uint8_t *data, size_t size) {
    FILE *file = fopen(input_path, "wb");
    if (!file) return -1;
    size_t written = size ? fwrite(data, 1, size, file) : 0;
    fclose(file);
    return written == size ? 0 : -1;
}

static void exercise_pictures(cm_media *media, double time) {
    cm_reader_options options = {.width = 64, .threads = 1, .max_pixels = 4096 * 4096};
    cm_frame_reader *reader = NULL;
    cm_status status;
    if (cm_frame_reader_open(media, &options, &reader, &status) != CM_OK) return;
    cm_picture *picture = NULL;
    if (cm_frame_reader_picture_at(reader, time, CM_SEEK_KEYFRAME, &picture, &status) == CM_OK && picture) {
        cm_image_encoder *encoder = NULL;
        if (cm_image_encoder_open(CM_IMAGE_JPEG, 0, &encoder, &status) == CM_OK) {
            cm_image image = {0};
            if (cm_image_encode(encoder, picture, &image, &status) == CM_OK) cm_image_free(&image);
            cm_image_encoder_close(encoder);
        }
        cm_luma_stats stats;
        cm_picture_luma_stats(picture, &stats);
        cm_picture_free(picture);
    }
    if (cm_frame_reader_begin_keyframes(reader, CM_NO_TIME, CM_NO_TIME, &status) == CM_OK) {
        for (int i = 0; i < 3; i++) {
            picture = NULL;
            if (cm_frame_reader_next_keyframe(reader, &picture, &status) != CM_OK) break;
            cm_picture_free(picture);
        }
    }
    cm_frame_reader_close(reader);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    make_paths();
    if (write_input(data, size) != 0) return 0;
    cm_open_limits limits = {.probe_bytes = 1 << 20, .analyze_microseconds = 2 * 1000 * 1000};
    cm_media *media = NULL;
    cm_status status;
    if (cm_media_open(input_path, &limits, &media, &status) != CM_OK) return 0;

    cm_format_info format;
    cm_media_format_info(media, &format);
    for (int i = 0; i < format.stream_count; i++) {
        cm_stream_info stream;
        cm_media_stream_info(media, i, &stream);
    }
    int video = cm_media_best_video_stream(media);
    if (video >= 0) {
        cm_keyframes keyframes = {0};
        double start = 0;
        if (cm_media_keyframes(media, video, &keyframes, &status) == CM_OK && keyframes.count > 0)
            start = keyframes.times[0];
        cm_keyframes_free(&keyframes);

        cm_cut_options options = {.faststart = 1, .height = 32, .crf = 40, .preset = "ultrafast"};
        cm_clip_request copy = {.start = start, .end = start + 1.0, .output_path = copy_path,
                                .container = "matroska", .decode_from = CM_NO_TIME};
        cm_clip_result result;
        cm_cut_copy(media, &copy, 1, &options, &result, &status);
        cm_clip_request encode = {.start = start, .end = start + 0.3, .output_path = encode_path,
                                  .container = "mp4", .decode_from = start};
        cm_cut_reencode(media, &encode, &options, &result, &status);
        // Smart: START between keyframes, so a head is made and joined to copied packets.
        cm_clip_request smart = {.start = start + 0.1, .end = start + 1.2, .output_path = encode_path,
                                 .container = "mp4", .decode_from = start};
        if (cm_smart_cut_supported(media, video)) cm_cut_smart(media, &smart, &options, &result, &status);
        exercise_pictures(media, start + 0.5);
    }
    cm_media_close(media);
    unlink(copy_path);
    unlink(encode_path);
    return 0;
}
