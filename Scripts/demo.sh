#!/usr/bin/env bash
# The main job on the sample lesson, from a fresh clone: installs what is
# missing, builds clipcoach, then probes the lesson, cuts two clips (with
# posters and sidecars), writes keyframe thumbnails and a contact sheet into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLIPCOACH_NO_BROWSER=${CLIPCOACH_NO_BROWSER:-1} CLIPCOACH_NO_PIP=${CLIPCOACH_NO_PIP:-1} bash Scripts/install-deps.sh
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
bin="$(bash Scripts/build-release.sh)"
lesson=SampleMedia/lesson.mp4
mkdir -p out/clips out/thumbs

set -x
"$bin" probe --keyframes "$lesson"
"$bin" cut "$lesson" --clip 0:10-0:40=number-talk --clip 1:12-1:50=student-explains --out out/clips --force
"$bin" thumbs "$lesson" --out out/thumbs --width 320 --force
"$bin" sheet "$lesson" --out out/sheet.jpg --grid 4x4 --force
"$bin" codebook | head -n 12
