#!/usr/bin/env bash
# review-load.sh — the review server's load check on a small library made on the spot:
# cuts two clips from SampleMedia/lesson.mp4, annotates and ingests them, starts
# `clipcoach review serve` on a free loopback port, runs Scripts/review-load.py against it
# (2,000 reads, 200 colliding writes, no lost writes), stops the server.
#
#   bash Scripts/review-load.sh [extra review-load.py options]
#
# Uses the debug build in .build (or $CLIPCOACH_BIN). Not a timed test: it prints figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
BIN="${CLIPCOACH_BIN:-}"
if [[ -z "$BIN" ]]; then
  swift build --product clipcoach >/dev/null
  BIN="$(swift build --show-bin-path)/clipcoach"
fi

WORK="$(mktemp -d -t clipcoach-review-load-XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/clips"
"$BIN" cut SampleMedia/lesson.mp4 --clip 10-40=a --clip 50-80=b --clip 90-120=c --out "$WORK/clips" >/dev/null
"$BIN" annotate "$WORK/clips/a.json" --code richness.explanations --score mid --rater ana --at 5 >/dev/null
# Shared for review: review serve (the raters' page) shows no private clip.
for clip in a b c; do "$BIN" tag "$WORK/clips/$clip.json" --sharing coaching --by coach >/dev/null; done
"$BIN" library ingest "$WORK/clips" --catalog "$WORK/library.sqlite" >/dev/null

"$BIN" review serve --catalog "$WORK/library.sqlite" --port 0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
URL=""
for _ in $(seq 1 200); do
  URL="$(sed -n 's/^clipcoach review: serving //p' "$WORK/server.out" | head -n1)"
  [[ -n "$URL" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
  sleep 0.05
done
[[ -n "$URL" ]] || { echo "review-load: the server did not start" >&2; cat "$WORK/server.err" >&2; exit 1; }
echo "review-load: server $URL (catalog $WORK/library.sqlite)"

python3 Scripts/review-load.py --url "$URL" --sidecars "$WORK/clips" "$@"
