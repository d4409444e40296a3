#!/usr/bin/env bash
# netns-workers.sh — separate hosts on one box: PostgreSQL in one network namespace,
# three `library ingest --worker` processes in three others, each reaching the server
# over TCP through its own veth pair. A worker is killed (SIGKILL) while it holds a
# file; its lease runs out and another worker does that file. The final catalog must
# equal one uninterrupted SQLite run's: videos by path, clips, annotations, thumbnails
# (rows and files) and failures.
#
# Usage: Scripts/netns-workers.sh [path/to/clipcoach]     (root; Scripts/test.sh runs it)
# Skips (exit 0, saying why) when not root or without `ip`. Cleans up its namespaces,
# processes and files however it ends. About 30 seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/.build/debug/clipcoach}"
say() { printf '[netns-workers] %s\n' "$*"; }
fail() {
  printf '[netns-workers] FAIL: %s\n' "$*" >&2
  # What each worker said, so a failure seen only in CI can be understood from its log.
  for log in "${WORK:-/nonexistent}"/worker-*.log; do
    [[ -f "$log" ]] && { echo "--- $(basename "$log"):" >&2; grep -v '^\[' "$log" | tail -n 8 >&2; }
  done
  exit 1
}

if [[ $(id -u) -ne 0 ]] || ! command -v ip >/dev/null 2>&1; then
  say "skipped: needs root and iproute2 (ip netns)"; exit 0
fi
[[ -x "$BIN" ]] || fail "no clipcoach binary at $BIN"

TAG="cc$$"
DB_NS="${TAG}db"
WORKERS=(1 2 3)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clipcoach-netns.XXXXXX")
PIDS=()
PG_DIR=""

cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [[ -n "$PG_DIR" ]] && ip netns exec "$DB_NS" bash "$ROOT/Scripts/pg-cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
  for n in "${WORKERS[@]}"; do ip netns del "${TAG}w$n" 2>/dev/null || true; done
  ip netns del "$DB_NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the library: annotated clips, an unannotated lesson copy, one broken file ----
LIB="$WORK/library"
mkdir -p "$LIB"
"$BIN" cut "$ROOT/SampleMedia/lesson.mp4" --clip 0-4=launch --clip 4-8=share --clip 8-12=close --out "$LIB" >/dev/null
n=0
for sidecar in "$LIB"/*.json; do
  n=$((n + 1))
  "$BIN" annotate "$sidecar" --code richness.explanations --score mid --rater "rater$n" --at 1 >/dev/null
done
for i in 1 2 3 4 5 6 7 8 9; do cp "$ROOT/SampleMedia/lesson-noaudio.mp4" "$LIB/copy-$i.mp4"; done
cp "$ROOT/SampleMedia/lesson-vp9.mkv" "$LIB/vp9.mkv"
printf 'not a video' > "$LIB/broken.mp4"

# ---- the reference: one uninterrupted SQLite run ----
mkdir -p "$WORK/ref"
"$BIN" library ingest "$LIB" --catalog "$WORK/ref/library.sqlite" >/dev/null 2>&1 || true   # 65: the broken file
[[ -s "$WORK/ref/library.sqlite" ]] || fail "the reference ingest made no catalog"

# ---- the hosts ----
ip netns add "$DB_NS"
ip netns exec "$DB_NS" ip link set lo up
for n in "${WORKERS[@]}"; do
  ns="${TAG}w$n"
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  ip link add "${TAG}d$n" type veth peer name "${TAG}v$n"
  ip link set "${TAG}d$n" netns "$DB_NS"
  ip link set "${TAG}v$n" netns "$ns"
  ip netns exec "$DB_NS" ip addr add "10.199.$n.1/24" dev "${TAG}d$n"
  ip netns exec "$DB_NS" ip link set "${TAG}d$n" up
  ip netns exec "$ns" ip addr add "10.199.$n.2/24" dev "${TAG}v$n"
  ip netns exec "$ns" ip link set "${TAG}v$n" up
done
eval "$(ip netns exec "$DB_NS" env PG_LISTEN='*' bash "$ROOT/Scripts/pg-cluster.sh" start)"
PG_DIR="$CLIPCOACH_PG_DIR"
PORT=$(cat "$PG_DIR/port")
url() { echo "postgresql://clipcoach:clipcoach@10.199.$1.1:$PORT/clipcoach_test?sslmode=disable"; }
SOCKET_URL="postgresql://clipcoach@/clipcoach_test?host=$PG_DIR&port=$PORT"
psql_db() { ip netns exec "$DB_NS" psql "$SOCKET_URL" -qAtc "$1"; }
# A worker cannot reach another worker's host: only the server.
if ip netns exec "${TAG}w1" bash -c "exec 3<>/dev/tcp/10.199.2.2/$PORT" 2>/dev/null; then fail "worker hosts are not separate"; fi

# ---- three workers; the first is killed while it holds a file ----
MEDIA="$WORK/shared.media"
for n in "${WORKERS[@]}"; do
  ip netns exec "${TAG}w$n" "$BIN" library ingest "$LIB" --catalog "$(url "$n")" --media "$MEDIA" --worker --lease 3 \
    >"$WORK/worker-$n.log" 2>&1 &
  PIDS+=($!)
done
# The victim: whichever worker is first seen holding a file (a fixed one may, now and then,
# start late enough that the others have taken every file before it claims one). Files
# are small, so a worker seen holding one may be done with it a moment later: it is
# stopped (SIGSTOP) first, and killed only if, frozen, it still holds a claim; otherwise
# it goes on and the look is repeated.
holds_claim() {
  [[ $(psql_db "SELECT count(*) FROM ingest_queue WHERE state = 'claimed' AND worker LIKE '%:$1'" 2>/dev/null || echo 0) -ge 1 ]]
}
VICTIM=""
for _ in $(seq 1 300); do
  holders=$(psql_db "SELECT worker FROM ingest_queue WHERE state = 'claimed' ORDER BY updated_at" 2>/dev/null || true)
  for holder in $holders; do
    for pid in "${PIDS[@]}"; do
      [[ "${holder##*:}" == "$pid" ]] || continue
      kill -STOP "$pid" 2>/dev/null || continue
      sleep 0.2   # a commit already on its way lands before the second look
      if holds_claim "$pid"; then VICTIM=$pid; break 3; fi
      kill -CONT "$pid" 2>/dev/null || true
    done
  done
  sleep 0.05
done
[[ -n "$VICTIM" ]] || fail "no worker was seen holding a file"
kill -9 "$VICTIM"
wait "$VICTIM" 2>/dev/null || true
say "killed a worker (pid $VICTIM) while it held a file"
for pid in "${PIDS[@]}"; do
  [[ "$pid" == "$VICTIM" ]] && continue
  wait "$pid" || true   # the broken file makes the exit code 65
done
PIDS=()

# ---- the comparison ----
ip netns exec "${TAG}w2" "$BIN" library dump --portable --catalog "$(url 2)" > "$WORK/pg.dump"
"$BIN" library dump --portable --catalog "$WORK/ref/library.sqlite" > "$WORK/ref.dump"
diff -u "$WORK/ref.dump" "$WORK/pg.dump" >&2 || fail "the PostgreSQL catalog differs from the SQLite run's"
grep -q '^annotation: ' "$WORK/ref.dump" || fail "the reference has no annotations: the test would prove little"
(cd "$WORK/ref/library.media" && find . -type f ! -name '.*' | sort) > "$WORK/ref.files"
(cd "$MEDIA" && find . -type f ! -name '.*' | sort) > "$WORK/pg.files"
diff -u "$WORK/ref.files" "$WORK/pg.files" >&2 || fail "the media folders differ"
ref_failed=$(python3 -c 'import sqlite3,sys; print(",".join(sorted({r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT path FROM ingest_log WHERE outcome = '"'failed'"'")})))' "$WORK/ref/library.sqlite")
pg_failed=$(psql_db "SELECT string_agg(path, ',' ORDER BY path) FROM (SELECT DISTINCT path FROM ingest_log WHERE outcome = 'failed') f")
[[ "$ref_failed" == "$pg_failed" ]] || fail "failures differ: sqlite [$ref_failed] postgres [$pg_failed]"
retried=$(psql_db "SELECT count(*) FROM ingest_queue WHERE reasons LIKE '%:$VICTIM stopped%'")
[[ "$retried" -ge 1 ]] || fail "no file records the killed worker's lease running out"
say "ok: $(grep -c '^video: ' "$WORK/pg.dump") videos, $(grep -c '^annotation: ' "$WORK/pg.dump") annotations, $(wc -l < "$WORK/pg.files") media files equal; $retried file(s) retried after the kill"
