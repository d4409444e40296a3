// Pull decoder for the main audio stream: mono float samples at a chosen rate, through
// libswresample. Memory stays flat: one packet, one frame and one converted frame at a time.
#include "internal.h"
#include <libswresample/swresample.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <stdlib.h>
#include <string.h>

struct cm_audio {
    cm_media *media;            // borrowed: the caller keeps it open longer than this handle
    int stream_index;
    AVCodecContext *decoder;
    SwrContext *resampler;
    AVPacket *packet;
    AVFrame *frame;
    float *pending;             // converted samples not yet handed out
    int pending_capacity;
    int pending_count;
    int pending_position;
    int sample_rate;
    int input_done;             // demuxer at end of file, decoder drained
    int flushed;                // resampler drained too
    double first_time;          // presentation time of the first decoded sample, CM_NO_TIME until known
    int64_t damaged_packets;
};

static int ensure_pending(cm_audio *audio, int samples) {
    if (samples <= audio->pending_capacity) return 0;
    float *grown = av_realloc_array(audio->pending, (size_t)samples, sizeof(float));
    if (!grown) return AVERROR(ENOMEM);
    audio->pending = grown;
    audio->pending_capacity = samples;
    return 0;
}

static int open_resampler(cm_audio *audio, cm_status *status) {
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    AVChannelLayout input;
    int err = av_channel_layout_copy(&input, &audio->decoder->ch_layout);
    if (err < 0) return cm_fail(status, CM_E_NOMEM, err, "cannot copy the channel layout");
    if (input.order == AV_CHANNEL_ORDER_UNSPEC || input.nb_channels <= 0) {
        int channels = input.nb_channels > 0 ? input.nb_channels : 1;
        av_channel_layout_uninit(&input);
        av_channel_layout_default(&input, channels);
    }
    err = swr_alloc_set_opts2(&audio->resampler, &mono, AV_SAMPLE_FMT_FLT, audio->sample_rate,
                              &input, audio->decoder->sample_fmt, audio->decoder->sample_rate, 0, NULL);
    av_channel_layout_uninit(&input);
    if (err < 0 || !audio->resampler) return cm_fail(status, CM_E_NOMEM, err, "cannot set up the resampler");
    err = swr_init(audio->resampler);
    if (err < 0) return cm_fail(status, CM_E_UNSUPPORTED, err, "cannot resample this audio");
    return CM_OK;
}

int cm_audio_open(cm_media *media, int sample_rate, cm_audio **out, cm_status *status) {
    if (!out) return cm_fail(status, CM_E_INVALID, 0, "no output handle");
    *out = NULL;
    if (!media || sample_rate < 1000 || sample_rate > 192000)
        return cm_fail(status, CM_E_INVALID, 0, "sample rate must be 1000..192000");
    int index = av_find_best_stream(media->format, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (index < 0) return cm_fail(status, CM_E_NO_STREAM, 0, "the file has no audio stream");
    cm_audio *audio = calloc(1, sizeof *audio);
    if (!audio) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    audio->media = media;
    audio->stream_index = index;
    audio->sample_rate = sample_rate;
    audio->first_time = CM_NO_TIME;
    audio->packet = av_packet_alloc();
    audio->frame = av_frame_alloc();
    int result = !audio->packet || !audio->frame ? cm_fail(status, CM_E_NOMEM, 0, "out of memory")
        : cm_open_decoder(media->format->streams[index], 1, NULL, &audio->decoder, status);
    if (result == CM_OK) result = open_resampler(audio, status);
    if (result == CM_OK) {
        // Only the audio stream is needed: the demuxer skips the rest cheaply.
        for (unsigned i = 0; i < media->format->nb_streams; i++)
            media->format->streams[i]->discard = (int)i == index ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
        // From the start; a non-seekable input (logged) is read on from where it stands.
        (void)cm_seek_before(media->format, index, CM_NO_TIME);
    }
    if (result != CM_OK) {
        cm_audio_close(audio);
        return result;
    }
    *out = audio;
    cm_ok(status);
    return CM_OK;
}

void cm_audio_close(cm_audio *audio) {
    if (!audio) return;
    if (audio->media && audio->media->format) {
        for (unsigned i = 0; i < audio->media->format->nb_streams; i++)
            audio->media->format->streams[i]->discard = AVDISCARD_DEFAULT;
    }
    swr_free(&audio->resampler);
    avcodec_free_context(&audio->decoder);
    av_packet_free(&audio->packet);
    av_frame_free(&audio->frame);
    av_free(audio->pending);
    free(audio);
}

// Converts `frame` (NULL: drain the resampler) into the pending buffer.
static int convert(cm_audio *audio, const AVFrame *frame) {
    int in_samples = frame ? frame->nb_samples : 0;
    int room = swr_get_out_samples(audio->resampler, in_samples);
    if (room < 0) return room;
    int err = ensure_pending(audio, room + 32);
    if (err < 0) return err;
    uint8_t *out_planes[1] = {(uint8_t *)audio->pending};
    int made = swr_convert(audio->resampler, out_planes, room + 32,
                           frame ? (const uint8_t **)frame->extended_data : NULL, in_samples);
    if (made < 0) return made;
    audio->pending_count = made;
    audio->pending_position = 0;
    return 0;
}

// Decodes until one frame is converted into pending, or the input is drained.
static int refill(cm_audio *audio, cm_status *status) {
    AVFormatContext *format = audio->media->format;
    while (!audio->input_done) {
        int err = avcodec_receive_frame(audio->decoder, audio->frame);
        if (err >= 0) {
            if (audio->first_time == CM_NO_TIME)
                audio->first_time = cm_seconds(cm_frame_timestamp(audio->frame),
                                               format->streams[audio->stream_index]->time_base);
            err = convert(audio, audio->frame);
            av_frame_unref(audio->frame);
            if (err < 0) return cm_fail(status, CM_E_DECODE, err, "cannot resample the audio");
            if (audio->pending_count > 0) return CM_OK;
            continue;
        }
        if (err == AVERROR_EOF) { audio->input_done = 1; break; }
        if (err != AVERROR(EAGAIN)) {
            // A damaged frame: the decoder reports it once and goes on with the next packet.
            audio->damaged_packets++;
        }
        err = av_read_frame(format, audio->packet);
        if (err == AVERROR_EOF) {
            avcodec_send_packet(audio->decoder, NULL);
            continue;
        }
        if (err < 0) {
            int code = cm_code_for_read_error(err);
            if (code == CM_E_CANCELLED || code == CM_E_LIMIT)
                return cm_fail(status, code, err, "reading the audio stopped");
            // Unreadable data: treat it as the end, like a truncated recording.
            avcodec_send_packet(audio->decoder, NULL);
            continue;
        }
        if (audio->packet->stream_index == audio->stream_index) {
            err = avcodec_send_packet(audio->decoder, audio->packet);
            if (err < 0 && err != AVERROR(EAGAIN)) audio->damaged_packets++;
        }
        av_packet_unref(audio->packet);
    }
    if (!audio->flushed) {
        audio->flushed = 1;
        int err = convert(audio, NULL);
        if (err < 0) return cm_fail(status, CM_E_DECODE, err, "cannot resample the audio");
    }
    return CM_OK;
}

int cm_audio_read(cm_audio *audio, float *buffer, size_t capacity, size_t *count, cm_status *status) {
    if (!audio || !buffer || !count) return cm_fail(status, CM_E_INVALID, 0, "no audio handle or buffer");
    *count = 0;
    while (*count < capacity) {
        if (audio->pending_position >= audio->pending_count) {
            if (audio->flushed) break;
            audio->pending_count = audio->pending_position = 0;
            int result = refill(audio, status);
            if (result != CM_OK) return result;
            continue;
        }
        size_t available = (size_t)(audio->pending_count - audio->pending_position);
        size_t take = capacity - *count < available ? capacity - *count : available;
        memcpy(buffer + *count, audio->pending + audio->pending_position, take * sizeof(float));
        audio->pending_position += (int)take;
        *count += take;
    }
    cm_ok(status);
    return CM_OK;
}

double cm_audio_first_time(const cm_audio *audio) {
    return audio ? audio->first_time : CM_NO_TIME;
}

int64_t cm_audio_damaged_packets(const cm_audio *audio) {
    return audio ? audio->damaged_packets : 0;
}
