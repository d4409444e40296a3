#!/usr/bin/env bash
# pg-cluster.sh — a private, throw-away PostgreSQL cluster for the catalog tests.
#
#   eval "$(Scripts/pg-cluster.sh start)"   # exports CLIPCOACH_TEST_PG (a catalog URL) and CLIPCOACH_PG_DIR
#   Scripts/pg-cluster.sh stop "$CLIPCOACH_PG_DIR"
#
# initdb + pg_ctl in a temporary folder, listening on a free port of PG_LISTEN
# (127.0.0.1 by default; `*` for every address of a network namespace) only; role `clipcoach` with password `clipcoach` (scram),
# database `clipcoach_test`. As root, the server runs as the unprivileged `postgres`
# user (PostgreSQL refuses to run as root). Nothing outside the folder is touched.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
LISTEN="${PG_LISTEN:-127.0.0.1}"

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local bind="$LISTEN"
  [[ "$bind" == "*" ]] && bind=0.0.0.0
  python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1]); s.close()' "$bind"
}

start() {
  [[ -x "$PG_BIN/initdb" ]] || { echo "pg-cluster: no PostgreSQL server binaries (install Debian's postgresql)" >&2; exit 69; }
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/clipcoach-pg.XXXXXX")
  chmod 755 "$dir"
  printf 'clipcoach\n' > "$dir/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U clipcoach --pwfile="$dir/pwfile" -A scram-sha-256 \
    --auth-local=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 70; }
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=$LISTEN -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  [[ -n "$port" ]] || { cat "$dir/server.log" >&2; exit 70; }
  # Other hosts (network-namespace tests) reach it over TCP too.
  [[ "$LISTEN" != "127.0.0.1" ]] && echo "host all all 0.0.0.0/0 scram-sha-256" | as_owner tee -a "$dir/data/pg_hba.conf" >/dev/null \
    && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" reload >/dev/null
  as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U clipcoach clipcoach_test
  echo "$port" > "$dir/port"
  echo "export CLIPCOACH_PG_DIR='$dir'"
  echo "export CLIPCOACH_TEST_PG='postgresql://clipcoach:clipcoach@$LISTEN:$port/clipcoach_test?sslmode=disable'"
}

stop() {
  local dir="${1:-${CLIPCOACH_PG_DIR:-}}"
  [[ -n "$dir" && -d "$dir/data" ]] || { echo "pg-cluster: no cluster folder given" >&2; exit 64; }
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: pg-cluster.sh start | stop DIR" >&2; exit 64 ;;
esac
