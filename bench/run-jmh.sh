#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the JMH benchmarks with short defaults that fit a
# small (2-core) machine: 1 fork, 2 warm-up iterations of 2 s, 3 measured iterations of 2 s, 1 thread
# (about 15 s per benchmark and parameter value). Any arguments go to JMH; an option given there
# replaces its default:
#
#   bench/run-jmh.sh                          # every benchmark
#   bench/run-jmh.sh Decode                   # benchmarks whose name matches a regex
#   bench/run-jmh.sh Pipeline -f 3 -i 10      # longer, steadier runs
#   bench/run-jmh.sh -l                       # list them;  -h for JMH's options
#   SLUICE_BENCH_NO_BUILD=1 bench/run-jmh.sh  # reuse the jar as it is
#
# Results are also written as JSON to bench/results/jmh-<time>.json (gitignored).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/bench/target/benchmarks.jar

. "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk || true)
[ -n "$JAVA_HOME" ] || { echo "run-jmh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 3; }
export JAVA_HOME

if [ -z "${SLUICE_BENCH_NO_BUILD:-}" ] || [ ! -f "$jar" ]; then
  command -v mvn >/dev/null 2>&1 || { echo "run-jmh: Maven (mvn) is needed to build the benchmarks" >&2; exit 3; }
  echo "run-jmh: building the benchmarks..." >&2
  # MVN_FLAGS=-o builds offline once the dependencies are in ~/.m2.
  if grep -q '<module>bench</module>' "$root/pom.xml"; then
    (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -pl bench -am package)
  else
    # bench is not (yet) a module of the root build: install core, then build bench on its own.
    (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -pl core -am install && mvn -q -B ${MVN_FLAGS:-} -DskipTests -f bench/pom.xml package)
  fi
fi

mkdir -p "$root/bench/results"
json=$root/bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json
case " $* " in
  *" -l "*|*" -h "*|*" -lp "*) exec "$JAVA_HOME/bin/java" -jar "$jar" "$@" ;;
esac
# The short defaults, each left out when the caller gives that option.
defaults=()
for d in "-f 1" "-wi 2" "-w 2s" "-i 3" "-r 2s" "-t 1" "-rf json" "-rff $json"; do
  case " $* " in *" ${d%% *} "*) ;; *) defaults+=($d) ;; esac
done
# From the repository root, so that benchmark parameters naming ../shared/corpus files resolve.
cd "$root"
exec "$JAVA_HOME/bin/java" -jar "$jar" "${defaults[@]}" "$@"
