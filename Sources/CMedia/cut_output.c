// Setting up and finishing one clip's output file; shared by copy and re-encode.
#define _GNU_SOURCE  // strcasestr
#include "cut_output.h"
#include <string.h>
#include <strings.h>

int cm_container_accepts(const cm_media *media, int stream_index, const char *container) {
    if (!media || stream_index < 0 || (unsigned)stream_index >= media->format->nb_streams || !container) return 0;
    const AVOutputFormat *muxer = av_guess_format(container, NULL, NULL);
    if (!muxer) return 0;
    enum AVCodecID codec = media->format->streams[stream_index]->codecpar->codec_id;
    return avformat_query_codec(muxer, codec, FF_COMPLIANCE_NORMAL) == 1;
}

int cm_is_location_key(const char *key) {
    return strcasestr(key, "location") || strncasecmp(key, "gps", 3) == 0 || strcasestr(key, "ISO6709");
}

void cm_copy_metadata(AVDictionary **to, const AVDictionary *from, int keep_location) {
    const AVDictionaryEntry *entry = NULL;
    while ((entry = av_dict_get(from, "", entry, AV_DICT_IGNORE_SUFFIX))) {
        if (!keep_location && cm_is_location_key(entry->key)) continue;
        av_dict_set(to, entry->key, entry->value, 0);
    }
}

int cm_output_open(AVFormatContext **out, const char *path, const char *container, cm_status *status) {
    *out = NULL;
    const AVOutputFormat *muxer = av_guess_format(container, NULL, NULL);
    if (!muxer) return cm_fail(status, CM_E_UNSUPPORTED, 0, "unknown output container '%s'", container);
    int err = avformat_alloc_output_context2(out, muxer, NULL, path);
    if (err < 0 || !*out) return cm_fail(status, CM_E_NOMEM, err, "cannot set up the output");
    return CM_OK;
}

int cm_output_begin(AVFormatContext *mux, const char *path, int faststart, cm_status *status) {
    int err = avio_open(&mux->pb, path, AVIO_FLAG_WRITE);
    if (err < 0) return cm_fail(status, cm_code_for_write_error(err), err, "cannot create %s", path);
    AVDictionary *options = NULL;
    if (faststart && strstr(mux->oformat->name, "mp4")) av_dict_set(&options, "movflags", "+faststart", 0);
    err = avformat_write_header(mux, &options);
    av_dict_free(&options);
    if (err < 0) return cm_fail(status, cm_code_for_write_error(err), err, "cannot write the header of %s", path);
    return CM_OK;
}

int cm_output_finish(AVFormatContext *mux, int header_written, cm_status *status) {
    int result = CM_OK;
    if (header_written) {
        int err = av_write_trailer(mux);
        if (err < 0) result = cm_fail(status, cm_code_for_write_error(err), err, "cannot finish the clip");
    }
    if (mux->pb) {
        // A full disk can surface only when the last buffer is flushed.
        avio_flush(mux->pb);
        int io_error = mux->pb->error;
        int err = avio_closep(&mux->pb);
        if (result == CM_OK && (io_error < 0 || err < 0))
            result = cm_fail(status, CM_E_WRITE, io_error < 0 ? io_error : err, "cannot write the clip");
    }
    return result;
}

void cm_output_free(AVFormatContext **mux) {
    if (!*mux) return;
    if ((*mux)->pb) avio_closep(&(*mux)->pb);
    avformat_free_context(*mux);
    *mux = NULL;
}
