#!/usr/bin/env bash
# Whole-process benchmark: Sluice's flow metering against the anchor tools softflowd and argus on
# the same capture, several runs each, interleaved. Reports median wall time and peak RSS per tool,
# the ratios sluice/softflowd and sluice/argus, and checks Sluice's targets:
#   --flows-only (tool "sluice"):          wall time (median) <= 1.5 x softflowd, peak RSS (worst run) < 1 GiB
#   full dissection (tool "sluice-full"):  wall time (median) <= 3 x softflowd
# Exit status: 0 targets met (or --no-check), 1 a target missed, 2 usage or missing tools, 3 a tool failed.
#
#   bench/compare-flow-tools.sh                      # 3 runs of each tool on ../bench-data/bench.pcap
#   bench/compare-flow-tools.sh --runs 5 --pcap my.pcap --no-check
#   bench/compare-flow-tools.sh --tools softflowd,argus   # leave Sluice out
#
# The capture is built on first use with ../shared/bench/make-bench-pcap.sh (1024 MiB by default)
# and reused afterwards. Results go to bench/results/compare-<time>.tsv (gitignored).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3
mib=1024
pcap=${SLUICE_BENCH_PCAP:-$root/../bench-data/bench.pcap}
check=1
tools=sluice,sluice-full,softflowd,argus
port=9995

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF

Options:
  --runs N       runs per tool (default $runs); the median is reported
  --pcap FILE    capture to measure (default \$SLUICE_BENCH_PCAP or ../bench-data/bench.pcap
                 next to the repository); built with make-bench-pcap.sh when missing
  --mib N        size of the capture to build when it is missing (default $mib)
  --tools LIST   comma-separated subset of sluice,softflowd,argus (default all three)
  --no-check     only report; do not fail when a target is missed
  -h, --help     this text
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --pcap) pcap=${2:?--pcap needs a file}; shift 2 ;;
    --mib) mib=${2:?--mib needs a number}; shift 2 ;;
    --tools) tools=${2:?--tools needs a list}; shift 2 ;;
    --no-check) check=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare-flow-tools: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "compare-flow-tools: --runs must be a positive integer" >&2; exit 2; }
IFS=, read -r -a tool_list <<<"$tools"
for t in "${tool_list[@]}"; do
  case $t in sluice|sluice-full|softflowd|argus) ;; *) echo "compare-flow-tools: unknown tool '$t' (sluice, sluice-full, softflowd, argus)" >&2; exit 2 ;; esac
done
has_tool() { [[ ",$tools," == *",$1,"* ]]; }

# ---- what must be installed
missing=()
[ -x /usr/bin/time ] && /usr/bin/time -f '%e' true >/dev/null 2>&1 || missing+=("GNU time (/usr/bin/time): apt-get install -y time")
has_tool softflowd && ! command -v softflowd >/dev/null 2>&1 && [ ! -x /usr/sbin/softflowd ] && missing+=("softflowd: apt-get install -y softflowd")
has_tool argus && ! command -v argus >/dev/null 2>&1 && [ ! -x /usr/sbin/argus ] && missing+=("argus: apt-get install -y argus-server")
if [ ! -f "$pcap" ]; then
  for c in editcap mergecap capinfos; do
    command -v $c >/dev/null 2>&1 || missing+=("$c (to build the capture): apt-get install -y tshark")
  done
  command -v python3 >/dev/null 2>&1 || missing+=("python3 (to build the capture): apt-get install -y python3")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare-flow-tools: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  echo "Install them all with: apt-get install -y softflowd argus-server tshark time" >&2
  exit 2
fi
PATH=$PATH:/usr/sbin:/sbin

# ---- the capture
if [ ! -f "$pcap" ]; then
  maker=$root/../shared/bench/make-bench-pcap.sh
  [ -x "$maker" ] || { echo "compare-flow-tools: $pcap is missing and so is $maker to build it" >&2; exit 2; }
  echo "Building a ${mib} MiB capture at $pcap (once; takes a few minutes)..." >&2
  mkdir -p "$(dirname "$pcap")"
  "$maker" "$pcap.part" "$mib" >&2
  mv "$pcap.part" "$pcap"
fi
pcap=$(cd "$(dirname "$pcap")" && pwd)/$(basename "$pcap")
pcap_bytes=$(stat -c %s "$pcap")

# ---- Sluice: build once with the launcher, then time the shaded jar itself with the launcher's
# JVM options, so that neither the build nor the launcher's JDK lookup is in the measurement.
if has_tool sluice || has_tool sluice-full; then
  "$root/sluice" --version >/dev/null
  . "$root/scripts/find-jdk.sh"
  . "$root/scripts/aot-cache.sh"
  . "$root/scripts/jvm-options.sh"
  java_home=$(find_jdk)
  set -f # the JVM options are split into words below, never globbed (they hold ::* and aot*)
  jvm_opts=$(sluice_jvm_options)
  # the launcher's start-up cache too (JDK 25+), made by the --version call above; SLUICE_NO_AOT=1 leaves it out
  aot=""; [ -z "${SLUICE_NO_AOT:-}" ] && aot=$(aot_options "$java_home" "$root/app/target/sluice.jar" "$jvm_opts")
  # shellcheck disable=SC2206 # JVM options are a word list by design
  sluice_cmd=("$java_home/bin/java" $jvm_opts $aot -Dsluice.tty=0 -jar "$root/app/target/sluice.jar")
  set +f
fi

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

command_for() { # fills the array cmd with the command line of tool $1, output dir $2
  case $1 in
    # Metering and dissection are compared with tools that do no detection, so detection is off
    # here; bench/detect-overhead.sh measures what it adds.
    sluice) cmd=("${sluice_cmd[@]}" analyze "$pcap" --flows-only --no-detect --out "$2") ;;
    sluice-full) cmd=("${sluice_cmd[@]}" analyze "$pcap" --no-detect --out "$2") ;;
    # Exports NetFlow v9 to a loopback port where nothing listens: the export cost is counted,
    # the datagrams are dropped.
    softflowd) cmd=(softflowd -r "$pcap" -n 127.0.0.1:$port -v 9 -d) ;;
    argus) cmd=(argus -r "$pcap" -w /dev/null) ;;
  esac
}

# Read the file once so every tool starts with it in the page cache.
cat "$pcap" >/dev/null

load=$(cut -d' ' -f1 /proc/loadavg)
echo "Capture: $pcap ($pcap_bytes bytes); $runs runs per tool; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2
awk -v l="$load" -v c="$(nproc)" 'BEGIN {exit !(l > c / 2)}' \
  && echo "Note: the machine is busy (load $load on $(nproc) cores); wall times will be noisy, CPU times less so." >&2
declare -A wall rss cpu
for ((r = 1; r <= runs; r++)); do
  # Interleaved (tool A, B, C, A, B, C, ...) so that drifting background load hits every tool alike.
  for t in "${tool_list[@]}"; do
    out=$work/out-$t-$r; mkdir -p "$out"
    command_for "$t" "$out"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time" "${cmd[@]}" >"$work/log" 2>&1; then
      echo "compare-flow-tools: $t failed (run $r): ${cmd[*]}" >&2
      tail -n 20 "$work/log" >&2
      exit 3
    fi
    read -r w m u s < <(tail -n 1 "$work/time")
    c=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
    wall[$t]+="$w "; rss[$t]+="$m "; cpu[$t]+="$c "
    printf '  run %d %-10s %8.2f s wall %8.2f s cpu %10d KiB\n' "$r" "$t" "$w" "$c" "$m" >&2
    rm -rf "$out"
  done
done

median() { # median of the numbers in $1
  tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

mkdir -p "$root/bench/results"
tsv=$root/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ).tsv
{
  printf 'tool\trun\twall_s\tcpu_s\tpeak_rss_kib\tpcap\tpcap_bytes\tcores\tload1\n'
  for t in "${tool_list[@]}"; do
    read -r -a ws <<<"${wall[$t]}"; read -r -a ms <<<"${rss[$t]}"; read -r -a cs <<<"${cpu[$t]}"
    for ((i = 0; i < ${#ws[@]}; i++)); do
      printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" $((i + 1)) "${ws[$i]}" "${cs[$i]}" "${ms[$i]}" "$pcap" "$pcap_bytes" "$(nproc)" "$load"
    done
    printf '%s\tmedian\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(median "${wall[$t]}")" "$(median "${cpu[$t]}")" "$(median "${rss[$t]}")" "$pcap" "$pcap_bytes" "$(nproc)" "$load"
  done
} >"$tsv"

declare -A mw mr mc
echo
echo "Medians of $runs runs; capture $(awk -v b="$pcap_bytes" 'BEGIN {printf "%.0f MB", b / 1e6}')"
printf '%-10s %10s %10s %14s %10s\n' tool "wall (s)" "CPU (s)" "peak RSS (MiB)" "MB/s"
for t in "${tool_list[@]}"; do
  mw[$t]=$(median "${wall[$t]}"); mr[$t]=$(median "${rss[$t]}"); mc[$t]=$(median "${cpu[$t]}")
  awk -v t="$t" -v w="${mw[$t]}" -v c="${mc[$t]}" -v m="${mr[$t]}" -v b="$pcap_bytes" \
    'BEGIN {printf "%-10s %10.2f %10.2f %14.1f %10.1f\n", t, w, c, m / 1024, (w > 0 ? b / 1e6 / w : 0)}'
done

status=0
if has_tool sluice; then
  echo
  for mine in sluice sluice-full; do
    has_tool $mine || continue
    for other in softflowd argus; do
      has_tool $other || continue
      awk -v m=$mine -v o=$other -v sw="${mw[$mine]}" -v ow="${mw[$other]}" -v sc="${mc[$mine]}" -v oc="${mc[$other]}" \
          -v sm="${mr[$mine]}" -v om="${mr[$other]}" \
        'BEGIN {printf "%s/%-10s wall %6.2fx   CPU %6.2fx   peak RSS %7.2fx\n", m, o, (ow > 0 ? sw / ow : 0), (oc > 0 ? sc / oc : 0), (om > 0 ? sm / om : 0)}'
    done
  done
  echo
  if has_tool softflowd; then
    if awk -v s="${mw[sluice]}" -v f="${mw[softflowd]}" 'BEGIN {exit !(s <= 1.5 * f)}'; then
      echo "target met:    sluice wall ${mw[sluice]} s <= 1.5 x softflowd ${mw[softflowd]} s"
    else
      echo "target MISSED: sluice wall ${mw[sluice]} s > 1.5 x softflowd ${mw[softflowd]} s"; status=1
    fi
  fi
  if has_tool sluice-full && has_tool softflowd; then
    if awk -v s="${mw[sluice-full]}" -v f="${mw[softflowd]}" 'BEGIN {exit !(s <= 3 * f)}'; then
      echo "target met:    sluice-full wall ${mw[sluice-full]} s <= 3 x softflowd ${mw[softflowd]} s"
    else
      echo "target MISSED: sluice-full wall ${mw[sluice-full]} s > 3 x softflowd ${mw[softflowd]} s"; status=1
    fi
  fi
  # Memory is a limit, not an average: the worst run counts.
  worst=$(tr ' ' '\n' <<<"${rss[sluice]}" | sed '/^$/d' | sort -n | tail -n 1)
  if [ "$worst" -lt 1048576 ]; then
    echo "target met:    sluice peak RSS ${worst} KiB (worst run) < 1 GiB"
  else
    echo "target MISSED: sluice peak RSS ${worst} KiB (worst run) >= 1 GiB"; status=1
  fi
fi
echo
echo "Results: $tsv"
[ $check -eq 1 ] || status=0
exit $status
