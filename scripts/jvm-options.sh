# Sourced by ./sluice and the bench scripts: the JVM options Sluice runs with, unless
# SLUICE_JAVA_OPTS replaces them.
#   -Xss2m                 deep ASN.1 and DNS-name recursion in dissectors stays far from the limit
#   -XX:+UseParallelGC     the packet thread allocates little; a throughput collector costs least
#   dontinline of the log writers' field sinks: every event's write(FieldSink) calls the sink ~30
#     times; with the sink inlined, C2 builds one huge method per event type (DnsTransaction.write
#     came to 45 kB of code) and the compiler threads used as much CPU as the packet thread on a
#     2-core machine. Called, not inlined, the sinks cost a call per field and the compile work
#     drops (bench/thread-cpu.sh shows the compiler threads' share).
#   smaller inlining budgets (FreqInlineSize 100 instead of 325 bytecodes, InlineSmallCode 1000
#     instead of 2500 bytes, MaxInlineLevel 6 instead of 15, MaxInlineSize 20 instead of 35): on a
#     1 GiB capture the JIT is a fixed cost as large as the packet work, and C2 spent it building
#     30-55 kB methods (FlowTable.process, FlowRecords.conn) that inline every per-connection path.
#     With these budgets `analyze --flows-only --no-detect` took 15-25 % less CPU in all on an idle
#     machine (compiler threads 1.9-2.6 -> 1.4-1.6 s, packet thread not slower; bench/thread-cpu.sh,
#     3 interleaved runs each); full dissection was unchanged.
#   C2 thresholds three times the defaults (Tier4InvocationThreshold 15000, Tier4MinInvocation-
#     Threshold 1800, Tier4CompileThreshold 45000, Tier4BackEdgeThreshold 120000): methods that
#     are only warm stay at C1 instead of costing a C2 compile the run barely uses. Paired with
#     the build before it on the 1 GiB capture (2026-11-29): CPU -6.1 % flows-only (10 pairs),
#     -3.0 % and -4.5 % full dissection (6 and 8 pairs), -7.7 % with detection (5 pairs); wall
#     -1.6 %, -0.2 %/+0.4 %, -4.4 %. Ten times the defaults was 9.5 % slower (C1's profiled code
#     runs too long); C1 thresholds raised five times, 5.9 % slower.
sluice_jvm_options() {
  if [ -n "${SLUICE_JAVA_OPTS:-}" ]; then
    printf '%s\n' "$SLUICE_JAVA_OPTS"
    return
  fi
  printf '%s\n' "-Xss2m -XX:+UseParallelGC \
-XX:Tier4InvocationThreshold=15000 -XX:Tier4MinInvocationThreshold=1800 -XX:Tier4CompileThreshold=45000 \
-XX:Tier4BackEdgeThreshold=120000 \
-XX:FreqInlineSize=100 -XX:InlineSmallCode=1000 -XX:MaxInlineLevel=6 -XX:MaxInlineSize=20 \
-XX:CompileCommand=quiet \
-XX:CompileCommand=dontinline,io.sluice.event.JsonLogWriter\$Sink::* \
-XX:CompileCommand=dontinline,io.sluice.event.ZeekTsvLogWriter\$Sink::*"
}
