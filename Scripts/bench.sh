#!/usr/bin/env bash
# Benchmarks (not tests): clipcoach against ffmpeg/ffprobe in the same run, as
# ratios of medians. Usage: Scripts/bench.sh [probe] [cut] [smart] [thumbs]
# Generated media goes to bench-out/ (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
mkdir -p bench-out

if [[ -z "${CLIPCOACH_BIN:-}" ]]; then
  CLIPCOACH_BIN="$(bash Scripts/build-release.sh)"
fi
export CLIPCOACH_BIN

# A 10-minute 1280x720 H.264 + AAC lesson with 2-second GOPs, and a 2-minute one.
make_lesson() { # seconds path
  [[ -f "$2" ]] && return 0
  echo "generating $2 ..." >&2
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=220:sample_rate=48000" \
    -t "$1" -c:v libx264 -preset veryfast -crf 30 -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p \
    -c:a aac -b:a 64k -movflags +faststart "$2.tmp.mp4"
  mv "$2.tmp.mp4" "$2"
}
export BENCH_LESSON=bench-out/lesson-10min-720p.mp4
export BENCH_SHORT_LESSON=bench-out/lesson-2min-720p.mp4
make_lesson 600 "$BENCH_LESSON"
make_lesson 120 "$BENCH_SHORT_LESSON"

sections=("$@")
[[ ${#sections[@]} -gt 0 ]] || sections=(probe cut smart thumbs)
py=()
for s in "${sections[@]}"; do
  case "$s" in
    thumbs) [[ -x Scripts/bench-thumbs.sh ]] && py+=() ;;
    *) py+=("$s") ;;
  esac
done
[[ ${#py[@]} -eq 0 ]] || python3 Scripts/bench.py "${py[@]}"
for s in "${sections[@]}"; do
  if [[ "$s" == thumbs && -x Scripts/bench-thumbs.sh ]]; then
    bash Scripts/bench-thumbs.sh
  fi
done
