#!/usr/bin/env bash
# Collector throughput: NetFlow v9 and IPFIX records replayed over loopback to `sluice collect`
# and, as the anchor, to nfcapd (nfdump). Reports, per version:
#   - records/s decoded per core, in one JVM (JMH FlowExportDecoderBenchmark, events=false: the
#     decoder alone; events=true: plus the FlowRecord/ConnectionCreation of each record);
#   - loss at RATE records/s (default 500,000) and at full speed: records the collector wrote
#     (collector_stats.log flow_records) vs records sent; the same for nfcapd (nfdump -I "Flows");
#   - the ratio of records kept, Sluice / nfcapd.
#
#   bench/collector-throughput.sh                       # 3,000,000 records per run, 500,000/s
#   RECORDS=10000000 RATE=500000 bench/collector-throughput.sh
#   SKIP_JMH=1 bench/collector-throughput.sh            # loopback runs only
#   RCVBUF=33554432 bench/collector-throughput.sh       # SO_RCVBUF asked for (see below)
#
# Socket buffer: the collector asks for RCVBUF bytes (default 32 MiB) per socket; Linux grants at
# most net.core.rmem_max (printed below), so raise it first for the no-loss figure:
#   sysctl -w net.core.rmem_max=33554432
# nfcapd is given the same size with -B. Needs a JDK 21+, Maven (first build), and nfdump for the
# anchor (apt-get install nfdump); without it the anchor columns say "n/a".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk || true)
[ -n "$JAVA_HOME" ] || { echo "collector-throughput: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 3; }
export JAVA_HOME
java=$JAVA_HOME/bin/java
RECORDS=${RECORDS:-3000000}
RATE=${RATE:-500000}
RCVBUF=${RCVBUF:-33554432}
PORT=${PORT:-29055}
NFPORT=${NFPORT:-29056}

if [ -z "${SLUICE_BENCH_NO_BUILD:-}" ] || [ ! -f "$root/bench/target/benchmarks.jar" ] || [ ! -f "$root/app/target/sluice.jar" ]; then
  echo "collector-throughput: building..." >&2
  (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -pl core,app,bench -am package)
fi
bench_jar=$root/bench/target/benchmarks.jar
sluice_jar=$root/app/target/sluice.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "net.core.rmem_max = $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo '?') bytes; asking for $RCVBUF"

if [ -z "${SKIP_JMH:-}" ]; then
  echo "== decode rate per core (JMH, records/s)"
  "$java" -jar "$bench_jar" FlowExportDecoderBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s -t 1 \
    -rf json -rff "$work/jmh.json" | grep -E '^(Benchmark|FlowExportDecoderBenchmark)'
fi

# Runs the collector on $PORT for one replay; prints flow_records kept.
sluice_run() { # version rate
  local out=$work/sluice-$1-$2 fifo=$work/stdin-$1-$2
  mkfifo "$fifo"
  local flag=--netflow; [ "$1" = 10 ] && flag=--ipfix
  "$java" -jar "$sluice_jar" collect $flag 127.0.0.1:$PORT --out "$out" --recv-buffer "$RCVBUF" --stop-on-eof \
    < "$fifo" > "$work/collect-$1-$2.txt" 2>&1 &
  local pid=$!
  exec 7> "$fifo"
  for _ in $(seq 50); do grep -q listening "$work/collect-$1-$2.txt" 2>/dev/null && break; sleep 0.2; done
  "$java" -cp "$bench_jar" io.sluice.bench.ExportReplayer 127.0.0.1 $PORT "$1" "$RECORDS" "$2" >&2
  sleep 2
  exec 7>&-
  wait $pid || true
  python3 - "$out/collector_stats.log" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    n += json.loads(line).get("flow_records", 0)
print(n)
PY
}

nfcapd_run() { # version rate
  command -v nfcapd >/dev/null && command -v nfdump >/dev/null || { echo n/a; return; }
  local dir=$work/nfcapd-$1-$2; mkdir -p "$dir"
  nfcapd -b 127.0.0.1 -p $NFPORT -w "$dir" -B "$RCVBUF" -P "$work/nfcapd.pid" > "$work/nfcapd-$1-$2.txt" 2>&1 &
  local pid=$!
  sleep 1
  "$java" -cp "$bench_jar" io.sluice.bench.ExportReplayer 127.0.0.1 $NFPORT "$1" "$RECORDS" "$2" >&2
  sleep 2
  kill -TERM $pid; wait $pid || true
  local total=0
  for f in "$dir"/nfcapd.*; do
    [ -f "$f" ] || continue
    n=$(nfdump -r "$f" -I 2>/dev/null | awk '/^Flows:/ {print $2}')
    total=$((total + ${n:-0}))
  done
  echo $total
}

printf '%-6s %-10s %12s %12s %8s %12s %8s %8s\n' version rate sent sluice loss nfcapd loss ratio
for v in 9 10; do
  for r in "$RATE" 0; do
    sent=$(( (RECORDS + 39) / 40 * 40 ))
    s=$(sluice_run $v $r)
    n=$(nfcapd_run $v $r)
    label=$r; [ "$r" = 0 ] && label=max
    python3 - "$v" "$label" "$sent" "$s" "$n" <<'PY'
import sys
v, rate, sent, s, n = sys.argv[1:]
sent, s = int(sent), int(s)
loss = lambda k: f"{100 * (sent - k) / sent:.2f}%"
if n == "n/a":
    print(f"{v:<6} {rate:<10} {sent:>12} {s:>12} {loss(s):>8} {'n/a':>12} {'':>8} {'':>8}")
else:
    n = int(n)
    print(f"{v:<6} {rate:<10} {sent:>12} {s:>12} {loss(s):>8} {n:>12} {loss(n):>8} {s / n if n else float('nan'):>8.3f}")
PY
  done
done
