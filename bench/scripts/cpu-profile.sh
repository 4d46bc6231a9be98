#!/usr/bin/env bash
# Where the server's CPU goes under one scenario (issue 11): runs the scenario against a running server, samples the
# server with `perf record -g` meanwhile, and prints three views of the samples:
#   1. by kind: the nearest frame of a known component from the leaf up (EF Core's change tracking, queries, updates;
#      Npgsql; System.Text.Json; Kestrel; the thread pool; the app), prefixed kernel:/coreclr:/libc: when the leaf
#      itself is there (coreclr: is mostly the GC; kernel:threading is waiting and waking threads);
#   2. by the app's nearest frame: which of our methods caused the work below them;
#   3. (FRAME=substring) the callers of one frame, e.g. FRAME="ChangeDetector::DetectChanges(".
# The server must be started with the runtime's perf map on and W^X off, or the JIT's frames have no names:
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 .build/api/PaymentRecords.Api --urls http://127.0.0.1:12199
#
#   bench/scripts/cpu-profile.sh URL SCENARIO [CLIENTS] [SECONDS]        e.g. ... http://127.0.0.1:12199 seed.flow 8 8
# Needs perf (linux-perf) and python3. The scenario runs 2 s before sampling starts and 2 s after it ends.
set -euo pipefail
URL=$1; SCENARIO=$2; CLIENTS=${3:-1}; SECONDS_=${4:-8}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/bench/PaymentRecords.Bench/bin/Release/net10.0/PaymentRecords.Bench"
[ -x "$BENCH" ] || dotnet build "$ROOT/bench/PaymentRecords.Bench" -c Release -v q >/dev/null
port=${URL##*:}; port=${port%%/*}
PID=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
[ -n "$PID" ] || { echo "no server listening on $URL" >&2; exit 2; }
[ -r "/tmp/perf-$PID.map" ] || echo "warning: /tmp/perf-$PID.map missing: start the server with DOTNET_PerfMapEnabled=1" >&2
OUT=$(mktemp -d)
"$BENCH" --url "$URL" --scenario "$SCENARIO" --clients "$CLIENTS" --duration $((SECONDS_ + 4)) --warmup 0 > "$OUT/bench.txt" &
bench=$!
sleep 2
perf record -F 1999 -g -p "$PID" -o "$OUT/perf.data" -- sleep "$SECONDS_" 2> /dev/null
wait $bench
perf script -i "$OUT/perf.data" 2> /dev/null > "$OUT/perf.txt"
FRAME=${FRAME:-} python3 - "$OUT/perf.txt" <<'PY'
import collections, os, re, sys
kinds = [("DetectChanges", "ef-detect-changes"), ("ChangeTracking", "ef-tracking"),
         ("Microsoft.EntityFrameworkCore.Update", "ef-update"), ("Microsoft.EntityFrameworkCore.Query", "ef-query"),
         ("Microsoft.EntityFrameworkCore.Storage", "ef-storage"), ("Microsoft.EntityFrameworkCore", "ef-other"),
         ("dynamicClass", "ef-query (compiled lambdas)"), ("Npgsql", "npgsql"), ("Kestrel", "kestrel"),
         ("Microsoft.AspNetCore", "aspnet"), ("System.Text.Json", "json"), ("FluentValidation", "validation"),
         ("[PaymentRecords.", "app"), ("System.Net.Sockets", "sockets"), ("System.Threading", "threading")]
def name(frame):
    f = frame.split(" ", 1)[-1]
    f = re.sub(r"\s*\(/tmp/perf-\d+\.map\)|\s*\(/[^)]*\)$", "", f)
    return re.sub(r"\+0x[0-9a-f]+", "", f).replace("[OptimizedTier1]", "").replace("instance ", "").strip()[:180]
samples = []; stack = []
for line in open(sys.argv[1], errors="replace"):
    if not line.strip():
        if stack: samples.append(stack)
        stack = []
    elif line[0] in " \t":
        stack.append(line.strip())
if stack: samples.append(stack)
total = len(samples) or 1
by_kind = collections.Counter(); by_app = collections.Counter(); callers = collections.Counter()
frame = os.environ.get("FRAME")
for s in samples:
    leaf = s[0]
    prefix = "kernel:" if "kernel" in leaf or "[k]" in leaf else "coreclr:" if "libcoreclr" in leaf else "libc:" if "libc.so" in leaf or "ld-linux" in leaf else ""
    by_kind[prefix + next((k for f in s for p, k in kinds if p in f), "?")] += 1
    app = next((f for f in s if "[PaymentRecords." in f), None)
    if app: by_app[name(app)] += 1
    if frame:
        at = next((i for i, f in enumerate(s) if frame in f), None)
        if at is not None: callers[" <- ".join(name(f)[:100] for f in s[at:at + 5])] += 1
print(f"{total} samples\n\nby kind (nearest known component from the leaf up):")
for k, v in by_kind.most_common(20): print(f"  {100 * v / total:5.1f}%  {k}")
print("\nby the app's nearest frame:")
for k, v in by_app.most_common(20): print(f"  {100 * v / total:5.1f}%  {k}")
if frame:
    print(f"\ncallers of {frame}:")
    for k, v in callers.most_common(10): print(f"  {100 * v / total:5.1f}%  {k}")
PY
tail -n 1 "$OUT/bench.txt" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("\nscenario:", d["scenario"], "clients", d["clients"], "requests/s", d["requests_per_s"])' 2>/dev/null || true
rm -rf "$OUT"
