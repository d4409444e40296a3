#!/usr/bin/env bash
# The media core on its own (no Swift, no build of the package): a 2-minute copy cut and a
# 2-minute smart cut of the bench lesson through the CMedia C API, with each step's time and
# peak memory, and, when valgrind is installed, the instructions each cut runs (a count that
# does not depend on how loaded the machine is). Usage: Scripts/bench-cmedia.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lesson=bench-out/lesson-10min-720p.mp4
if [[ ! -f "$lesson" ]]; then
  echo "no $lesson: run Scripts/bench.sh once to make it" >&2
  exit 66
fi
work=.build-cmedia-bench
mkdir -p "$work"
cc=$(command -v clang || command -v cc)
# shellcheck disable=SC2046
"$cc" -O2 -ISources/CMedia/include -ISources/CMedia Scripts/cmedia-bench.c Sources/CMedia/*.c \
  $(pkg-config --cflags --libs libavformat libavcodec libavutil libswscale libswresample) -lm -o "$work/cmedia-bench"
"$work/cmedia-bench" copy "$lesson" 60 180 "$work/copy.mp4"
"$work/cmedia-bench" smart "$lesson" 61.3 181.3 "$work/smart.mp4"
if command -v valgrind >/dev/null 2>&1; then
  for mode in copy; do # the smart cut under valgrind would take minutes
    count=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/cmedia-bench" "$mode" "$lesson" 60 180 \
      "$work/$mode-vg.mp4" 2>&1 | sed -n 's/.*Collected : //p')
    echo "$mode: $count instructions in all (start-up, open, keyframes, cut)"
  done
fi
rm -f "$work"/*.mp4
