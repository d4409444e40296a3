#!/usr/bin/env bash
# make-sample-media.sh — generate ClipCoach's small synthetic "lesson" videos.
#
# Writes into <repo root>/SampleMedia/ whatever the current directory is.
# Idempotent: every file is rebuilt into a temporary name and then moved into
# place, so re-running just replaces the files (the encoders run single-threaded
# with bitexact flags, so a re-run on the same ffmpeg build gives identical bytes).
# Needs only the `ffmpeg`/`ffprobe` programs (Debian 12: ffmpeg 5.1) and, for the
# text overlays, fonts-dejavu-core (Scripts/install-deps.sh installs both).
#
# Usage: Scripts/make-sample-media.sh [--check]
#   --check   do not generate anything; only print the table of what is there.
#
# ---------------------------------------------------------------------------
# PICTURE (every file; 640x360 coded, 25 fps source, square pixels, BT.601
# limited range, tagged smpte170m):
#   Known solid colour patches, 96x96 each, inclusive pixel rectangles in CODED
#   coordinates (x0..x1, y0..y1), drawn on top of everything else:
#     red    (255,0,0)     x=16..111,  y=16..111    (top-left)
#     green  (0,255,0)     x=528..623, y=16..111    (top-right)
#     blue   (0,0,255)     x=16..111,  y=248..343   (bottom-left)
#     white  (255,255,255) x=528..623, y=248..343   (bottom-right)
#   Scaled to width 160 (factor 1/4) the patches become 24x24 at
#   x=4..27 / 132..155, y=4..27 / 62..85; their centres
#   (16,16) (144,16) (16,74) (144,74) are solidly the patch colour.
#   Decoded values are the nominal colour within a small tolerance
#   (YUV 4:2:0 round trip + lossy coding: allow about +-12 per channel).
#   Nothing moves over the patch columns (x<=111 or x>=528).
#   Between the patches: a slowly moving slate-grey two-colour gradient
#   (lavfi `gradients`), an orange 48x48 square (0xFF9900) moving inside
#   x=146..493, y=40..157, a caption with the file's name (top centre), the line
#   "Problem N:  A x B = ?" that changes every 10 s (N = floor(t/10)+1), and a
#   running timecode "HH:MM:SS.mmm" of the source time (bottom centre, y~300).
#   So every 2-second keyframe looks different from the previous one.
#
# AUDIO ("speech-like", deterministic, not silence), mono 48 kHz:
#   (0.30 sin(2pi 180 t) + 0.12 sin(2pi 360 t) + 0.05 sin(2pi 540 t))
#     * (0.5 + 0.5 sin(2pi 3 t))^2          syllable bursts, 3 per second
#     * [sin(2pi t/8) >= -0.5]               phrases: on for t mod 8 in
#                                            [0,4.667] and [7.333,8], pause
#                                            (only noise) for 4.667..7.333
#   + 0.01 * uniform noise in [-1,1] (room noise, always there)
#
# FILES
#   lesson.mp4           150 s, H.264 (libx264 high, yuv420p, B-frames) + AAC-LC
#                        48 kHz mono, faststart. Keyframe exactly every 2 s
#                        (every 50 frames). Starts black: frames with t < 1.5 s
#                        are fully black, fade-in 1.5..3.0 s, fully visible from
#                        t = 3.0 s (patches included).
#   lesson-noaudio.mp4   20 s, H.264 only (no audio stream), GOP 2 s, no fade.
#   lesson-rotated.mp4   20 s, H.264 + AAC, coded 640x360 with a tkhd display
#                        matrix [0 -1; 1 0] meaning "turn 90 deg clockwise for
#                        display" (ffprobe side_data rotation=-90, i.e.
#                        av_display_rotation_get() == -90, like a phone held
#                        upright), so it is shown as 360x640 portrait.
#                        Displayed (after rotation) the patches move to:
#                        blue x=16..111,y=16..111 (top-left), red x=248..343,
#                        y=16..111 (top-right), white x=16..111,y=528..623
#                        (bottom-left), green x=248..343,y=528..623
#                        (bottom-right). GOP 2 s, no fade.
#   lesson-vfr.mp4       30 s, H.264 + AAC, variable frame rate: in each 10 s,
#                        0..5 s at 5 fps (every 5th frame), 5..10 s at 25 fps.
#                        450 frames, r_frame_rate 25/1, avg_frame_rate
#                        5625/379 (~14.84) as ffprobe 5.1 computes it;
#                        frame steps are 0.200 s and 0.040 s.
#                        Keyframes forced every 2 s of time.
#   lesson-vp9.mkv       20 s, Matroska, VP9 (libvpx-vp9) + Opus 48 kHz mono,
#                        keyframe every 2 s (every 50 frames), no fade.
#   lesson.ts            30 s, MPEG-TS, H.264 + AAC (ADTS), GOP 2 s, no fade.
#                        MPEG-TS timestamps start at 1.4 s (muxer default).
#   lesson-truncated.mp4 A 30 s faststart H.264 + AAC MP4 (moov at the front)
#                        cut with `head -c` to 60 % of its bytes: the header
#                        still claims 30 s but the media data stops early.
# ---------------------------------------------------------------------------
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT="$ROOT/SampleMedia"
FONT="${CLIPCOACH_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}"

FFMPEG="${FFMPEG:-ffmpeg}"
FFPROBE="${FFPROBE:-ffprobe}"

die() { echo "make-sample-media: $*" >&2; exit 1; }

command -v "$FFMPEG" >/dev/null 2>&1 || die "ffmpeg not found (run Scripts/install-deps.sh)"
command -v "$FFPROBE" >/dev/null 2>&1 || die "ffprobe not found (run Scripts/install-deps.sh)"

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  "") ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) die "unknown argument: $1" ;;
esac

mkdir -p "$OUT"

# ---- text overlays ---------------------------------------------------------
FONTOPT=""
HAVE_TEXT=1
FILTERS="$("$FFMPEG" -hide_banner -filters 2>/dev/null || true)"
if ! grep -q ' drawtext ' <<<"$FILTERS"; then
  echo "WARNING: this ffmpeg has no drawtext filter; the samples will have no timecode" >&2
  HAVE_TEXT=0
elif [[ -f "$FONT" ]]; then
  FONTOPT="fontfile=$FONT:"
else
  echo "WARNING: $FONT not found (apt-get install fonts-dejavu-core);" \
       "falling back to fontconfig's default font" >&2
  FONTOPT="font=Sans:"
fi

# ---- common pieces ----------------------------------------------------------
# Colour patches (see the table at the top).
PATCHES="drawbox=x=16:y=16:w=96:h=96:color=0xFF0000:t=fill"
PATCHES+=",drawbox=x=528:y=16:w=96:h=96:color=0x00FF00:t=fill"
PATCHES+=",drawbox=x=16:y=248:w=96:h=96:color=0x0000FF:t=fill"
PATCHES+=",drawbox=x=528:y=248:w=96:h=96:color=0xFFFFFF:t=fill"

# video_graph DURATION LABEL FADE(0|1) EXTRA_FILTERS -> filtergraph with output [v]
video_graph() {
  local dur="$1" label="$2" fade="$3" extra="$4" g text=""
  g="gradients=size=640x360:rate=25:duration=${dur}:speed=0.01:seed=1:n=2:c0=0x2a3a4a:c1=0x8a9aaa,format=yuv420p[bg];"
  g+="color=c=0xFF9900:size=48x48:rate=25:duration=${dur},format=yuv420p[dot];"
  g+="[bg][dot]overlay=x='296+150*sin(2*PI*t/11)':y='40+70*(0.5+0.5*sin(2*PI*t/5))':shortest=1:eof_action=endall"
  if [[ $HAVE_TEXT == 1 ]]; then
    text+=",drawtext=${FONTOPT}text='${label}':x=(w-tw)/2:y=8:fontsize=18:fontcolor=0xd0d0d0"
    text+=",drawtext=${FONTOPT}text='Problem %{eif\\:floor(t/10)+1\\:d}\\:  %{eif\\:mod(floor(t/10)*7+3\\,9)+2\\:d} x %{eif\\:mod(floor(t/10)*5+4\\,8)+2\\:d} = ?':x=(w-tw)/2:y=190:fontsize=28:fontcolor=0xf0f0e0"
    text+=",drawtext=${FONTOPT}text='%{pts\\:hms}':x=(w-tw)/2:y=300:fontsize=32:fontcolor=white:box=1:boxcolor=black@0.6"
  fi
  g+="${text},${PATCHES}"
  if [[ $fade == 1 ]]; then
    g+=",fade=t=in:st=1.5:d=1.5"
  fi
  g+="${extra},format=yuv420p[v]"
  printf '%s' "$g"
}

# audio_graph DURATION [SAMPLES_PER_FRAME] -> filtergraph with output [a]
# (libopus needs 960-sample frames: ffmpeg 5.1 does not re-chunk the output of a
# -filter_complex source for it and fails with "more samples than frame size").
audio_graph() {
  local dur="$1" nb="${2:-1024}"
  printf '%s' "aevalsrc=exprs='(0.30*sin(2*PI*180*t)+0.12*sin(2*PI*360*t)+0.05*sin(2*PI*540*t))*pow(0.5+0.5*sin(2*PI*3*t)\\,2)*gte(sin(2*PI*t/8)\\,-0.5)+0.01*(2*random(0)-1)':sample_rate=48000:channel_layout=mono:nb_samples=${nb}:duration=${dur}[a]"
}

COMMON_OUT=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
COLOR_TAGS=(-color_primaries smpte170m -color_trc smpte170m -colorspace smpte170m -color_range tv)
X264=(-c:v libx264 -preset medium -profile:v high -crf 32 -pix_fmt yuv420p
      -g 50 -keyint_min 50 -sc_threshold 0 -threads 1 "${COLOR_TAGS[@]}")
AAC=(-c:a aac -b:a 48k -ar 48000 -ac 1)

FF=("$FFMPEG" -nostdin -hide_banner -loglevel error -y)

# encode NAME FORMAT then ffmpeg args...: writes to a temp file, then renames.
encode() {
  local name="$1" fmt="$2"; shift 2
  local tmp="$OUT/.$name.partial"
  echo "  making $name ..."
  rm -f "$tmp"
  "${FF[@]}" "$@" -f "$fmt" "$tmp" || { rm -f "$tmp"; die "ffmpeg failed for $name"; }
  mv -f "$tmp" "$OUT/$name"
}

if [[ $CHECK_ONLY == 0 ]]; then
  echo "Writing sample media into $OUT"

  # 1. main lesson: 150 s, fade-in from black, H.264 + AAC, faststart.
  encode lesson.mp4 mp4 \
    -filter_complex "$(video_graph 150 'lesson.mp4' 1 '');$(audio_graph 150)" \
    -map '[v]' -map '[a]' "${X264[@]}" "${AAC[@]}" \
    -movflags +faststart "${COMMON_OUT[@]}"

  # 2. no audio stream.
  encode lesson-noaudio.mp4 mp4 \
    -filter_complex "$(video_graph 20 'lesson-noaudio.mp4' 0 '')" \
    -map '[v]' "${X264[@]}" -an \
    -movflags +faststart "${COMMON_OUT[@]}"

  # 3. rotated: display matrix says "turn 90 degrees clockwise" (portrait),
  #    like a phone held upright; ffprobe shows side_data rotation=-90.
  #    ffmpeg 5.1 ignores a "rotate" tag while encoding, so encode first and
  #    set it while stream-copying. Careful, the tag's sign is not obvious in
  #    5.1: rotate=90 gave rotation=+90 (counter-clockwise); 270 gives -90.
  norot="$OUT/.lesson-rotated-norot.partial"
  "${FF[@]}" \
    -filter_complex "$(video_graph 20 'lesson-rotated.mp4' 0 '');$(audio_graph 20)" \
    -map '[v]' -map '[a]' "${X264[@]}" "${AAC[@]}" "${COMMON_OUT[@]}" -f mp4 "$norot" \
    || { rm -f "$norot"; die "ffmpeg failed for lesson-rotated.mp4"; }
  ffhelp="$("$FFMPEG" -hide_banner -h full 2>/dev/null || true)"
  if grep -q -- '^-display_rotation' <<<"$ffhelp"; then
    # ffmpeg >= 6.1 (not tested here): input option, counter-clockwise degrees.
    ROT_IN=(-display_rotation:v:0 -90); ROT_OUT=()
  else
    ROT_IN=(); ROT_OUT=(-metadata:s:v:0 rotate=270)
  fi
  encode lesson-rotated.mp4 mp4 "${ROT_IN[@]}" -i "$norot" -map 0 -c copy \
    "${ROT_OUT[@]}" -movflags +faststart "${COMMON_OUT[@]}"
  rm -f "$norot"
  rot=$("$FFPROBE" -v error -select_streams v:0 -show_entries stream_side_data=rotation \
          -of default=nw=1:nk=1 "$OUT/lesson-rotated.mp4" | head -n1)
  [[ "$rot" == "-90" ]] || die "lesson-rotated.mp4: expected display rotation -90, ffprobe says '${rot}'"

  # 4. variable frame rate: in every 10 s, 5 fps for 5 s then 25 fps for 5 s.
  #    Keyframes are forced every 2 s of *time* (frame-count GOPs would drift).
  encode lesson-vfr.mp4 mp4 \
    -filter_complex "$(video_graph 30 'lesson-vfr.mp4' 0 ",select='gte(mod(t\\,10)\\,5)+not(mod(n\\,5))'");$(audio_graph 30)" \
    -map '[v]' -map '[a]' \
    -c:v libx264 -preset medium -profile:v high -crf 32 -pix_fmt yuv420p \
    -g 250 -keyint_min 1 -sc_threshold 0 -force_key_frames 'expr:gte(t,n_forced*2)' \
    -threads 1 "${COLOR_TAGS[@]}" -fps_mode vfr -video_track_timescale 12800 \
    "${AAC[@]}" -movflags +faststart "${COMMON_OUT[@]}"

  # 5. VP9 + Opus in Matroska.
  encode lesson-vp9.mkv matroska \
    -filter_complex "$(video_graph 20 'lesson-vp9.mkv' 0 '');$(audio_graph 20 960)" \
    -map '[v]' -map '[a]' \
    -c:v libvpx-vp9 -b:v 0 -crf 40 -deadline good -cpu-used 4 -row-mt 0 -threads 1 \
    -g 50 -keyint_min 50 -pix_fmt yuv420p "${COLOR_TAGS[@]}" \
    -c:a libopus -b:a 32k -ar 48000 -ac 1 "${COMMON_OUT[@]}"

  # 6. MPEG-TS, H.264 + AAC.
  encode lesson.ts mpegts \
    -filter_complex "$(video_graph 30 'lesson.ts' 0 '');$(audio_graph 30)" \
    -map '[v]' -map '[a]' "${X264[@]}" "${AAC[@]}" "${COMMON_OUT[@]}"

  # 7. truncated: a faststart MP4 (moov first) cut to 60 % of its bytes.
  full="$OUT/.lesson-truncated-full.partial"
  "${FF[@]}" \
    -filter_complex "$(video_graph 30 'lesson-truncated.mp4' 0 '');$(audio_graph 30)" \
    -map '[v]' -map '[a]' "${X264[@]}" "${AAC[@]}" \
    -movflags +faststart "${COMMON_OUT[@]}" -f mp4 "$full" \
    || { rm -f "$full"; die "ffmpeg failed for lesson-truncated.mp4"; }
  echo "  making lesson-truncated.mp4 ..."
  full_size=$(stat -c %s "$full")
  head -c $(( full_size * 60 / 100 )) "$full" > "$OUT/.lesson-truncated.mp4.partial"
  rm -f "$full"
  mv -f "$OUT/.lesson-truncated.mp4.partial" "$OUT/lesson-truncated.mp4"
fi

# ---- summary table ------------------------------------------------------------
echo
printf '%-22s %9s %10s  %s\n' FILE BYTES DURATION STREAMS
total=0
for f in lesson.mp4 lesson-noaudio.mp4 lesson-rotated.mp4 lesson-vfr.mp4 \
         lesson-vp9.mkv lesson.ts lesson-truncated.mp4; do
  p="$OUT/$f"
  if [[ ! -f "$p" ]]; then
    printf '%-22s %9s\n' "$f" missing
    continue
  fi
  size=$(stat -c %s "$p")
  total=$(( total + size ))
  dur=$("$FFPROBE" -v quiet -show_entries format=duration -of default=nw=1:nk=1 "$p" || true)
  # (MPEG-TS also lists each stream once more under its program: drop repeats)
  streams=$("$FFPROBE" -v quiet -show_entries stream=index,codec_type,codec_name,width,height,sample_rate,channels \
              -of compact=p=0:nk=1 "$p" 2>/dev/null | sed 's/|*$//' | awk 'NF && !seen[$0]++' | cut -d'|' -f2- | tr '\n' ' ' || true)
  rot=$("$FFPROBE" -v quiet -select_streams v:0 -show_entries stream_side_data=rotation \
          -of default=nw=1:nk=1 "$p" 2>/dev/null | head -n1 || true)
  [[ -n "$rot" ]] && streams+=" (display rotation ${rot})"
  printf '%-22s %9s %10s  %s\n' "$f" "$size" "${dur:-?}" "${streams:-unreadable}"
done
printf '%-22s %9s  (%s KiB)\n' TOTAL "$total" "$(( total / 1024 ))"
