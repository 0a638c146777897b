# Sourced by ./sluice and ./run-tests: find_jdk prints the home of a JDK 21 or newer
# (JAVA_HOME when it is new enough, otherwise the newest one in the usual install folders).
java_major() { # prints the feature version of the java binary $1, or nothing
  # The JDK's release file says it without starting a JVM (0.1 s per candidate, and a machine
  # often has three or four); a JDK without one is asked.
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$1")")/release" 2>/dev/null | head -n1)
  [ -n "$v" ] || v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)
  echo "$v"
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /opt/*jdk* \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" best_v=0 v
  for h in "${candidates[@]}"; do
    [ -x "$h/bin/java" ] && [ -x "$h/bin/javac" ] || continue
    v=$(java_major "$h/bin/java"); [ -n "$v" ] || continue
    # JAVA_HOME wins when it is new enough; otherwise take the newest JDK found.
    if [ "$h" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then echo "$h"; return; fi
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$h; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

