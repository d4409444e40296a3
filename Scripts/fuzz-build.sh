#!/usr/bin/env bash
# Builds .build-fuzz/fuzz_media: Fuzz/fuzz_media.c + Sources/CMedia/*.c with
# clang's libFuzzer, AddressSanitizer (with LeakSanitizer) and UBSan. Sourced by
# Scripts/fuzz.sh and Scripts/sanitize.sh.
set -euo pipefail
work=${work:-.build-fuzz}
mkdir -p "$work"
clang=${CLANG:-}
if [[ -z "$clang" ]]; then
  if [[ -x /opt/swift/usr/bin/clang ]]; then clang=/opt/swift/usr/bin/clang; else clang=clang; fi
fi
sources=(Sources/CMedia/*.c)
newest=$(ls -t Fuzz/fuzz_media.c "${sources[@]}" Sources/CMedia/*.h Sources/CMedia/include/*.h | head -n1)
if [[ ! -x "$work/fuzz_media" || "$newest" -nt "$work/fuzz_media" ]]; then
  echo "building $work/fuzz_media with $clang" >&2
  linker=()
  [[ -x "$(dirname "$clang")/ld.lld" ]] && linker=(-fuse-ld=lld)
  # shellcheck disable=SC2046
  "$clang" "${linker[@]}" -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -ISources/CMedia/include -ISources/CMedia Fuzz/fuzz_media.c "${sources[@]}" \
    $(pkg-config --cflags --libs libavformat libavcodec libavutil libswscale libswresample) -lm \
    -o "$work/fuzz_media"
fi
