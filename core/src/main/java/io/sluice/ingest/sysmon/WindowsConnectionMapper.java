package io.sluice.ingest.sysmon;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.ProcessInfo;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import java.util.List;
import java.util.Locale;

/**
 * Turns Sysmon Event ID 3 (network connection) and Windows Security 5156/5157 (Filtering Platform
 * permitted/blocked a connection) into {@link ConnectionCreation}s.
 *
 * <p>Both sources describe the local endpoint as "source" and the remote one as "destination"
 * whatever the direction; the direction is a separate field ({@code Initiated} in Sysmon,
 * {@code Direction} in 5156). So the originator is the source when this host initiated the
 * connection and the destination otherwise. (Sysmon's own data shows it: a received broadcast
 * has the broadcast address as {@code SourceIp} and {@code Initiated=false}; Microsoft's 5156
 * documentation says Source Address is the local address for both directions.)
 *
 * <p>Neither source says whether the connection was answered, so the outcome is unknown, except
 * 5157, where the filtering platform blocked it (rejected).
 */
final class WindowsConnectionMapper {

    static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";
    /** Sysmon for Linux writes the same Event ID 3 under its own provider name, as XML in syslog. */
    static final String LINUX_SYSMON_PROVIDER = "Linux-Sysmon";

    /** Sysmon's manifest order for Event ID 3 (schema version 5), for exports that keep only positions. */
    static final List<String> SYSMON_3_ORDER = List.of("RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image",
            "User", "Protocol", "Initiated", "SourceIsIpv6", "SourceIp", "SourceHostname", "SourcePort",
            "SourcePortName", "DestinationIsIpv6", "DestinationIp", "DestinationHostname", "DestinationPort",
            "DestinationPortName");

    /** The Security auditing manifest order for 5156 and 5157. */
    static final List<String> WFP_ORDER = List.of("ProcessID", "Application", "Direction", "SourceAddress",
            "SourcePort", "DestAddress", "DestPort", "Protocol", "FilterRTID", "LayerName", "LayerRTID",
            "RemoteUserID", "RemoteMachineID");

    /** What became of one event. */
    enum Result { EMITTED, OTHER_EVENT, MALFORMED }

    private final IngestContext context;
    private String lastReason;

    WindowsConnectionMapper(IngestContext context) {
        this.context = context;
    }

    /** Why the last {@link Result#MALFORMED} event was rejected. */
    String lastReason() {
        return lastReason;
    }

    Result map(WindowsEvent e) {
        boolean sysmon = e.provider() == null ? e.data().containsKey("DestinationIp")
                : e.provider().equalsIgnoreCase(SYSMON_PROVIDER) || e.provider().equalsIgnoreCase(LINUX_SYSMON_PROVIDER);
        if (sysmon && e.eventId() == 3) {
            return sysmon3(e);
        }
        boolean security = e.provider() == null ? e.data().containsKey("DestAddress")
                : e.provider().toLowerCase(Locale.ROOT).contains("security-auditing");
        if (security && (e.eventId() == 5156 || e.eventId() == 5157)) {
            return filteringPlatform(e);
        }
        return Result.OTHER_EVENT;
    }

    private Result sysmon3(WindowsEvent e) {
        List<String> o = SYSMON_3_ORDER;
        String srcIp = IngestEvents.address(e.field("SourceIp", o));
        String dstIp = IngestEvents.address(e.field("DestinationIp", o));
        int srcPort = port(e.field("SourcePort", o));
        int dstPort = port(e.field("DestinationPort", o));
        int proto = IngestEvents.protocolNumber(e.field("Protocol", o));
        if (srcIp == null || dstIp == null) return malformed("SourceIp or DestinationIp is not an address");
        if (srcPort < 0 || dstPort < 0) return malformed("SourcePort or DestinationPort is not a port");
        if (proto < 0) return malformed("unknown Protocol '" + e.field("Protocol", o) + "'");
        String initiatedText = e.field("Initiated", o);
        if (initiatedText == null) return malformed("no Initiated field");
        boolean initiated = initiatedText.trim().equalsIgnoreCase("true");
        long ts = WindowsTimes.parse(e.field("UtcTime", o));
        if (ts == Long.MIN_VALUE) ts = WindowsTimes.parse(e.systemTime());
        if (ts == Long.MIN_VALUE) return malformed("no readable UtcTime or TimeCreated");
        String srcName = hostName(e.field("SourceHostname", o));
        String dstName = hostName(e.field("DestinationHostname", o));
        var process = new ProcessInfo(blankToNull(e.field("Image", o)), pid(e.field("ProcessId", o)),
                blankToNull(e.field("User", o)), blankToNull(e.computer()), initiated ? srcName : dstName,
                initiated ? dstName : srcName);
        emit(ts, initiated, srcIp, srcPort, dstIp, dstPort, proto, Outcome.UNKNOWN, "sysmon", process);
        return Result.EMITTED;
    }

    private Result filteringPlatform(WindowsEvent e) {
        List<String> o = WFP_ORDER;
        String local = IngestEvents.address(e.field("SourceAddress", o));
        String remote = IngestEvents.address(e.field("DestAddress", o));
        int localPort = port(e.field("SourcePort", o));
        int remotePort = port(e.field("DestPort", o));
        long proto = IngestEvents.number(trim(e.field("Protocol", o)));
        if (local == null || remote == null) return malformed("SourceAddress or DestAddress is not an address");
        if (localPort < 0 || remotePort < 0) return malformed("SourcePort or DestPort is not a port");
        if (proto < 0 || proto > 255) return malformed("Protocol is not a protocol number");
        String direction = trim(e.field("Direction", o));
        boolean outbound;
        if ("%%14593".equals(direction) || "Outbound".equalsIgnoreCase(direction)) outbound = true;
        else if ("%%14592".equals(direction) || "Inbound".equalsIgnoreCase(direction)) outbound = false;
        else return malformed("unknown Direction '" + direction + "'");
        long ts = WindowsTimes.parse(e.systemTime());
        if (ts == Long.MIN_VALUE) return malformed("no readable TimeCreated");
        var process = new ProcessInfo(blankToNull(e.field("Application", o)), pid(e.field("ProcessID", o)), null,
                blankToNull(e.computer()), null, null);
        Outcome outcome = e.eventId() == 5157 ? Outcome.REJECTED : Outcome.UNKNOWN;
        emit(ts, outbound, local, localPort, remote, remotePort, (int) proto, outcome, "windows-security", process);
        return Result.EMITTED;
    }

    private void emit(long ts, boolean localIsOrig, String local, int localPort, String remote, int remotePort,
            int proto, Outcome outcome, String source, ProcessInfo process) {
        String oh = localIsOrig ? local : remote;
        int op = localIsOrig ? localPort : remotePort;
        String rh = localIsOrig ? remote : local;
        int rp = IngestEvents.responderPort(proto, op, localIsOrig ? remotePort : localPort);
        context.emit(IngestEvents.creation(context, ts, context.newUid(), oh, op, rh, rp, proto, outcome, source,
                null, process));
    }

    private Result malformed(String reason) {
        lastReason = reason;
        return Result.MALFORMED;
    }

    /** Sysmon writes "-" or nothing when it could not resolve a name. */
    private static String hostName(String s) {
        String t = blankToNull(s);
        return t == null || t.equals("-") ? null : t;
    }

    private static String blankToNull(String s) {
        if (s == null) return null;
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static int port(String s) {
        long v = IngestEvents.number(trim(s));
        return v > 65535 ? -1 : (int) v;
    }

    private static Long pid(String s) {
        long v = IngestEvents.number(trim(s));
        return v < 0 ? null : v;
    }
}
