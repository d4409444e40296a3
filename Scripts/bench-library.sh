#!/usr/bin/env bash
# bench-library.sh — the library catalog's benchmarks (figures, not tests):
#
#  1. ingest of 40 generated 10-second 640x360 videos with --jobs 2 against --jobs 1,
#     fresh catalogs, median of RUNS runs each, alternating (target ratio <= 0.6);
#  2. peak memory (RSS) of ingesting one 10-second and one 10-minute video: should be flat;
#  3. `library search --code` over a catalog of 100,000 synthetic annotated clips,
#     median of 20 runs: the query itself (queryMilliseconds) and the whole command
#     (target < 20 ms for the query);
#  4. the PostgreSQL catalog (a private server from Scripts/pg-cluster.sh): 2 queue
#     workers against 1 on the 40 files (target >= 1.7x throughput), each worker given
#     one core's worth of work (--jobs 1 --threads 1, as on a one-CPU task), and the
#     search of 3 over the same 100,000 clips synced into it (target < 20 ms).
#
# Usage: Scripts/bench-library.sh
#   CLIPCOACH_BIN=/path/to/clipcoach   use this binary instead of building release
#   RUNS=3                             ingest runs per --jobs value (median reported)
#   BENCH_ONLY=postgres                only the PostgreSQL figures (4.)
#   CLIPCOACH_BENCH_PG=URL             an existing server's empty database instead of a private one
# Generated videos and catalogs go to bench-out/library/ (git-ignored) and are reused.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
OUT="$ROOT/bench-out/library"
RUNS="${RUNS:-3}"
export PATH="/opt/swift/usr/bin:$PATH"

die() { echo "bench-library: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null || die "ffmpeg not found (it generates the videos)"
command -v python3 >/dev/null || die "python3 not found (it times the runs)"
mkdir -p "$OUT/videos" "$OUT/long"

# A synthetic lesson: SECONDS long, 640x360, 25 fps, 2 s GOP, tone at FREQ Hz (so every
# file's content differs); written to a temporary name, then renamed.
make_video() {
    local seconds="$1" freq="$2" path="$3"
    [[ -s "$path" ]] && return 0
    ffmpeg -v error -y \
        -f lavfi -i "testsrc2=size=640x360:rate=25:duration=$seconds" \
        -f lavfi -i "sine=frequency=$freq:sample_rate=48000:duration=$seconds" \
        -c:v libx264 -preset veryfast -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p \
        -c:a aac -b:a 64k -movflags +faststart "$path.partial.mp4"
    mv "$path.partial.mp4" "$path"
}

echo "generating videos in $OUT (reused when present)..." >&2
for i in $(seq -w 1 40); do
    make_video 10 $((200 + 10#$i * 17)) "$OUT/videos/video-$i.mp4"
done
make_video 600 440 "$OUT/long/lesson-600s.mp4"

if [[ -n "${CLIPCOACH_BIN:-}" ]]; then
    BIN="$CLIPCOACH_BIN"
else
    echo "building release..." >&2
    BIN="$(bash "$SCRIPT_DIR/build-release.sh")"
fi
[[ -x "$BIN" ]] || die "no clipcoach binary at $BIN"

if [[ -z "${CLIPCOACH_BENCH_PG:-}" ]]; then
    eval "$(bash "$SCRIPT_DIR/pg-cluster.sh" start)"
    trap 'bash "$SCRIPT_DIR/pg-cluster.sh" stop "$CLIPCOACH_PG_DIR"' EXIT
    export CLIPCOACH_BENCH_PG="$CLIPCOACH_TEST_PG"
fi
python3 "$SCRIPT_DIR/bench_library.py" "$BIN" "$OUT" "$RUNS"
