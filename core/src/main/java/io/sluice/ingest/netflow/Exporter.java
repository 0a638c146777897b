package io.sluice.ingest.netflow;

import io.sluice.packet.IpAddress;

/**
 * One exporter (address and UDP source port, as IPFIX and NetFlow v9 scope templates to the
 * transport session) and its observation domains, each with its own templates, sampling rate and
 * system init time. A small list of domains is enough: exporters use one or a handful.
 */
public final class Exporter {
    static final int MAX_DOMAINS = 256;

    final long hi, lo;
    final int port;
    final String text;
    final ExporterStats stats;
    private Domain[] domains = new Domain[2];
    private int domainCount;

    Exporter(long hi, long lo, int port) {
        this.hi = hi;
        this.lo = lo;
        this.port = port;
        String address = IpAddress.format(hi, lo);
        this.text = (IpAddress.isV4(hi, lo) ? address : "[" + address + "]") + ":" + port;
        this.stats = new ExporterStats(text);
    }

    public ExporterStats stats() {
        return stats;
    }

    /** The domain, created on first use; null when the exporter already has {@link #MAX_DOMAINS}. */
    Domain domain(long id) {
        for (int i = 0; i < domainCount; i++) {
            if (domains[i].id == id) return domains[i];
        }
        if (domainCount == MAX_DOMAINS) return null;
        if (domainCount == domains.length) domains = java.util.Arrays.copyOf(domains, domainCount * 2);
        Domain d = new Domain(id, text + "/" + id);
        domains[domainCount++] = d;
        return d;
    }

    /** Per observation domain (IPFIX) / source id (v9) state. */
    static final class Domain {
        final long id;
        final String text;
        final TemplateMap templates = new TemplateMap();
        /** The last sampling rate announced in options data (1 = none). */
        long samplingRate = 1;
        /** systemInitTimeMilliseconds from options data, for IPFIX sysUpTime-relative fields. */
        long systemInitMillis = Long.MIN_VALUE;

        Domain(long id, String text) {
            this.id = id;
            this.text = text;
        }
    }
}
