package io.sluice.ingest.cloud;

import io.sluice.ingest.IngestEvents;

/**
 * One AWS VPC or Transit Gateway flow log record, read with a {@link AwsFlowLogLayout}. Fields
 * AWS leaves empty are "-". A record with no addresses (NODATA, SKIPDATA) carries no flow.
 *
 * @param noFlow   true when the record has no flow in it (log-status NODATA/SKIPDATA, fields "-")
 * @param action   ACCEPT, REJECT, or null (Transit Gateway logs have no action)
 * @param tcpFlags the OR of the TCP flags seen (FIN 1, SYN 2, RST 4, SYN-ACK 18), or -1
 */
record AwsFlowLogLine(boolean noFlow, String logStatus, String srcaddr, int srcport, String dstaddr, int dstport,
        int protocol, long packets, long bytes, long start, long end, String action, int tcpFlags, String exporter,
        String flowDirection) {

    /** Thrown for a line that does not fit its layout; the message says which field and why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static AwsFlowLogLine parse(String[] t, AwsFlowLogLayout l) throws Malformed {
        if (t.length != l.fields().size()) {
            throw new Malformed(t.length + " fields where the format has " + l.fields().size());
        }
        String status = get(t, l.logStatus());
        long start = time(t, l.start(), "start");
        long end = l.end() < 0 || dash(t[l.end()]) ? start : time(t, l.end(), "end");
        String exporter = first(get(t, l.interfaceId()), get(t, l.tgwAttachmentId()), get(t, l.instanceId()));
        if (dash(t[l.srcaddr()]) || dash(t[l.dstaddr()]) || dash(t[l.protocol()])) {
            if (status == null || status.equals("OK")) {
                throw new Malformed("log-status " + (status == null ? "absent" : "OK") + " but no addresses");
            }
            return new AwsFlowLogLine(true, status, null, -1, null, -1, -1, 0, 0, start, end, null, -1, exporter, null);
        }
        String src = IngestEvents.address(t[l.srcaddr()]);
        String dst = IngestEvents.address(t[l.dstaddr()]);
        if (src == null) throw new Malformed("srcaddr '" + t[l.srcaddr()] + "' is not an address");
        if (dst == null) throw new Malformed("dstaddr '" + t[l.dstaddr()] + "' is not an address");
        int proto = (int) number(t, l.protocol(), "protocol", 255);
        int sport = l.srcport() < 0 || dash(t[l.srcport()]) ? 0 : (int) number(t, l.srcport(), "srcport", 65535);
        int dport = l.dstport() < 0 || dash(t[l.dstport()]) ? 0 : (int) number(t, l.dstport(), "dstport", 65535);
        long packets = l.packets() < 0 || dash(t[l.packets()]) ? 0 : number(t, l.packets(), "packets", Long.MAX_VALUE);
        long bytes = l.bytes() < 0 || dash(t[l.bytes()]) ? 0 : number(t, l.bytes(), "bytes", Long.MAX_VALUE);
        String action = get(t, l.action());
        if (action != null && !action.equals("ACCEPT") && !action.equals("REJECT")) {
            throw new Malformed("action '" + action + "' is neither ACCEPT nor REJECT");
        }
        int flags = l.tcpFlags() < 0 || dash(t[l.tcpFlags()]) ? -1 : (int) number(t, l.tcpFlags(), "tcp-flags", 255);
        return new AwsFlowLogLine(false, status, src, sport, dst, dport, proto, packets, bytes, start, end, action,
                flags, exporter, get(t, l.flowDirection()));
    }

    private static long time(String[] t, int i, String name) throws Malformed {
        if (i < 0 || dash(t[i])) throw new Malformed("no " + name + " time");
        return number(t, i, name, Long.MAX_VALUE / 1_000_000_000L);
    }

    private static long number(String[] t, int i, String name, long max) throws Malformed {
        long v = IngestEvents.number(t[i]);
        if (v < 0 || v > max) throw new Malformed(name + " '" + t[i] + "' is not a number up to " + max);
        return v;
    }

    private static String get(String[] t, int i) {
        return i < 0 || dash(t[i]) ? null : t[i];
    }

    private static boolean dash(String s) {
        return s.equals("-");
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
