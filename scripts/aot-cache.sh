# Sourced by ./sluice and the benchmark scripts. On a JDK 25 or newer, keeps an ahead-of-time
# cache (JEP 483/514/515: classes loaded and linked, method profiles) of the shaded jar beside it,
# made by one training run of `sluice demo` after each build, so that a run starts with its
# classes ready and the JIT compiles the hot path early instead of profiling it first. Older JDKs
# run without it. aot_options JAVA_HOME JAR "JVM OPTIONS" prints the options to add (none when
# the cache cannot be made).
jdk_feature() { # the feature version from the JDK's release file, e.g. 25; empty when unknown
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n1
}

aot_options() {
  local home=$1 jar=$2 opts=$3 v cache tmp
  v=$(jdk_feature "$home")
  [ -n "$v" ] && [ "$v" -ge 25 ] || return 0
  case $jar in /*) ;; *) jar="$PWD/$jar" ;; esac # the training run starts in a temporary folder
  cache="${jar%.jar}.aot"
  failed="${jar%.jar}.aot-failed"
  # A training run that failed for this build is not retried on every start (the marker is newer
  # than the jar); the next build tries again.
  if { [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ]; } && { [ ! -f "$failed" ] || [ "$jar" -nt "$failed" ]; }; then
    echo "sluice: preparing the JVM's start-up cache for this build (once, a few seconds)..." >&2
    tmp=$(mktemp -d)
    # shellcheck disable=SC2086 # the options are a word list by design
    if (cd "$tmp" && "$home/bin/java" $opts -XX:AOTCacheOutput="$tmp/sluice.aot" -Dsluice.tty=0 -jar "$jar" \
        demo --out "$tmp/demo" >/dev/null 2>&1) && [ -s "$tmp/sluice.aot" ]; then
      mv -f "$tmp/sluice.aot" "$cache"
      rm -f "$failed"
    else
      rm -f "$cache"
      : >"$failed"
      echo "sluice: the start-up cache could not be made for this build; running without it" >&2
    fi
    rm -rf "$tmp"
  fi
  [ -f "$cache" ] && echo "-XX:AOTCache=$cache -Xlog:aot*=off -Xlog:cds*=off"
  return 0
}
