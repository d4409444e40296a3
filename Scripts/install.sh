#!/usr/bin/env bash
# Installs clipcoach: builds the release binary (Scripts/build-release.sh) and copies it to
# PREFIX/bin (default /usr/local). The binary carries its codebook, schemas and web page
# files, so that one file is the whole install; it needs only FFmpeg's shared libraries
# (Debian 12: libavformat59 libavcodec59 libavutil57 libswscale6 libswresample4).
#
#   Scripts/install.sh [--prefix DIR] [--binary FILE]
#
# --binary installs a clipcoach built already instead of building one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

prefix=/usr/local
binary=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
done

if [[ -z "$binary" ]]; then
  binary="$(bash Scripts/build-release.sh)"
fi
[[ -x "$binary" ]] || { echo "install.sh: no clipcoach binary at $binary" >&2; exit 66; }

install -d "$prefix/bin"
# Copy under a temporary name, then rename: a clipcoach running from there keeps working.
install -m 0755 "$binary" "$prefix/bin/.clipcoach.new"
mv -f "$prefix/bin/.clipcoach.new" "$prefix/bin/clipcoach"
"$prefix/bin/clipcoach" --version >/dev/null
echo "installed $prefix/bin/clipcoach"
