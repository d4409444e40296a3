#!/usr/bin/env bash
# Benchmark (not a test): `clipcoach moments` on a 45-minute lesson against
# `ffmpeg -af silencedetect` on the same file in the same run (ratio of medians of 3,
# target <= 2.0); peak memory on 15 and 45 minutes (flat in lesson length); talk-move
# tagging throughput (`clipcoach transcript tag` on 60,000 rows, target >= 20,000 sentences/s).
# Usage: Scripts/bench-moments.sh      (CLIPCOACH_BIN=... to skip the release build)
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

# A 3-minute talk lesson with known truth, looped to 15 and 45 minutes (stream copy).
if [[ ! -f bench-out/talk-3min/lesson.mp4 ]]; then
  python3 Scripts/make-talk-lesson.py bench-out/talk-3min --minutes 3 --snr 15 --seed 7
fi
for minutes in 15 45; do
  out=bench-out/talk-${minutes}min.mp4
  [[ -f $out ]] || ffmpeg -v error -y -stream_loop $((minutes / 3 - 1)) -i bench-out/talk-3min/lesson.mp4 -c copy "$out"
done

seconds() { # command... : wall seconds
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

lesson=bench-out/talk-45min.mp4
ours=(); theirs=()
for _ in 1 2 3; do
  ours+=("$(seconds "$CLIPCOACH_BIN" moments "$lesson" --json --no-store)")
  theirs+=("$(seconds ffmpeg -nostdin -v error -i "$lesson" -vn -af silencedetect=n=-35dB:d=2 -f null -)")
done
o=$(median3 "${ours[@]}"); t=$(median3 "${theirs[@]}")
printf 'talk map, 45 min: clipcoach moments %.2f s, ffmpeg silencedetect %.2f s, ratio %.2f (target <= 2.0)\n' "$o" "$t" "$(echo "$o / $t" | bc -l)"

m15=$(peak_kb "$CLIPCOACH_BIN" moments bench-out/talk-15min.mp4 --json --no-store)
m45=$(peak_kb "$CLIPCOACH_BIN" moments "$lesson" --json --no-store)
printf 'peak memory: 15 min %d MB, 45 min %d MB (flat: the audio is never held whole)\n' $((m15 / 1024)) $((m45 / 1024))

rows=bench-out/talk-60000.tsv
if [[ ! -f $rows ]]; then
  { echo -e "speaker\tsentence"; for _ in $(seq 2400); do tail -n +2 Tests/TalkMovesTests/Fixtures/sample-lesson.tsv | cut -f1,2; done; } > "$rows"
fi
count=$(($(wc -l < "$rows") - 1))
tag=()
for _ in 1 2 3; do tag+=("$(seconds "$CLIPCOACH_BIN" transcript tag "$rows" --json)"); done
tg=$(median3 "${tag[@]}")
printf 'talk-move tagging: %d sentences in %.2f s (reading, tagging, JSON out): %.0f sentences/s (target >= 20000)\n' \
  "$count" "$tg" "$(echo "$count / $tg" | bc -l)"
