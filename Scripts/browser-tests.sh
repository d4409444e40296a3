#!/usr/bin/env bash
# The browser tests (Tests/Browser): real `clipcoach studio` / `review serve` servers driven
# through Selenium in Debian's chromium and firefox-esr (each test once per browser;
# CLIPCOACH_NO_FIREFOX=1 for Chromium only). Needs a built clipcoach (swift build).
# Screenshots, axe reports and figures go to $CLIPCOACH_TEST_OUTPUT/<browser> (default
# .build/test-output/browser). Extra arguments go to pytest (e.g. -k upload, -k firefox).
# Ends with one PASS / FAIL line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
export CLIPCOACH_BIN="${CLIPCOACH_BIN:-$(swift build --show-bin-path)/clipcoach}"
export CLIPCOACH_TEST_OUTPUT="${CLIPCOACH_TEST_OUTPUT:-$PWD/.build/test-output/browser}"
started=$(date +%s)
python3 -m pytest -p no:cacheprovider -q Tests/Browser "$@"
status=$?
elapsed=$(( $(date +%s) - started ))
if [[ $status -eq 0 ]]; then
  echo "browser tests: PASS (${elapsed} s; screenshots in $CLIPCOACH_TEST_OUTPUT)"
else
  echo "browser tests: FAIL (status $status, ${elapsed} s; screenshots in $CLIPCOACH_TEST_OUTPUT)"
fi
exit $status
