# shellcheck shell=bash
# Helpers sourced by scripts/run, scripts/test and .ci/run. Not executable on its own.
#
#   pg_local_start       start a throwaway PostgreSQL cluster on a free loopback port, create the
#                        `paymentrecords` database and export ConnectionStrings__Postgres for it.
#                        Sets PG_LOCAL_DIR, PG_LOCAL_PORT, PG_LOCAL_BINDIR. Returns non-zero on failure.
#   pg_local_stop        stop that cluster (pg_ctl stop -m fast) and delete its folder. Idempotent,
#                        meant for `trap pg_local_stop EXIT`.
#   pg_local_start_persistent DIR
#                        start (creating it on first use) a kept cluster whose files live in DIR, on
#                        the port chosen when it was made, and export ConnectionStrings__Postgres.
#                        pg_local_stop then stops it but keeps DIR; a cluster already running there
#                        (another scripts/run) is reused and left running.
#   pg_local_find_bindir print the folder holding initdb/pg_ctl/postgres, or fail.
#   docker_engine_answers  true when a Docker engine answers `docker info` within 5 s.
#   run_forwarding_signals CMD...  run CMD as a waited-on background child so that INT/TERM sent to
#                        the script reach CMD (as TERM) and the script's EXIT trap still runs; returns
#                        CMD's exit code. Used by scripts/run (the server shuts down on TERM).
#                        Not for `dotnet test`: on TERM it exits and leaves its test hosts running.
#
# Tunables (environment): PG_BINDIR (folder with initdb etc.), PG_LOCAL_TMP_ROOT (default /tmp;
# must be traversable by the `postgres` user), PG_LOCAL_DB (default paymentrecords).

PG_LOCAL_DIR="${PG_LOCAL_DIR:-}"
PG_LOCAL_PORT="${PG_LOCAL_PORT:-}"
PG_LOCAL_BINDIR="${PG_LOCAL_BINDIR:-}"

_pg_log() { printf '[pg-local] %s\n' "$*" >&2; }

docker_engine_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  timeout 5 docker info >/dev/null 2>&1
}

pg_local_find_bindir() {
  local d
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
    printf '%s\n' "$PG_BINDIR"; return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      printf '%s\n' "$d"; return 0
    fi
  fi
  # Debian layout: /usr/lib/postgresql/<major>/bin; prefer the newest major.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      printf '%s\n' "$d"; return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    if [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      printf '%s\n' "$d"; return 0
    fi
  fi
  return 1
}

# Runs "$@" as the cluster owner: `postgres` when we are root, else the current user.
_pg_as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    local quoted
    quoted="$(printf '%q ' "$@")"
    su postgres -s /bin/sh -c "$quoted"
  fi
}

# Prints a loopback TCP port nobody listens on (never 55432: a developer cluster may live there).
_pg_free_port() {
  local port i
  if command -v python3 >/dev/null 2>&1; then
    for i in 1 2 3 4 5; do
      port="$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null)" || port=""
      if [ -n "$port" ] && [ "$port" != 55432 ]; then printf '%s\n' "$port"; return 0; fi
    done
  fi
  for i in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    [ "$port" = 55432 ] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"; return 0
    fi
  done
  return 1
}

# Finds the server binaries (PG_LOCAL_BINDIR) and checks a cluster owner exists; explains what is missing.
_pg_prerequisites() {
  if ! PG_LOCAL_BINDIR="$(pg_local_find_bindir)"; then
    cat >&2 <<'EOF'
[pg-local] PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found.
[pg-local] Install them, e.g. on Debian/Ubuntu:
[pg-local]     sudo apt-get update && sudo apt-get install -y postgresql
[pg-local] (or set PG_BINDIR to the folder that holds initdb, or set ConnectionStrings__Postgres
[pg-local]  to an existing database, or start a Docker engine and use `docker compose up -d db`).
EOF
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    _pg_log "running as root but there is no 'postgres' OS user to own the cluster (initdb refuses root)."
    _pg_log "create one (useradd --system postgres) or install the 'postgresql' package, which does."
    return 1
  fi
}

# initdb into "$1" (a folder the owner can write), log in "$2".
_pg_initdb() {
  _pg_log "initdb in $1 ($PG_LOCAL_BINDIR)"
  if ! _pg_as_owner "$PG_LOCAL_BINDIR/initdb" -D "$1" -U postgres -A trust \
         -E UTF8 --locale=C.UTF-8 >"$2" 2>&1 \
     && ! _pg_as_owner "$PG_LOCAL_BINDIR/initdb" -D "$1" -U postgres -A trust \
         -E UTF8 --no-locale >"$2" 2>&1; then
    _pg_log "initdb failed:"; cat "$2" >&2
    return 1
  fi
}

# Waits for the server on PG_LOCAL_PORT, then creates database "$1" unless it exists.
_pg_ready_and_createdb() {
  local i ready="" db="$1"
  for i in $(seq 1 60); do
    if "$PG_LOCAL_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_LOCAL_PORT" -U postgres; then ready=1; break; fi
    sleep 0.5
  done
  [ -n "$ready" ] || { _pg_log "server on port $PG_LOCAL_PORT did not accept connections"; return 1; }
  if ! "$PG_LOCAL_BINDIR/psql" -h 127.0.0.1 -p "$PG_LOCAL_PORT" -U postgres -d postgres -tAc \
       "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null | grep -q 1; then
    "$PG_LOCAL_BINDIR/createdb" -h 127.0.0.1 -p "$PG_LOCAL_PORT" -U postgres "$db" >&2 \
      || { _pg_log "createdb $db failed"; return 1; }
  fi
  export PG_LOCAL_DIR PG_LOCAL_PORT PG_LOCAL_BINDIR
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_LOCAL_PORT;Username=postgres;Password=postgres;Database=$db"
  _pg_log "ready: $ConnectionStrings__Postgres"
}

pg_local_start() {
  local db="${PG_LOCAL_DB:-paymentrecords}"
  if [ -n "$PG_LOCAL_DIR" ]; then
    _pg_log "a local cluster is already running in $PG_LOCAL_DIR"; return 0
  fi
  _pg_prerequisites || return 1

  local root="${PG_LOCAL_TMP_ROOT:-/tmp}"
  PG_LOCAL_DIR="$(mktemp -d "$root/paymentrecords-pg.XXXXXX")" || { PG_LOCAL_DIR=""; return 1; }
  chmod 700 "$PG_LOCAL_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_LOCAL_DIR"; fi

  _pg_initdb "$PG_LOCAL_DIR/data" "$PG_LOCAL_DIR/initdb.log" || { pg_local_stop; return 1; }

  local attempt started=""
  for attempt in 1 2 3; do
    PG_LOCAL_PORT="$(_pg_free_port)" || { _pg_log "no free port found"; break; }
    _pg_log "starting on 127.0.0.1:$PG_LOCAL_PORT"
    if _pg_as_owner "$PG_LOCAL_BINDIR/pg_ctl" -D "$PG_LOCAL_DIR/data" -l "$PG_LOCAL_DIR/server.log" \
         -w -t 60 start -o "-p $PG_LOCAL_PORT -c listen_addresses=127.0.0.1 -k $PG_LOCAL_DIR \
-c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null 2>&1; then
      started=1; break
    fi
    _pg_log "start attempt $attempt failed (port race?); server log tail:"
    tail -n 5 "$PG_LOCAL_DIR/server.log" >&2 2>/dev/null || true
  done
  if [ -z "$started" ]; then pg_local_stop; return 1; fi
  if ! _pg_ready_and_createdb "$db"; then
    cat "$PG_LOCAL_DIR/server.log" >&2 2>/dev/null; pg_local_stop; return 1
  fi
}

# A kept cluster: its data, socket, log and port live in DIR, which survives pg_local_stop. Unlike the
# throwaway one it keeps fsync and synchronous_commit on: what a developer built up must survive a crash.
pg_local_start_persistent() {
  local dir="$1" db="${PG_LOCAL_DB:-paymentrecords}"
  if [ -n "$PG_LOCAL_DIR" ]; then
    _pg_log "a local cluster is already running in $PG_LOCAL_DIR"; return 0
  fi
  _pg_prerequisites || return 1
  mkdir -p "$dir" || return 1
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    if ! _pg_as_owner test -w "$dir"; then
      _pg_log "the 'postgres' user cannot write $dir (a parent folder is closed to it);"
      _pg_log "set PAYMENTRECORDS_DATA_DIR to a folder it can reach, e.g. /var/tmp/paymentrecords"
      return 1
    fi
  fi
  chmod 700 "$dir"

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    _pg_initdb "$dir/data" "$dir/initdb.log" || return 1
    PG_LOCAL_PORT="$(_pg_free_port)" || { _pg_log "no free port found"; return 1; }
    printf '%s\n' "$PG_LOCAL_PORT" >"$dir/port"
    _pg_log "new cluster in $dir on port $PG_LOCAL_PORT (kept between runs)"
  fi
  PG_LOCAL_PORT="$(cat "$dir/port")"

  if _pg_as_owner "$PG_LOCAL_BINDIR/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # Another scripts/run started it: use it, and leave it to that run to stop.
    _pg_log "reusing the cluster already running in $dir (port $PG_LOCAL_PORT)"
    PG_LOCAL_DIR=""
    _pg_ready_and_createdb "$db"
    return
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PG_LOCAL_PORT") 2>/dev/null; then
    _pg_log "port $PG_LOCAL_PORT (kept in $dir/port) is taken by another program; free it or edit that file"
    return 1
  fi
  PG_LOCAL_DIR="$dir"
  _pg_log "starting the kept cluster in $dir on 127.0.0.1:$PG_LOCAL_PORT"
  if ! _pg_as_owner "$PG_LOCAL_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
       -o "-p $PG_LOCAL_PORT -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300" >/dev/null 2>&1; then
    _pg_log "pg_ctl start failed; server log tail:"; tail -n 20 "$dir/server.log" >&2 2>/dev/null
    PG_LOCAL_DIR=""; return 1
  fi
  _pg_ready_and_createdb "$db" || { pg_local_stop; return 1; }
}

pg_local_stop() {
  [ -n "$PG_LOCAL_DIR" ] || return 0
  local dir="$PG_LOCAL_DIR"
  PG_LOCAL_DIR=""
  if [ -f "$dir/data/postmaster.pid" ] && [ -n "$PG_LOCAL_BINDIR" ]; then
    _pg_as_owner "$PG_LOCAL_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || _pg_log "pg_ctl stop failed for $dir"
  fi
  case "$dir" in
    */paymentrecords-pg.*) rm -rf -- "$dir"; _pg_log "stopped and removed $dir" ;;
    *) _pg_log "stopped $dir (kept)" ;;
  esac
  unset ConnectionStrings__Postgres
  return 0
}

run_forwarding_signals() {
  local child rc rc2
  "$@" &
  child=$!
  # Background jobs of a non-interactive shell ignore SIGINT, so both INT and TERM are passed on
  # as TERM (ASP.NET Core and the test host both shut down on it).
  # shellcheck disable=SC2064
  trap "kill -TERM $child 2>/dev/null" INT TERM
  while :; do
    wait "$child"; rc=$?
    # wait returns >128 when a trapped signal interrupted it; keep waiting while the child lives.
    if [ "$rc" -gt 128 ] && kill -0 "$child" 2>/dev/null; then continue; fi
    if [ "$rc" -gt 128 ]; then
      wait "$child" 2>/dev/null; rc2=$?
      [ "$rc2" -ne 127 ] && rc=$rc2
    fi
    break
  done
  trap - INT TERM
  return "$rc"
}
