package io.sluice.flow;

/**
 * Counts for the run summary. {@code expired} are connections removed by Zeek-style timers
 * (inactivity, close/reset delays, attempt timeouts), {@code evicted} those pushed out because the
 * table was full, {@code flushed} those still open at the end of input, {@code reused} those ended
 * by a new SYN on their tuple.
 */
public record FlowStats(
        long created,
        long active,
        long expired,
        long evicted,
        long flushed,
        long reused,
        long tcp,
        long udp,
        long icmp,
        long badChecksums,
        long notMetered,
        int peakActive) {}
