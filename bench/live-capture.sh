#!/usr/bin/env bash
# Whole-process benchmark of live capture: how many packets `sluice analyze --interface` analyses
# when a capture is replayed into an interface at a given rate, side by side with tcpdump writing
# to /dev/null on the same interface and the same replay. The interface is one end of a veth pair
# whose other end is in a network namespace the script makes (and removes); tcpreplay sends the
# capture's frames from inside it, so nothing leaves the machine. Reports, per rate and tool, the
# packets tcpreplay sent, the packets the tool got, what the kernel dropped, and the loss. Linux,
# root. Exit status: 0, 2 usage or a missing tool, 3 a run failed.
#
#   bench/live-capture.sh                                  # ../bench-data/p60k.pcap at 50k, 100k, 200k pps and top speed
#   bench/live-capture.sh --pcap big.pcap --rates 100000,max --runs 3
#   bench/live-capture.sh --modes flows,full,tcpdump       # sluice --flows-only, sluice (all dissectors), tcpdump
#
# Detection is off (--no-detect) and checksums are not verified (-C: replayed frames keep the
# capture's checksums, some of which are bad on purpose). SLUICE_LIVE_ARGS adds analyze options,
# e.g. SLUICE_LIVE_ARGS='--capture-buffer 268435456'. Results go to
# bench/results/live-capture-<time>.tsv.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pcap=${SLUICE_BENCH_PCAP:-$root/../bench-data/p60k.pcap}
rates=50000,100000,200000,max
modes=flows,full,tcpdump
runs=1
while [ $# -gt 0 ]; do
  case $1 in
    --pcap) pcap=${2:?}; shift 2 ;;
    --rates) rates=${2:?}; shift 2 ;;
    --modes) modes=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "live-capture: unknown option '$1' (--help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "live-capture: needs root (network namespaces, capture)" >&2; exit 2; }
[ -r "$pcap" ] || { echo "live-capture: cannot read $pcap (give one with --pcap; ../shared/bench/make-bench-pcap.sh makes one)" >&2; exit 2; }
for t in ip tcpreplay tcpdump; do
  command -v $t >/dev/null 2>&1 || { echo "live-capture: needs $t (apt-get install -y iproute2 tcpreplay tcpdump)" >&2; exit 2; }
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "live-capture: --runs must be a positive integer" >&2; exit 2; }

"$root/sluice" --version >/dev/null
. "$root/scripts/find-jdk.sh"
. "$root/scripts/aot-cache.sh"
. "$root/scripts/jvm-options.sh"
jdk=$(find_jdk)
set -f
jvm_opts=$(sluice_jvm_options)
aot=""; [ -z "${SLUICE_NO_AOT:-}" ] && aot=$(aot_options "$jdk" "$root/app/target/sluice.jar" "$jvm_opts")
# shellcheck disable=SC2206
sluice=("$jdk/bin/java" $jvm_opts $aot -Dsluice.tty=0 -jar "$root/app/target/sluice.jar")
set +f

ns=sluicebench$$
a=slb$$a; b=slb$$b
a=${a:0:15}; b=${b:0:15}
work=$(mktemp -d)
cleanup() {
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$a" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip link add "$a" type veth peer name "$b"
ip link set "$b" netns "$ns"
# no IPv6 on the pair: its router solicitations and MLD reports would be counted with the replay
sysctl -qw "net.ipv6.conf.$a.disable_ipv6=1" 2>/dev/null || true
# what arrives on the pair is never routed on, whatever the machine's ip_forward says
sysctl -qw "net.ipv4.conf.$a.forwarding=0" 2>/dev/null || true
ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$b.disable_ipv6=1" 2>/dev/null || true
# the capture holds frames up to 64 KiB (reassembled or offloaded ones); a veth takes them whole
ip link set "$a" mtu 65535 up
ip -n "$ns" link set "$b" mtu 65535 up
for _ in $(seq 50); do [ "$(cat /sys/class/net/$a/operstate)" = up ] && break; sleep 0.1; done

mkdir -p "$root/bench/results"
results=$root/bench/results/live-capture-$(date -u +%Y%m%dT%H%M%SZ).tsv
printf 'mode\trate\tachieved_pps\trun\tsent\tgot\tkernel_drops\tloss_pct\n' >"$results"

replay() { # rate -> "packets-sent achieved-pps", as tcpreplay reports them
  local rate=$1 speed report
  if [ "$rate" = max ]; then speed=--topspeed; else speed=--pps=$rate; fi
  report=$(ip netns exec "$ns" tcpreplay -q -i "$b" $speed "$pcap" 2>&1)
  printf '%s %s\n' "$(sed -n 's/.*Successful packets: *\([0-9]*\).*/\1/p' <<<"$report" | head -n1)" \
    "$(sed -n 's/.*Rated:.* \([0-9.]*\) pps.*/\1/p' <<<"$report" | head -n1 | cut -d. -f1)"
}

one() { # mode rate run
  local mode=$1 rate=$2 run=$3 pid got drops sent achieved log=$work/out.txt
  rm -rf "$work/logs"
  case $mode in
    flows|full)
      local extra=(--flows-only); [ "$mode" = full ] && extra=()
      # shellcheck disable=SC2086 # SLUICE_LIVE_ARGS is a word list by design
      "${sluice[@]}" analyze -i "$a" --out "$work/logs" --no-detect -C --stats-every 0 --no-report "${extra[@]}" \
        ${SLUICE_LIVE_ARGS:-} >"$log" 2>"$work/err.txt" &
      pid=$!
      for _ in $(seq 200); do grep -q "capturing on" "$work/err.txt" 2>/dev/null && break; sleep 0.05; done ;;
    tcpdump)
      tcpdump -i "$a" -w /dev/null -B 65536 -s 262144 >"$log" 2>"$work/err.txt" &
      pid=$!
      for _ in $(seq 200); do grep -q "listening on" "$work/err.txt" 2>/dev/null && break; sleep 0.05; done ;;
  esac
  read -r sent achieved < <(replay "$rate")
  # time to work off a backlog: a stopped capture leaves what is still in the kernel's ring
  sleep 5
  # SIGTERM: a background job of a script starts with SIGINT ignored, which the JVM then leaves ignored
  if [ "$mode" = tcpdump ]; then kill -INT "$pid"; else kill -TERM "$pid"; fi
  wait "$pid" || { echo "live-capture: $mode exited with $? (see $work/err.txt)" >&2; cat "$work/err.txt" >&2; exit 3; }
  if [ "$mode" = tcpdump ]; then
    got=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$work/err.txt")
    drops=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$work/err.txt")
  else
    got=$(sed -n 's/^  packets  *\([0-9,]*\)$/\1/p' "$log" | tr -d ,)
    drops=$(sed -n 's/.*received by the filter, \([0-9,]*\) dropped by the kernel.*/\1/p' "$log" | tr -d ,)
  fi
  local loss
  # a tool can see a few more packets than were sent (the kernel's own, if any): no negative loss
  loss=$(awk -v s="$sent" -v g="$got" 'BEGIN { l = (s > 0 ? 100 * (s - g) / s : 0); if (l < 0) l = 0; printf "%.2f", l }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$rate" "$achieved" "$run" "$sent" "$got" "$drops" "$loss" >>"$results"
  printf '%-8s %8s pps (sent at %8s/s)  run %d: sent %9s  got %9s  kernel drops %8s  loss %6s %%\n' "$mode" "$rate" \
    "$achieved" "$run" "$sent" "$got" "$drops" "$loss"
}

echo "replaying $(basename "$pcap") into $a (veth; the sender in namespace $ns)"
IFS=, read -r -a rate_list <<<"$rates"
IFS=, read -r -a mode_list <<<"$modes"
for rate in "${rate_list[@]}"; do
  for run in $(seq "$runs"); do
    for mode in "${mode_list[@]}"; do one "$mode" "$rate" "$run"; done
  done
done
echo "results: $results"
