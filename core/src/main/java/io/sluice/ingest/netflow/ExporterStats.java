package io.sluice.ingest.netflow;

/**
 * What one exporter (address and port) sent and what became of it: datagrams, flow records, options
 * records, template records and drops by {@link DropReason}. Mutable counters owned by the decoder
 * thread; read them after the decoder has stopped or accept slightly stale numbers.
 */
public final class ExporterStats {
    private final String exporter;
    long datagrams;
    long flowRecords;
    long optionsRecords;
    long templates;
    long withdrawals;
    int lastVersion;
    private final long[] drops = new long[DropReason.values().length];

    public ExporterStats(String exporter) {
        this.exporter = exporter;
    }

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    /** "address:port" of the exporter. */
    public String exporter() {
        return exporter;
    }

    public long datagrams() {
        return datagrams;
    }

    public long flowRecords() {
        return flowRecords;
    }

    public long optionsRecords() {
        return optionsRecords;
    }

    /** Template and options template records received, refreshes included. */
    public long templates() {
        return templates;
    }

    /** IPFIX template withdrawals received. */
    public long withdrawals() {
        return withdrawals;
    }

    /** The protocol version of the last datagram (5, 9, 10; sFlow: 5). */
    public int lastVersion() {
        return lastVersion;
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    public long totalDrops() {
        long n = 0;
        for (long d : drops) n += d;
        return n;
    }

    /** Adds another decoder's counts for the same exporter (collectors run one decoder per socket). */
    public void add(ExporterStats other) {
        datagrams += other.datagrams;
        flowRecords += other.flowRecords;
        optionsRecords += other.optionsRecords;
        templates += other.templates;
        withdrawals += other.withdrawals;
        lastVersion = Math.max(lastVersion, other.lastVersion);
        for (int i = 0; i < drops.length; i++) drops[i] += other.drops[i];
    }

    /** Drops as "reason=count" pairs, comma-joined, non-zero only ("" when none). */
    public String dropSummary() {
        var b = new StringBuilder();
        for (DropReason r : DropReason.values()) {
            long n = drops[r.ordinal()];
            if (n == 0) continue;
            if (!b.isEmpty()) b.append(',');
            b.append(r.label()).append('=').append(n);
        }
        return b.toString();
    }
}
