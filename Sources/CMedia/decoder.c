// The one way CMedia opens a decoder: parameters from the stream, its time base,
// threads, and for video the picture-size cap enforced where each picture is allocated.
#include "internal.h"
#include "cmedia_frames.h"

// Called from decoder threads, hence the atomic: a stream that grows beyond the
// cap midway fails with CM_E_LIMIT instead of allocating.
static int capped_get_buffer(AVCodecContext *context, AVFrame *frame, int flags) {
    cm_size_cap *cap = context->opaque;
    if ((int64_t)frame->width * frame->height > cap->max_pixels
        || frame->width > CM_MAX_PICTURE_SIDE || frame->height > CM_MAX_PICTURE_SIDE) {
        atomic_store(&cap->refused, (int64_t)frame->width << 32 | (uint32_t)frame->height);
        return AVERROR(ERANGE);
    }
    return avcodec_default_get_buffer2(context, frame, flags);
}

int cm_size_cap_check(cm_size_cap *cap, cm_status *status) {
    int64_t refused = atomic_load(&cap->refused);
    if (refused == 0) return CM_OK;
    return cm_fail(status, CM_E_LIMIT, 0, "a %dx%d picture in the stream is beyond the safety cap (%lld pixels)",
                   (int)(refused >> 32), (int)(refused & 0xFFFFFFFF), (long long)cap->max_pixels);
}

int cm_open_decoder(const AVStream *stream, int threads, cm_size_cap *cap, AVCodecContext **out, cm_status *status) {
    *out = NULL;
    const AVCodecParameters *par = stream->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec) return cm_fail(status, CM_E_UNSUPPORTED, 0, "no decoder for %s", avcodec_get_name(par->codec_id));
    AVCodecContext *context = avcodec_alloc_context3(codec);
    if (!context) return cm_fail(status, CM_E_NOMEM, 0, "out of memory");
    *out = context; // the caller frees it, opened or not
    int err = avcodec_parameters_to_context(context, par);
    if (err < 0) return cm_fail(status, CM_E_DECODE, err, "cannot set up the %s decoder", codec->name);
    context->pkt_timebase = stream->time_base;
    // Frame threads keep output order and pixels identical to one thread: only speed changes.
    context->thread_count = threads;
    context->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    if (cap) {
        if (cap->max_pixels <= 0) cap->max_pixels = CM_DEFAULT_MAX_PIXELS;
        // Our cap, reported as CM_E_LIMIT, is enforced in capped_get_buffer; FFmpeg's
        // own check is the outer wall (it refuses silently, before any table is sized).
        context->max_pixels = (int64_t)CM_MAX_PICTURE_SIDE * CM_MAX_PICTURE_SIDE;
        context->opaque = cap;
        context->get_buffer2 = capped_get_buffer;
        cm_mark_callbacks_thread_safe(context);
    }
    err = avcodec_open2(context, codec, NULL);
    if (err < 0) return cm_fail(status, CM_E_DECODE, err, "cannot open the %s decoder", codec->name);
    return CM_OK;
}
