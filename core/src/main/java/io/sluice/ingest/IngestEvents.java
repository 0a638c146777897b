package io.sluice.ingest;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.event.ProcessInfo;
import io.sluice.flow.IcmpTypes;
import io.sluice.flow.LocalNetworks;
import io.sluice.packet.IpAddress;
import java.util.List;
import java.util.Locale;

/**
 * Builds the packet path's event records from the textual facts a log line gives (addresses as
 * text, protocol numbers or names), so that every log source writes addresses, ICMP "ports",
 * {@code local_orig}/{@code local_resp} and Community IDs the way flows metered from packets do.
 */
public final class IngestEvents {
    private IngestEvents() {}

    /** Zeek's default local networks, as the packet path uses them when none are configured. */
    private static final LocalNetworks LOCAL = LocalNetworks.zeekDefault();

    /** The address in Zeek's canonical text ("::1" for "0:0:0:0:0:0:0:1"), or null when it is no address. */
    public static String address(String text) {
        if (text == null) return null;
        String t = text.trim();
        if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty()) return null;
        try {
            byte[] b = IpAddress.parse(t);
            return IpAddress.format(getLong(b, 0), getLong(b, 8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** IANA protocol number for a name ("tcp", "UDP", "icmp", "ipv6-icmp"), or -1. */
    public static int protocolNumber(String name) {
        if (name == null) return -1;
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "tcp", "t", "6" -> 6;
            case "udp", "u", "17" -> 17;
            case "icmp", "1" -> 1;
            case "icmpv6", "ipv6-icmp", "icmp6", "58" -> 58;
            case "sctp", "132" -> 132;
            case "gre", "47" -> 47;
            case "esp", "50" -> 50;
            default -> -1;
        };
    }

    /** Zeek's {@code proto} field for a protocol number. */
    public static String protocolName(int ipProto) {
        return switch (ipProto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            default -> "unknown_transport";
        };
    }

    /**
     * The responder "port" for ICMP given the source's type and code (Zeek's counterpart type, or
     * the code for one-way messages); the port itself for other protocols.
     */
    public static int responderPort(int ipProto, int originatorPort, int responderPort) {
        if (ipProto == 1 || ipProto == 58) {
            return IcmpTypes.responderPort(ipProto == 58, originatorPort, responderPort);
        }
        return responderPort;
    }

    public static boolean isLocal(String address) {
        try {
            return LOCAL.contains(IpAddress.parseHi(address), IpAddress.parseLo(address));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A connection creation; {@code origH}/{@code respH} must be canonical ({@link #address}) and the
     * ports already mapped for ICMP ({@link #responderPort}).
     */
    public static ConnectionCreation creation(IngestContext context, long tsNanos, String uid, String origH,
            int origP, String respH, int respP, int ipProto, Outcome outcome, String source, String exporter,
            ProcessInfo process) {
        return new ConnectionCreation(tsNanos, uid, new ConnId(origH, origP, respH, respP), protocolName(ipProto),
                outcome, isLocal(origH), isLocal(respH), -1,
                context.communityId(origH, origP, respH, respP, ipProto), source, exporter, process);
    }

    /** What a flow log says about one connection, in the packet path's terms. */
    public record FlowFacts(long tsNanos, String uid, String origH, int origP, String respH, int respP,
            int ipProto, Long durationNanos, String connState, long origPkts, long origIpBytes, long respPkts,
            long respIpBytes, String source, String exporter, ProcessInfo process) {}

    /**
     * A flow record. Flow logs count IP bytes (headers included), so {@code orig_ip_bytes} and
     * {@code resp_ip_bytes} carry them and the payload byte fields stay unset: the logs cannot say
     * how many of those bytes were payload.
     */
    public static FlowRecord flow(IngestContext context, FlowFacts f) {
        return new FlowRecord(f.tsNanos(), f.uid(), new ConnId(f.origH(), f.origP(), f.respH(), f.respP()),
                protocolName(f.ipProto()), null, f.durationNanos(), null, null, f.connState(),
                isLocal(f.origH()), isLocal(f.respH()), 0, null, f.origPkts(), f.origIpBytes(), f.respPkts(),
                f.respIpBytes(), List.of(), f.ipProto(), -1, -1,
                context.communityId(f.origH(), f.origP(), f.respH(), f.respP(), f.ipProto()), null, null,
                f.source(), null, f.exporter(), f.process());
    }

    /**
     * The fields of a line separated by runs of spaces or tabs, without the regex engine
     * {@code String.split("\\s+")} runs per call (flow logs have millions of lines).
     */
    public static String[] fields(String line) {
        int n = line.length();
        int count = 0;
        for (int i = 0; i < n; ) {
            while (i < n && isBlank(line.charAt(i))) i++;
            if (i >= n) break;
            count++;
            while (i < n && !isBlank(line.charAt(i))) i++;
        }
        String[] out = new String[count];
        int k = 0;
        for (int i = 0; i < n; ) {
            while (i < n && isBlank(line.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) i++;
            out[k++] = line.substring(start, i);
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Parses a decimal port or count; -1 when absent ("-", empty) or not a number. */
    public static long number(String text) {
        if (text == null || text.isEmpty()) return -1;
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || i > 18) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
