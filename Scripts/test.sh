#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing (apt
# packages, Python test oracles), builds, and runs
#   1. every Swift test (real FFmpeg on SampleMedia/ and ../shared/corpus/),
#   2. the C media core under AddressSanitizer, LeakSanitizer and UBSan over every
#      sample, corpus file and fuzz regression, then the Swift media tests under
#      `swift test --sanitize=address` (Scripts/sanitize.sh --swift, ~1 minute),
#   3. smart-cut clips played in headless Chromium (Scripts/browser-play-check.py),
#   4. a damaged-media torture run through the CLI (Scripts/torture.py; 500 files
#      by hand, TORTURE_COUNT files here, 80 by default to keep CI short).
# Extra arguments go to `swift test` (e.g. --filter CutCLITests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash Scripts/install-deps.sh
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
[[ -d ../shared/corpus ]] || echo "note: ../shared/corpus not found: real-world corpus tests are skipped"

swift build --build-tests
swift test "$@"
if [[ $# -eq 0 ]]; then
  # Smart-cut clips play in Chromium across the join (Selenium + chromium-driver, ~15 s).
  python3 Scripts/browser-play-check.py --bin "$(swift build --show-bin-path)/clipcoach"
fi
if [[ $# -eq 0 ]]; then
  bash Scripts/sanitize.sh --swift
  python3 Scripts/torture.py --count "${TORTURE_COUNT:-80}" --bin "$(swift build --show-bin-path)/clipcoach"
fi
