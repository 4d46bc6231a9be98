# Sourced by run.sh and latency.sh: the PostgreSQL client binaries, a work folder removed on exit, q (psql, stop on
# the first error, bare output), and the target line (where the run goes and the settings that decide its figures).
bindir=$(pg_config --bindir)
pgbench=$bindir/pgbench
psql=$bindir/psql
[[ -x $psql ]] || psql=psql

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

q() { "$psql" -X -v ON_ERROR_STOP=1 -qAt "$@"; }

print_target() {
    echo "target: host=${PGHOST:-(default)} port=${PGPORT:-(default)}" \
         "user=${PGUSER:-(default)} db=${PGDATABASE:-(default)}"
    q -c "SELECT 'server: ' || split_part(version(), ' on ', 1)
            || ', synchronous_commit=' || current_setting('synchronous_commit')
            || ', fsync=' || current_setting('fsync')
            || ', shared_buffers=' || current_setting('shared_buffers')"
}
