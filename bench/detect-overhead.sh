#!/usr/bin/env bash
# Whole-process benchmark: how much detection adds to `sluice analyze`. Runs analyze on the same
# capture with --no-detect and with detection on (on the log writer's thread, and on a thread of
# its own), N runs each, interleaved; reports the median wall time and CPU time (user + system)
# of each, and the overhead of detection as (median with detection / median without) - 1, on wall
# time (the target: at most 25 %) and on CPU time (steadier on a busy machine).
# Exit status: 0 target met (or --no-check), 1 target missed, 2 usage, 3 a run failed.
#
#   bench/detect-overhead.sh                                  # 3 runs each on ../bench-data/bench.pcap
#   bench/detect-overhead.sh --runs 5 --pcap small.pcap --no-check
#   bench/detect-overhead.sh --threads writer --flows-only    # only one placement; metering only
#
# Results go to bench/results/detect-overhead-<time>.tsv (gitignored).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3
pcap=${SLUICE_BENCH_PCAP:-$root/../bench-data/bench.pcap}
threads=writer,own
check=1
extra=()

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

Options:
  --runs N          runs per mode (default $runs); the median is reported
  --pcap FILE       capture to analyse (default \$SLUICE_BENCH_PCAP or ../bench-data/bench.pcap)
  --threads LIST    detection placements to measure: writer, own or both (default $threads)
  --flows-only      pass --flows-only to every run (metering only, no dissection)
  --config FILE     pass --config FILE to the runs with detection
  --jar FILE        the sluice.jar to run (default app/target/sluice.jar, built if missing), e.g. a
                    copy of an earlier build to compare before and after a change
  --no-check        only report; do not fail when the target is missed
  -h, --help        this text
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --pcap) pcap=${2:?--pcap needs a file}; shift 2 ;;
    --threads) threads=${2:?--threads needs a list}; shift 2 ;;
    --flows-only) extra+=(--flows-only); shift ;;
    --config) config=${2:?--config needs a file}; shift 2 ;;
    --jar) jar=${2:?--jar needs a file}; shift 2 ;;
    --no-check) check=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "detect-overhead: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "detect-overhead: --runs must be a positive integer" >&2; exit 2; }
[ -r "$pcap" ] || { echo "detect-overhead: cannot read the capture $pcap (give one with --pcap)" >&2; exit 2; }
IFS=, read -r -a thread_list <<<"$threads"
for t in "${thread_list[@]}"; do
  case $t in writer|own) ;; *) echo "detect-overhead: unknown placement '$t' (writer, own)" >&2; exit 2 ;; esac
done

. "$root/scripts/find-jdk.sh"
jdk=$(find_jdk || true)
[ -n "$jdk" ] || { echo "detect-overhead: needs a JDK 21 or newer" >&2; exit 2; }
if [ -n "${jar:-}" ]; then
  [ -r "$jar" ] || { echo "detect-overhead: cannot read the jar $jar" >&2; exit 2; }
fi
jar=${jar:-$root/app/target/sluice.jar}
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && JAVA_HOME=$jdk mvn -q -B ${MVN_FLAGS:-} -pl core,generator,app -am package -DskipTests) >&2
fi

# The launcher's JVM options (scripts/jvm-options.sh; SLUICE_JAVA_OPTS replaces them), so the runs
# are what `./sluice analyze` does; split into words without globbing (they hold ::*).
. "$root/scripts/jvm-options.sh"
read -r -a jvm_opts <<<"$(sluice_jvm_options)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$root/bench/results"
results=$root/bench/results/detect-overhead-$(date -u +%Y%m%dT%H%M%SZ).tsv
printf 'mode\trun\twall_s\tcpu_s\n' >"$results"

modes=(nodetect)
for t in "${thread_list[@]}"; do modes+=("detect-$t"); done

run_once() { # mode -> prints "wall_seconds cpu_seconds"
  local mode=$1
  local args=(analyze "$pcap" --out "$out/$mode" -q --no-progress ${extra[@]+"${extra[@]}"})
  case $mode in
    nodetect) args+=(--no-detect) ;;
    detect-*) args+=(--detect-thread "${mode#detect-}"); [ -n "${config:-}" ] && args+=(--config "$config") ;;
  esac
  if ! /usr/bin/time -f '%e %U %S' -o "$out/time" "$jdk/bin/java" "${jvm_opts[@]}" -jar "$jar" "${args[@]}" >/dev/null 2>"$out/err"; then
    echo "detect-overhead: '$mode' failed:" >&2; cat "$out/err" >&2; exit 3
  fi
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$out/time"
}

# Other jobs on the machine inflate wall time far more than CPU time: record how busy it was.
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
load_before=$(loadavg)

declare -A times cpus
for ((i = 1; i <= runs; i++)); do
  for m in "${modes[@]}"; do
    read -r wall cpu < <(run_once "$m")
    times[$m]+="$wall "
    cpus[$m]+="$cpu "
    printf '%s\t%d\t%s\t%s\n' "$m" "$i" "$wall" "$cpu" >>"$results"
    printf '  run %d %-14s wall %s s  cpu %s s\n' "$i" "$m" "$wall" "$cpu" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

base=$(echo "${times[nodetect]}" | median)
cbase=$(echo "${cpus[nodetect]}" | median)
status=0
echo
printf 'capture: %s (%s), %d runs per mode, %s\n' "$pcap" "$(du -h "$pcap" | cut -f1)" "$runs" "$jar"
printf 'load average (1, 5, 15 min) before: %s, after: %s, on %s cores\n' "$load_before" "$(loadavg)" "$(nproc 2>/dev/null || echo '?')"
printf '%-16s %12s %14s %12s %14s\n' mode "median wall" "wall overhead" "median cpu" "cpu overhead"
printf '%-16s %11.3fs %14s %11.3fs %14s\n' nodetect "$base" "-" "$cbase" "-"
for t in "${thread_list[@]}"; do
  m=detect-$t
  med=$(echo "${times[$m]}" | median)
  cmed=$(echo "${cpus[$m]}" | median)
  pct=$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }')
  cpct=$(awk -v a="$cmed" -v b="$cbase" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }')
  printf '%-16s %11.3fs %13s%% %11.3fs %13s%%\n' "$m" "$med" "$pct" "$cmed" "$cpct"
  if [ "$check" = 1 ] && awk -v p="$pct" 'BEGIN { exit !(p > 25) }'; then status=1; fi
done
echo "target: overhead <= 25 %; runs in $results"
[ "$status" = 0 ] || echo "detect-overhead: the target was missed" >&2
exit $status
