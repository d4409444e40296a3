// Umbrella header for the FFmpeg libraries ClipCoach links. Only CMedia includes it.
#ifndef CLIPCOACH_CFFMPEG_SHIM_H
#define CLIPCOACH_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>
#endif
