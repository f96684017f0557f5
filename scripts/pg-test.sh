#!/usr/bin/env bash
# A throwaway PostgreSQL for the server's integration tests.
#
#   scripts/pg-test.sh run <command...>   start, run the command with PG_TEST_URL set, stop
#   scripts/pg-test.sh start              start; prints PG_TEST_URL=... and PG_TEST_DIR=...
#   scripts/pg-test.sh stop <dir>         stop the cluster in <dir> and delete it
#
# e.g.  scripts/pg-test.sh run npx vitest run tests/integration/server-
#
# As root on Debian/Ubuntu it installs the postgresql package when initdb is
# missing (apt-get) and runs the cluster as the postgres user; as another user
# it runs the cluster as that user. The cluster lives in a temp folder, listens
# on a free port on 127.0.0.1 only (socket in the same folder), trusts local
# connections and skips fsync: it is for tests, never for data.
set -euo pipefail

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

ensure_postgres() {
  if BIN=$(find_bin); then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "pg-test: PostgreSQL is not installed and we are not root (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "pg-test: installing postgresql (apt-get)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || {
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
  }
  BIN=$(find_bin)
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  ensure_postgres
  local dir port
  dir=$(mktemp -d /tmp/akimat-pgtest.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  port=$(free_port)
  as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres akimat_test
  echo "$port" >"$dir/port"
  PG_TEST_URL="postgres://postgres@127.0.0.1:$port/akimat_test"
  PG_TEST_DIR="$dir"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] || { echo "pg-test: no cluster in $dir" >&2; return 1; }
  BIN=$(find_bin)
  as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    start
    echo "PG_TEST_URL=$PG_TEST_URL"
    echo "PG_TEST_DIR=$PG_TEST_DIR"
    ;;
  stop)
    stop "${2:?usage: pg-test.sh stop <dir>}"
    ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: pg-test.sh run <command...>" >&2; exit 2; }
    start
    trap 'stop "$PG_TEST_DIR"' EXIT
    echo "pg-test: PostgreSQL at $PG_TEST_URL" >&2
    PG_TEST_URL="$PG_TEST_URL" "$@"
    ;;
  *)
    sed -n '2,14p' "$0"
    exit 2
    ;;
esac
