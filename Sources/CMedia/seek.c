// The one "go back to before this time" of the cutters, with its result checked.
#include "internal.h"
#include <math.h>

int cm_seek_before(AVFormatContext *format, int stream_index, double seconds) {
    const AVStream *stream = format->streams[stream_index];
    int err = cm_is_time(seconds)
        ? av_seek_frame(format, stream_index, (int64_t)floor(seconds / av_q2d(stream->time_base)), AVSEEK_FLAG_BACKWARD)
        : -1;
    if (err >= 0) return 0;
    // No index to seek by (or a time before the first keyframe): from the beginning.
    err = avformat_seek_file(format, -1, INT64_MIN, INT64_MIN, INT64_MIN, 0);
    if (err < 0) err = av_seek_frame(format, stream_index, INT64_MIN, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
    if (err < 0)
        av_log(NULL, AV_LOG_WARNING, "cannot seek in the file (%s): reading on from where it stands\n", av_err2str(err));
    return err;
}
