#!/usr/bin/env bash
# Start-up time: starts <api-binary> against an already migrated database (ConnectionStrings__Postgres, default the
# bench cluster on 5432), polls /healthz every 5 ms, prints "wall_ms cpu_ms" at the first 200 (CPU: user+system time
# of the process so far, from /proc), then stops it. Usage: bench/scripts/startup.sh <api-binary>
set -u
BIN=$1; PORT=${PORT:-12199}
: "${ConnectionStrings__Postgres:=Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=paymentrecords}"
s=$(date +%s%N)
export ConnectionStrings__Postgres
$BIN --urls http://127.0.0.1:$PORT >"${LOG:-/tmp/startup.log}" 2>&1 &
pid=$!
for _ in $(seq 1 6000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/healthz 2>/dev/null)
  [ "$code" = 200 ] && break
  sleep 0.005
done
e=$(date +%s%N)
read -r -a st < /proc/$pid/stat
tck=$(getconf CLK_TCK)
echo "$(( (e-s)/1000000 )) $(( (st[13]+st[14])*1000/tck ))"
kill $pid; wait $pid 2>/dev/null
