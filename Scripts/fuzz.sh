#!/usr/bin/env bash
# Fuzzes CMedia (probe, keyframes, cut copy/re-encode, thumbnail) with libFuzzer
# under AddressSanitizer + UBSan for SECONDS (default 600), seeded with the heads
# of SampleMedia/ and ../shared/corpus/ files.
#   Scripts/fuzz.sh [SECONDS]
# Crashes land in .build-fuzz/crashes/; copy each into Fuzz/regressions/ once
# fixed: Scripts/sanitize.sh replays that folder in CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-600}
work=.build-fuzz
source Scripts/fuzz-build.sh
mkdir -p "$work/corpus" "$work/seeds" "$work/crashes"
# Seeds: the first 256 KiB of every sample (the MP4 index sits at the front).
for f in SampleMedia/* ../shared/corpus/*; do
  case "$f" in *.md) continue ;; esac
  [[ -f "$f" ]] && head -c 262144 "$f" > "$work/seeds/$(basename "$f")"
done
parallel=()
# With FUZZ_JOBS > 1 libFuzzer forks workers that log to fuzz-N.log.
[[ "${FUZZ_JOBS:-1}" -gt 1 ]] && parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
"$work/fuzz_media" -max_total_time="$seconds" -max_len=262144 -timeout=30 -rss_limit_mb=2048 \
  -artifact_prefix="$work/crashes/" -print_final_stats=1 "${parallel[@]}" \
  "$work/corpus" "$work/seeds" Fuzz/regressions
