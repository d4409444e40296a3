// Setting up and finishing one clip's output file; shared by copy and re-encode.
#define _GNU_SOURCE  // strcasestr
#include "cut_output.h"
#include <string.h>
#include <strings.h>
#include <math.h>

int cm_container_accepts(const cm_media *media, int stream_index, const char *container) {
    if (!media || stream_index < 0 || (unsigned)stream_index >= media->format->nb_streams || !container) return 0;
    const AVOutputFormat *muxer = av_guess_format(container, NULL, NULL);
    if (!muxer) return 0;
    enum AVCodecID codec = media->format->streams[stream_index]->codecpar->codec_id;
    return avformat_query_codec(muxer, codec, FF_COMPLIANCE_NORMAL) == 1;
}

int cm_start_step(AVFrame *held, int *has_held, AVFrame *frame, double t, double start) {
    if (t < start - CM_SAME_TIME) {
        av_frame_unref(held);
        int err = av_frame_ref(held, frame);
        *has_held = err >= 0;
        return err < 0 ? err : CM_START_HOLD;
    }
    return *has_held && t > start + CM_SAME_TIME ? CM_START_OPEN_WITH_HELD : CM_START_OPEN;
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

int64_t cm_index_reserve_bytes(const AVFormatContext *input, const int *kept_streams, double seconds) {
    if (!(seconds > 0) || !isfinite(seconds)) return 0;
    double packets = 0;
    for (unsigned i = 0; i < input->nb_streams; i++) {
        if (kept_streams && !kept_streams[i]) continue;
        const AVStream *stream = input->streams[i];
        const AVCodecParameters *par = stream->codecpar;
        double rate = 0;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
            AVRational fps = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
            rate = fps.num > 0 && fps.den > 0 ? av_q2d(fps) : 60;
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            int frame = par->frame_size > 0 ? par->frame_size : 1024;
            rate = par->sample_rate > 0 ? (double)par->sample_rate / frame : 50;
        } else {
            rate = 10;
        }
        packets += rate * seconds;
    }
    // stsz, stts, ctts, stco and stss cost at most about 20 bytes a packet; the
    // headroom covers variable frame rates. Unused space stays as a 'free' box.
    return (int64_t)(packets * 24 * 1.5) + 64 * 1024;
}

int cm_output_begin(AVFormatContext *mux, const char *path, int faststart, int64_t reserve_index_bytes,
                    cm_status *status) {
    int err = avio_open(&mux->pb, path, AVIO_FLAG_WRITE);
    if (err < 0) return cm_fail(status, cm_code_for_write_error(err), err, "cannot create %s", path);
    AVDictionary *options = NULL;
    int is_mp4 = strstr(mux->oformat->name, "mp4") || strstr(mux->oformat->name, "mov");
    if (faststart && is_mp4) {
        // Reserving room for the index at the front avoids faststart's second
        // pass, which rewrites the whole clip once more.
        if (reserve_index_bytes > 0) av_dict_set_int(&options, "moov_size", reserve_index_bytes, 0);
        else av_dict_set(&options, "movflags", "+faststart", 0);
    }
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

int cm_stream_is_kept(const AVStream *stream, const cm_cut_options *options) {
    if (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) return 0;
    switch (stream->codecpar->codec_type) {
    case AVMEDIA_TYPE_VIDEO: case AVMEDIA_TYPE_AUDIO: return 1;
    case AVMEDIA_TYPE_SUBTITLE: return !options->drop_subtitles;
    case AVMEDIA_TYPE_DATA: return options->keep_data;
    default: return 0;
    }
}

// Keep the source's codec tag only where the output container knows it
// (hvc1 stays hvc1 in MP4); otherwise let the muxer choose.
static uint32_t output_codec_tag(const AVOutputFormat *muxer, const AVCodecParameters *par) {
    if (!muxer->codec_tag || !par->codec_tag) return 0;
    return av_codec_get_id(muxer->codec_tag, par->codec_tag) == par->codec_id ? par->codec_tag : 0;
}

int cm_add_copied_streams(AVFormatContext *in, int video, const cm_cut_options *options, AVFormatContext *mux,
                          int *output_of, cm_clip_result *result, cm_status *status) {
    if (options->drop_metadata) {
        // Nothing of the source's tags, and no "encoder" tag or muxer vendor from us either.
        mux->flags |= AVFMT_FLAG_BITEXACT;
    } else {
        cm_copy_metadata(&mux->metadata, in->metadata, options->keep_location);
    }
    for (unsigned i = 0; i < in->nb_streams; i++) {
        output_of[i] = -1;
        const AVStream *source = in->streams[i];
        if (!cm_stream_is_kept(source, options)) continue;
        if (avformat_query_codec(mux->oformat, source->codecpar->codec_id, FF_COMPLIANCE_NORMAL) != 1) {
            if ((int)i == video)
                return cm_fail(status, CM_E_UNSUPPORTED, 0, "the %s container cannot hold %s video; try --container mkv",
                               mux->oformat->name, avcodec_get_name(source->codecpar->codec_id));
            av_log(NULL, AV_LOG_WARNING, "stream %u (%s) left out: the %s container cannot hold it\n", i,
                   avcodec_get_name(source->codecpar->codec_id), mux->oformat->name);
            result->dropped_streams++;
            continue;
        }
        if (result->stream_count >= CM_MAX_CLIP_STREAMS) break;
        AVStream *out = avformat_new_stream(mux, NULL);
        if (!out) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
        int err = avcodec_parameters_copy(out->codecpar, source->codecpar);
        if (err < 0) return cm_fail(status, CM_E_NOMEM, err, "cannot copy stream parameters");
        out->codecpar->codec_tag = output_codec_tag(mux->oformat, source->codecpar);
        out->time_base = source->time_base;
        out->sample_aspect_ratio = source->sample_aspect_ratio;
        out->disposition = source->disposition;
        if (!options->drop_metadata) cm_copy_metadata(&out->metadata, source->metadata, options->keep_location);
        if (cm_copy_display_matrix(out, source) < 0) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
        output_of[i] = out->index;
        result->source_streams[result->stream_count++] = (int)i;
    }
    return CM_OK;
}
