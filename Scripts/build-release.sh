#!/usr/bin/env bash
# Builds the release clipcoach the way it ships, and prints the binary's path.
# --static-swift-stdlib links the Swift runtime and Foundation into the binary:
# a command starts ~17 ms sooner and uses ~9 MiB less memory than with the
# shared Swift libraries (measured in Scripts/bench.sh probe), which matters for
# a tool run once per file. Build output goes to stderr.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
flags=(-c release --static-swift-stdlib --product clipcoach)
swift build "${flags[@]}" >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/clipcoach"
