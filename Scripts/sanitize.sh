#!/usr/bin/env bash
# Sanitizer runs over the media core.
#   Scripts/sanitize.sh           CMedia under AddressSanitizer + LeakSanitizer + UBSan,
#                                 replaying every sample, corpus file and Fuzz/regressions/
#                                 input through probe, keyframes, copy cut, re-encode and
#                                 thumbnail (the fuzz target, run once per file). Fast: CI runs it.
#   Scripts/sanitize.sh --swift   also the Swift media tests under `swift test --sanitize=address`
#                                 (a separate build in .build-asan; slow).
# Any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=.build-fuzz
source Scripts/fuzz-build.sh

inputs=()
for f in SampleMedia/* ../shared/corpus/* Fuzz/regressions/*; do
  case "$f" in *.md|*/README*) continue ;; esac
  [[ -f "$f" ]] && inputs+=("$f")
done
echo "sanitize: replaying ${#inputs[@]} files under ASan + LSan + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}
log=$(mktemp)
if ! "$work/fuzz_media" -runs=1 "${inputs[@]}" >"$log" 2>&1; then
  tail -n 60 "$log"
  echo "sanitize: FAILED (report above)"
  exit 1
fi
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; then
  grep -E -A20 "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log" | head -n 80
  echo "sanitize: FAILED"
  exit 1
fi
echo "sanitize: ${#inputs[@]} passed, 0 failed (no sanitizer report)"
rm -f "$log"

if [[ "${1:-}" == "--swift" ]]; then
  if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
  fi
  swift build --build-tests --sanitize=address --scratch-path .build-asan
  swift test --skip-build --sanitize=address --scratch-path .build-asan --filter MediaTests
fi
