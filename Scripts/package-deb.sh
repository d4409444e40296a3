#!/usr/bin/env bash
# Makes a Debian package of clipcoach with dpkg-deb and prints its path.
#
#   Scripts/package-deb.sh [--binary FILE] [--out DIR] [--fast]
#
# --fast compresses with gzip -1 instead of xz (seconds instead of minutes; for tests).
# Builds the release binary (Scripts/build-release.sh) unless --binary names one. The
# package's Depends are the Debian packages that own the shared libraries the binary links
# (FFmpeg's libav* runtime libraries on Debian 12, libc6, ...), read with ldd and dpkg -S,
# so they follow what the binary really needs. Install with `dpkg -i` (or `apt install ./F.deb`
# to pull the libraries in), remove with `dpkg -r clipcoach`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

binary=""
out="dist"
compression=(-Zxz)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --fast) compression=(-Zgzip -z1); shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-deb.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
done
if [[ -z "$binary" ]]; then
  binary="$(bash Scripts/build-release.sh)"
fi
[[ -x "$binary" ]] || { echo "package-deb.sh: no clipcoach binary at $binary" >&2; exit 66; }

version="$("$binary" --version | tr -d '[:space:]')"
arch="$(dpkg --print-architecture)"

# Each shared library the binary names (ELF NEEDED) -> the Debian package that owns it. One
# dpkg -S call over every spelling of each path (/lib and /usr/lib are one folder on Debian 12).
# Libraries no package owns (a debug build's Swift runtime in /opt/swift) are left out.
needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
candidates="$(ldd "$binary" | awk '/=> \// { print $1, $3 }' | while read -r name path; do
    grep -qxF "$name" <<<"$needed" || continue
    real="$(readlink -f "$path")"
    for p in "$path" "$real"; do echo "$p"; echo "/usr${p#/usr}"; echo "${p#/usr}"; done
  done | sort -u)"
depends="$( (dpkg -S $candidates 2>/dev/null || true) | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')"
[[ "$depends" == *libavformat* ]] || { echo "package-deb.sh: cannot tell the FFmpeg packages the binary needs" >&2; exit 69; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/doc/clipcoach"
install -m 0755 "$binary" "$stage/usr/bin/clipcoach"
install -m 0644 README.md "$stage/usr/share/doc/clipcoach/README.md"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: clipcoach
Version: $version
Architecture: $arch
Maintainer: ClipCoach maintainers <clipcoach@localhost>
Depends: $depends
Section: video
Priority: optional
Installed-Size: $(du -sk "$stage/usr" | cut -f1)
Description: classroom video clips for math instructional coaching
 Cuts lesson videos into clips, annotates them with an observation codebook
 (MQI), keeps a searchable library and runs coaching cycles, from the command
 line or a local review web page.
CONTROL

mkdir -p "$out"
deb="$out/clipcoach_${version}_${arch}.deb"
dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$deb" >&2
echo "$deb"
