# Sourced by ./sluice and the bench scripts: the JVM options Sluice runs with, unless
# SLUICE_JAVA_OPTS replaces them.
#   -Xss2m                 deep ASN.1 and DNS-name recursion in dissectors stays far from the limit
#   -XX:+UseParallelGC     the packet thread allocates little; a throughput collector costs least
#   dontinline of the log writers' field sinks: every event's write(FieldSink) calls the sink ~30
#     times; with the sink inlined, C2 builds one huge method per event type (DnsTransaction.write
#     came to 45 kB of code) and the compiler threads used as much CPU as the packet thread on a
#     2-core machine. Called, not inlined, the sinks cost a call per field and the compile work
#     drops (bench/thread-cpu.sh shows the compiler threads' share).
sluice_jvm_options() {
  if [ -n "${SLUICE_JAVA_OPTS:-}" ]; then
    printf '%s\n' "$SLUICE_JAVA_OPTS"
    return
  fi
  printf '%s\n' "-Xss2m -XX:+UseParallelGC -XX:CompileCommand=quiet \
-XX:CompileCommand=dontinline,io.sluice.event.JsonLogWriter\$Sink::* \
-XX:CompileCommand=dontinline,io.sluice.event.ZeekTsvLogWriter\$Sink::*"
}
