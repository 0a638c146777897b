#!/usr/bin/env bash
# Whole-process benchmark: where `sluice analyze` spends its CPU, by thread. Runs analyze on a
# capture with the launcher's JVM options and reads each thread's CPU time (utime + stime from
# /proc/PID/task/TID/stat) until the process ends, then reports seconds per group: the packet
# thread (main), the decoding thread (--decode-thread), the JIT compilers, the log writer,
# detection, GC and the rest. On a machine with few cores the wall time is bound by the sum, not
# by the packet thread alone, so this shows which part to make cheaper. Linux only. Exit status:
# 0, 2 usage, 3 the run failed.
#
#   bench/thread-cpu.sh                                   # full dissection, ../bench-data/bench.pcap
#   bench/thread-cpu.sh --runs 3 -- --flows-only --no-detect
#   bench/thread-cpu.sh --pcap small.pcap -- --no-detect
#   bench/thread-cpu.sh --runs 3 -- --flows-only --no-detect --decode-thread on
#
# Arguments after -- go to `sluice analyze`. Results go to bench/results/thread-cpu-<time>.tsv.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=1
pcap=${SLUICE_BENCH_PCAP:-$root/../bench-data/bench.pcap}
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --pcap) pcap=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "thread-cpu: unknown option '$1' (--help)" >&2; exit 2 ;;
  esac
done
[ -r "$pcap" ] || { echo "thread-cpu: cannot read the capture $pcap (give one with --pcap)" >&2; exit 2; }
[ -d /proc/self/task ] || { echo "thread-cpu: needs Linux /proc" >&2; exit 2; }

"$root/sluice" --version >/dev/null
. "$root/scripts/find-jdk.sh"
. "$root/scripts/aot-cache.sh"
. "$root/scripts/jvm-options.sh"
jdk=$(find_jdk)
set -f # the JVM options are split into words below, never globbed
jvm_opts=$(sluice_jvm_options)
aot=""; [ -z "${SLUICE_NO_AOT:-}" ] && aot=$(aot_options "$jdk" "$root/app/target/sluice.jar" "$jvm_opts")
# shellcheck disable=SC2206 # JVM options are a word list by design
cmd=("$jdk/bin/java" $jvm_opts $aot -Dsluice.tty=0 -jar "$root/app/target/sluice.jar")
set +f

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$root/bench/results"
results=$root/bench/results/thread-cpu-$(date -u +%Y%m%dT%H%M%SZ).tsv
hz=$(getconf CLK_TCK)
groups=(packet decode jit writer detect gc other)
printf 'run\twall_s\ttotal_cpu_s' >"$results"
for g in "${groups[@]}"; do printf '\t%s_s' "$g" >>"$results"; done
printf '\targs\n' >>"$results"

group_of() { # comm -> group
  case $1 in
    java) echo packet ;; # the java launcher runs main() on a new thread that keeps its name
    C1\ Compiler*|C2\ Compiler*) echo jit ;;
    sluice-log-wr*) echo writer ;;
    sluice-detect*) echo detect ;;
    sluice-decode*) echo decode ;; # --decode-thread: reading and decoding ahead of the packet thread
    GC\ Thread*|G1*|VM\ Thread*|Parallel*) echo gc ;;
    *) echo other ;;
  esac
}

for ((i = 1; i <= runs; i++)); do
  start=$(date +%s.%N)
  "${cmd[@]}" analyze "$pcap" --out "$out/logs" -q --no-progress ${extra[@]+"${extra[@]}"} >/dev/null 2>"$out/err" &
  pid=$!
  declare -A ticks=() group=()
  # A thread's counters are read until it ends; the last reading is its total (a thread that
  # lives less than one poll interval is missed, which is noise next to the groups measured).
  while kill -0 "$pid" 2>/dev/null; do
    for t in /proc/"$pid"/task/*; do
      tid=${t##*/}
      read -r stat 2>/dev/null <"$t/stat" || continue # a builtin: polling must not fork
      comm=${stat#*(}; comm=${comm%)*}
      read -r -a f <<<"${stat##*) }"
      [ ${#f[@]} -gt 12 ] || continue
      ticks[$tid]=$(( f[11] + f[12] ))
      [ -n "${group[$tid]:-}" ] || group[$tid]=$(group_of "$comm")
    done
    sleep 0.1
  done
  if ! wait "$pid"; then echo "thread-cpu: analyze failed:" >&2; cat "$out/err" >&2; exit 3; fi
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  declare -A sum=()
  total=0
  for tid in "${!ticks[@]}"; do
    g=${group[$tid]}
    sum[$g]=$(( ${sum[$g]:-0} + ticks[$tid] ))
    total=$(( total + ticks[$tid] ))
  done
  row=$(printf '%d\t%.2f\t%.2f' "$i" "$wall" "$(echo "$total / $hz" | bc -l)")
  line=$(printf 'run %d: wall %.2f s, cpu %.2f s =' "$i" "$wall" "$(echo "$total / $hz" | bc -l)")
  for g in "${groups[@]}"; do
    s=$(echo "${sum[$g]:-0} / $hz" | bc -l)
    row+=$(printf '\t%.2f' "$s")
    line+=$(printf ' %s %.2f' "$g" "$s")
  done
  printf '%s\t%s\n' "$row" "${extra[*]:-}" >>"$results"
  echo "$line"
  unset ticks group sum
done
echo "results: $results"
