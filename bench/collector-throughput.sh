#!/usr/bin/env bash
# Collector loss at a fixed rate: sends a fixed number of NetFlow v9 and IPFIX records at a fixed
# rate over loopback to `sluice collect` and reports, per run, what was sent, what the collector
# received, decoded and wrote, where the rest was lost, and the loss in %:
#
#   sent        records (datagrams) the replayer sent, templates included in the datagrams
#   kernel      datagrams the kernel dropped on the collector's socket (receive buffer full;
#               /proc/net/udp "drops" column, read by the collector)
#   queue_full  datagrams the collector received but dropped because decoding or writing fell behind
#   decoded     flow records decoded into conn rows
#   written     conn.log rows on disk (wc -l)
#   loss        (sent records - written rows) / sent records
#
# Each version runs twice: with connection_creation.log (the default) and with
# --no-connection-creation (conn.log only, half the output).
#
#   bench/collector-throughput.sh                      # 500,000 records/s for 10 s, v9 and IPFIX
#   RATE=500000 SECONDS_=10 bench/collector-throughput.sh
#   RATE=50000 SECONDS_=2 VERSIONS=9 MODES=conn bench/collector-throughput.sh   # a quick check
#   MAX=1 bench/collector-throughput.sh                # also a run at the replayer's full speed
#   ANCHOR=1 bench/collector-throughput.sh             # also nfcapd (nfdump) on the same stream
#   JMH=1 bench/collector-throughput.sh                # also the decoder's records/s per core (JMH)
#
# Run it on an otherwise idle machine: the replayer sleeps whenever it is a millisecond ahead of its
# pace (a few per cent of a core) and the collector uses three threads per socket path (receive,
# decode, write).
#
# Socket buffer: the collector asks for RCVBUF bytes (default 32 MiB) per socket; Linux grants at
# most net.core.rmem_max (printed below), so raise it first for the no-loss figure:
#   sysctl -w net.core.rmem_max=33554432
# Output goes to OUT_DIR (default a temporary folder on /tmp): at 500,000 records/s the collector
# writes about 190 MB/s of conn.log (about 370 MB/s with connection_creation.log), so put it on a
# disk that sustains that, or tmpfs.
#
# JVM options: the launcher's (scripts/jvm-options.sh: ParallelGC among them) plus a fixed 1 GiB
# heap, so the figure is what `./sluice collect` does; JVM_OPTS replaces them all.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
. "$root/scripts/jvm-options.sh"
JAVA_HOME=$(find_jdk || true)
[ -n "$JAVA_HOME" ] || { echo "collector-throughput: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 3; }
export JAVA_HOME
java=$JAVA_HOME/bin/java
RATE=${RATE:-500000}
SECONDS_=${SECONDS_:-10}
RECORDS=${RECORDS:-$((RATE * SECONDS_))}
RCVBUF=${RCVBUF:-33554432}
PORT=${PORT:-29055}
NFPORT=${NFPORT:-29056}
VERSIONS=${VERSIONS:-"9 10"}
MODES=${MODES:-"both conn"}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g $(sluice_jvm_options)"}
read -r -a jvm_opts <<<"$JVM_OPTS" # split into words, never globbed (they hold ::*)

if [ -z "${SLUICE_BENCH_NO_BUILD:-}" ] || [ ! -f "$root/bench/target/benchmarks.jar" ] || [ ! -f "$root/app/target/sluice.jar" ]; then
  echo "collector-throughput: building..." >&2
  (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -pl core,app,bench -am package)
fi
bench_jar=$root/bench/target/benchmarks.jar
sluice_jar=$root/app/target/sluice.jar
work=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${OUT_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
echo "net.core.rmem_max = $(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo '?') bytes; asking for $RCVBUF;" \
  "$RECORDS records per run at ${RATE}/s; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

if [ -n "${JMH:-}" ]; then
  echo "== decode rate per core (JMH, records/s)"
  "$java" -jar "$bench_jar" FlowExportDecoderBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s -t 1 \
    | grep -E '^(Benchmark|FlowExportDecoderBenchmark)'
fi

# One replay to the collector; prints "sent_records sent_datagrams received kernel queue_full decoded written".
sluice_run() { # version rate mode
  local tag=$1-$2-$3
  local out=$work/sluice-$tag fifo=$work/stdin-$tag log=$work/collect-$tag.txt
  rm -rf "$out"; rm -f "$fifo"; mkfifo "$fifo"
  local flag=--netflow; [ "$1" = 10 ] && flag=--ipfix
  local extra=(); [ "$3" = conn ] && extra=(--no-connection-creation)
  # shellcheck disable=SC2086
  "$java" "${jvm_opts[@]}" -jar "$sluice_jar" collect $flag 127.0.0.1:$PORT --out "$out" --recv-buffer "$RCVBUF" \
    --stats-every 1 --stop-on-eof "${extra[@]}" < "$fifo" > "$log" 2>&1 &
  local pid=$!
  exec 7> "$fifo"
  for _ in $(seq 100); do grep -q listening "$log" 2>/dev/null && break; sleep 0.1; done
  local sent
  sent=$("$java" -cp "$bench_jar" io.sluice.bench.ExportReplayer 127.0.0.1 $PORT "$1" "$RECORDS" "$2")
  echo "  v$1 $3 rate=$2: $sent" >&2
  # Let the collector finish what it holds: stop once its counters (printed every second) stand still.
  local prev=-1 cur
  for _ in $(seq 60); do
    sleep 2.5
    cur=$(grep 'datagrams received' "$log" | tail -n1 | cut -d' ' -f2-)
    [ "$cur" = "$prev" ] && break
    prev=$cur
  done
  exec 7>&-
  wait $pid || true
  grep -E 'capped|total:|dropped|RcvbufErrors|CPU per record' "$log" | sed 's/^/    /' >&2
  local written
  written=$(wc -l < "$out/conn.log")
  python3 - "$log" "$sent" "$written" <<'PY'
import re, sys
log, sent, written = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
m = re.search(r"sent (\d+) records in (\d+) datagrams", sent)
t = re.search(r"total: datagrams received ([\d,]+), decoded ([\d,]+), dropped: queue full ([\d,]+), kernel ([\w,]+);"
              r" malformed ([\d,]+); records decoded ([\d,]+), written ([\d,]+)", log)
n = lambda s: s.replace(",", "") if s != "unknown" else "-1"
if not m or not t:
    print("0 0 0 0 0 0 0")
else:
    print(m.group(1), m.group(2), n(t.group(1)), n(t.group(4)), n(t.group(3)), n(t.group(6)), written)
PY
  rm -rf "$out"
}

nfcapd_run() { # version rate; prints flows stored
  command -v nfcapd >/dev/null && command -v nfdump >/dev/null || { echo n/a; return; }
  local dir=$work/nfcapd-$1-$2; rm -rf "$dir"; mkdir -p "$dir"
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
  rm -rf "$dir"
  echo $total
}

rates=("$RATE"); [ -n "${MAX:-}" ] && rates+=(0)
rows=()
for v in $VERSIONS; do
  for r in "${rates[@]}"; do
    for mode in $MODES; do
      rows+=("$v $r $mode $(sluice_run "$v" "$r" "$mode")")
    done
    if [ -n "${ANCHOR:-}" ]; then
      rows+=("$v $r nfcapd $(nfcapd_run "$v" "$r")")
    fi
  done
done

printf '%s\n' "${rows[@]}" > "$work/rows.txt"
python3 - "$work/rows.txt" <<'PY'
import sys
head = ("ver", "rate/s", "output", "sent rec", "sent dg", "recv dg", "kernel", "queue", "decoded", "written", "loss")
fmt = "{:<4} {:>8} {:<7} {:>11} {:>9} {:>9} {:>8} {:>8} {:>11} {:>11} {:>8}"
print(fmt.format(*head))
for line in open(sys.argv[1]):
    f = line.split()
    v, r, mode = f[0], ("max" if f[1] == "0" else f[1]), f[2]
    if mode == "nfcapd":
        print(fmt.format(v, r, mode, "", "", "", "", "", "", f[3], ""))
        continue
    sent, sdg, recv, kern, queue, dec, written = map(int, f[3:10])
    loss = f"{100 * (sent - written) / sent:.2f}%" if sent else "n/a"
    print(fmt.format(v, r, mode, sent, sdg, recv, "unknown" if kern < 0 else kern, queue, dec, written, loss))
PY
echo "output: both = conn.log + connection_creation.log (default), conn = --no-connection-creation"
