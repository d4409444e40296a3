#!/usr/bin/env bash
# Builds the release clipcoach the way it ships, and prints the binary's path.
# --static-swift-stdlib links the Swift runtime and Foundation into the binary:
# a command starts ~17 ms sooner and uses ~9 MiB less memory than with the
# shared Swift libraries (measured in Scripts/bench.sh probe), which matters for
# a tool run once per file. Build output goes to stderr.
#
# Start-up order of the libraries: Debian's FFmpeg pulls in ~130 shared libraries,
# and the dynamic linker resolves each of their ~24,000 start-up symbol bindings by
# walking the libraries in breadth-first order. Libraries that bind many symbols to
# themselves (libcrypto, libstdc++, GLib, ...) sit deep in that order, so each such
# lookup walks past ~100 others first. Naming them as direct dependencies of the binary
# moves them to the front: the same libraries are loaded, every C symbol still binds to
# the same library (only duplicate C++ template copies bind to the first of their
# identical copies), and start-up runs ~45% fewer instructions in the dynamic linker
# (valgrind --tool=callgrind on a program linked like clipcoach: 84 -> 48 million).
# The list is measured from the installed FFmpeg (LD_DEBUG=bindings), so another
# FFmpeg build gets its own list. Opt-in (CLIPCOACH_LIBRARY_ORDER=1) until a full build and
# the .deb with it have been tested end to end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
flags=(-c release --static-swift-stdlib --product clipcoach)
[[ -n "${CLIPCOACH_SCRATCH_PATH:-}" ]] && flags+=(--scratch-path "$CLIPCOACH_SCRATCH_PATH")

# Prints the libraries that start-up binds at least 100 symbols to, most first.
busiest_libraries() {
  local dir cc
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  cc=$(command -v clang || command -v cc || true)
  [[ -n "$cc" ]] || return 0
  printf 'unsigned avformat_version(void);\nint main(int c, char **v) { (void)v; return c > 9 ? (int)avformat_version() : 0; }\n' >"$dir/p.c"
  # shellcheck disable=SC2046
  "$cc" "$dir/p.c" -o "$dir/p" $(pkg-config --libs libavformat libavcodec libavutil libswscale libswresample) \
    2>/dev/null || return 0
  LD_DEBUG=bindings LD_DEBUG_OUTPUT="$dir/bindings" "$dir/p" || return 0
  cat "$dir"/bindings.* 2>/dev/null | sed -nE 's/.* to ([^ ]+) \[[0-9]+\]: normal symbol.*/\1/p' \
    | sort | uniq -c | sort -rn | awk '$1 >= 100 { print $2 }' | while read -r path; do
      [[ "$path" == /* ]] && basename "$path"
    done
}

if [[ "${CLIPCOACH_LIBRARY_ORDER:-0}" == "1" ]]; then
  order=(-Xlinker --push-state -Xlinker --no-as-needed)
  while read -r library; do
    [[ -n "$library" ]] && order+=(-Xlinker "-l:$library")
  done < <(busiest_libraries)
  order+=(-Xlinker --pop-state)
  [[ ${#order[@]} -gt 6 ]] && flags+=("${order[@]}")
fi

swift build "${flags[@]}" >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/clipcoach"
