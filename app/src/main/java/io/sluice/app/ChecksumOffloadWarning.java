package io.sluice.app;

import io.sluice.flow.FlowStats;
import io.sluice.pipeline.PipelineStats;
import java.util.Locale;

/**
 * The warning Zeek gives (its checksum_offloading policy) when more than 5 % of the packets had bad
 * checksums: a capture taken on a host whose network card fills in checksums after the capture
 * point shows that host's own packets with unfinished checksums, and validating them drops the
 * host's side of every connection. Printed even with --quiet, because the summary table that also
 * counts them is not: lab captures of attacks are often taken this way, and their alerts then need
 * -C.
 */
final class ChecksumOffloadWarning {
    /** Zeek's checksum_offloading threshold: the share of packets with a bad checksum. */
    static final double SHARE = 0.05;

    private ChecksumOffloadWarning() {}

    /** The warning for this run, or null when bad checksums were rare (or not checked). */
    static String of(PipelineStats traffic, FlowStats flows) {
        long bad = traffic.badIpChecksums() + flows.badChecksums();
        long packets = traffic.packets();
        if (packets == 0 || bad <= SHARE * packets) return null;
        return String.format(Locale.ROOT, "%d of %d packets (%.0f %%) had bad checksums and were left out, as Zeek"
                + " does; the capture was probably taken on a host with checksum offloading: run again with -C to"
                + " analyse them", bad, packets, 100.0 * bad / packets);
    }
}
