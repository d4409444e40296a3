#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing (apt
# packages, Python test oracles), builds, and runs every test against real
# FFmpeg on SampleMedia/ and ../shared/corpus/ (skipped with a message if absent).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash Scripts/install-deps.sh
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
[[ -d ../shared/corpus ]] || echo "note: ../shared/corpus not found: real-world corpus tests are skipped"

swift build --build-tests
swift test "$@"
