package io.sluice.detect.baseline;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.ProcessInfo;
import io.sluice.event.WireText;
import io.sluice.flow.LocalNetworks;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.SmbMapping;
import io.sluice.packet.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-host profiles learned from connection events in event time, so that "never seen before" and
 * "uncommon" mean something: a host is learned for {@link BaselineConfig#learningNanos()} after
 * it first appears, and only afterwards do analytics judge what it does. Profiles cover local
 * hosts only (an event's {@code local_orig}/{@code local_resp}; unknown counts as local), are
 * bounded ({@link BaselineConfig#maxHosts()}, {@link BaselineConfig#maxEntries()}, drops counted)
 * and survive between runs in a state file ({@link BaselineStateFile}).
 *
 * <p>Only answered connections teach destinations and clients: a scan's refused probes must not
 * make every scanned host "known". Queries compare first-seen times with the event's own time
 * ({@code firstContact(h, d) < ts}), so the answer does not depend on whether the baseline saw
 * an event before or after the analytic that asks about it.
 *
 * <p>Shared by the analytics that need it (wired in {@code Detectors.standard}) and updated by
 * {@link BaselineLearner}; methods are synchronized because stage-2 threads may share it.
 */
public final class HostBaselines {

    /** Zeek conn_states in which the responder never accepted the connection. */
    private static final Set<String> FAILED_STATES = Set.of("S0", "REJ", "RSTOS0", "RSTRH", "SH", "SHR");

    private final BaselineConfig config;
    private final LocalNetworks servers;
    private final LocalNetworks workstations;
    private final Map<String, HostProfile> hosts = new HashMap<>();
    private long hostsDropped;

    public HostBaselines(BaselineConfig config) {
        this.config = config;
        this.servers = LocalNetworks.of(config.servers());
        this.workstations = LocalNetworks.of(config.workstations());
    }

    public BaselineConfig config() {
        return config;
    }

    /** Learns from a connection event; other events are ignored. */
    public synchronized void observe(Event event) {
        switch (event) {
            case ConnectionCreation c -> learn(c.tsNanos(), c.id(), c.proto(), null, answered(c.outcome()),
                    c.localOrig(), c.localResp(), c.process(), null, null, 0, 0, false);
            case FlowRecord f -> learn(f.tsNanos(), f.id(), f.proto(), f.service(),
                    !(f.connState() != null && FAILED_STATES.contains(f.connState())), f.localOrig() == null || f.localOrig(),
                    f.localResp() == null || f.localResp(), f.process(), f.origL2Addr(), f.respL2Addr(),
                    f.origBytes() == null ? 0 : f.origBytes(), f.respBytes() == null ? 0 : f.respBytes(), true);
            case DceRpcCall r -> {
                if (r.endpoint() != null) learnContent(r.tsNanos(), r.id(), "rpc:" + r.endpoint());
            }
            case SmbMapping m -> {
                String share = shareName(m.path());
                if (share != null) learnContent(m.tsNanos(), m.id(), "share:" + share);
            }
            default -> { }
        }
    }

    /**
     * {@code ADMIN$} from {@code \\host\ADMIN$}, upper case; null when there is no share part. The
     * path is a wire string (smb_mapping.log's, its bytes one char each); the share name is text, so
     * that upper case is that of its characters, not of the bytes that encode them.
     */
    public static String shareName(String path) {
        if (path == null) return null;
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        String s = path.substring(cut + 1);
        return s.isEmpty() ? null : WireText.toText(s).toUpperCase(java.util.Locale.ROOT);
    }

    /** A content event tells who used which application service on the responder (local only). */
    private void learnContent(long ts, ConnId id, String key) {
        HostProfile q = hosts.get(id.respH());
        if (q == null) q = profileFor(id.respH());
        if (q == null) return;
        q.seen(ts);
        q.inbound.add(key + " " + id.origH(), ts);
    }

    private static boolean answered(ConnectionCreation.Outcome o) {
        return switch (o) {
            case REJECTED, UNANSWERED, NOT_ANSWERED -> false;
            default -> true;
        };
    }

    private void learn(long ts, ConnId id, String proto, String service, boolean answered, boolean origLocal,
            boolean respLocal, ProcessInfo process, String origMac, String respMac, long origBytes, long respBytes,
            boolean isFlow) {
        String port = portKey(proto, id.respP());
        if (origLocal) {
            HostProfile p = profileFor(id.origH());
            if (p != null) {
                p.seen(ts);
                if (answered) {
                    p.destinations.add(id.respH(), ts);
                    p.destPorts.add(port, ts);
                    if (service != null) addServices(p.services, service, null, ts);
                }
                if (process != null && process.image() != null) p.processes.add(process.image(), ts);
                if (origMac != null) p.macs.add(origMac, ts);
                if (isFlow) {
                    p.flows++;
                    p.bytesOut += origBytes;
                    p.bytesIn += respBytes;
                }
            }
        }
        if (respLocal) {
            HostProfile q = profileFor(id.respH());
            if (q != null) {
                q.seen(ts);
                if (answered) {
                    q.served(port, id.origH(), ts);
                    if (service != null) addServices(q.inbound, service, " " + id.origH(), ts);
                }
                if (respMac != null) q.macs.add(respMac, ts);
                if (isFlow) {
                    q.flows++;
                    q.bytesOut += respBytes;
                    q.bytesIn += origBytes;
                }
            }
        }
    }

    /** "tcp/445", "udp/53". */
    public static String portKey(String proto, int port) {
        String[] made = "tcp".equals(proto) ? TCP_PORT_KEYS : "udp".equals(proto) ? UDP_PORT_KEYS
                : "icmp".equals(proto) ? ICMP_PORT_KEYS : null;
        if (made == null || port < 0 || port >= made.length) return proto + "/" + port;
        String k = made[port];
        if (k == null) made[port] = k = proto + "/" + port;
        return k;
    }

    /** Port keys made once each: every connection event asks for one. (Strings are immutable, so sharing is safe.) */
    private static final String[] TCP_PORT_KEYS = new String[65536];
    private static final String[] UDP_PORT_KEYS = new String[65536];
    /** ICMP's "ports" are message types and codes. */
    private static final String[] ICMP_PORT_KEYS = new String[256];

    /** Adds each name of Zeek's comma-joined service field; most flows have one, so no split then. */
    private static void addServices(FirstSeenSet set, String service, String suffix, long ts) {
        if (service.indexOf(',') < 0) {
            set.add(suffix == null ? service : service + suffix, ts);
            return;
        }
        for (String s : service.split(",")) set.add(suffix == null ? s : s + suffix, ts);
    }

    private HostProfile profileFor(String host) {
        HostProfile p = hosts.get(host);
        if (p != null) return p;
        if (hosts.size() >= config.maxHosts()) {
            hostsDropped++;
            return null;
        }
        p = new HostProfile(host, config.maxEntries());
        hosts.put(host, p);
        return p;
    }

    /** The profile of a host, or null when it was never seen (or not kept). */
    public synchronized HostProfile profile(String host) {
        return hosts.get(host);
    }

    /** The event time at which the host's learning period ends; {@link Long#MAX_VALUE} if never seen. */
    public synchronized long learningEndsNanos(String host) {
        HostProfile p = hosts.get(host);
        if (p == null || p.firstSeenNanos == Long.MAX_VALUE) return Long.MAX_VALUE;
        if (p.learnedInEarlierRun) return Long.MIN_VALUE;
        long end = p.firstSeenNanos + config.learningNanos();
        return end < p.firstSeenNanos ? Long.MAX_VALUE : end;
    }

    /** True while the host is unknown or inside its learning period at {@code tsNanos}. */
    public synchronized boolean learning(String host, long tsNanos) {
        return tsNanos < learningEndsNanos(host);
    }

    /** When {@code host} first reached {@code dest} in an answered connection; MAX_VALUE if never. */
    public synchronized long firstContactNanos(String host, String dest) {
        HostProfile p = hosts.get(host);
        return p == null ? Long.MAX_VALUE : p.destinations.firstSeen(dest);
    }

    /** Whether {@code host} had reached {@code dest} in an earlier run or strictly before {@code tsNanos}. */
    public synchronized boolean contactedBefore(String host, String dest, long tsNanos) {
        HostProfile p = hosts.get(host);
        return p != null && p.destinations.seenBefore(dest, tsNanos);
    }

    /**
     * When {@code client} was first served by {@code host} under {@code key}: a port key
     * ({@link #portKey}) or a service name ("rdp"); MAX_VALUE if never.
     */
    public synchronized long firstServedNanos(String host, String key, String client) {
        HostProfile p = hosts.get(host);
        return p == null ? Long.MAX_VALUE : p.inbound.firstSeen(key + " " + client);
    }

    /** Whether {@code host} reached {@code dest} in an earlier run or before its learning period ended. */
    public synchronized boolean contactedWhileLearning(String host, String dest) {
        HostProfile p = hosts.get(host);
        if (p == null) return false;
        long end = learningEndsNanos(host);
        return end == Long.MIN_VALUE ? p.destinations.contains(dest) : p.destinations.seenBefore(dest, end);
    }

    /**
     * Whether {@code host} had served {@code client} under {@code key} in an earlier run or strictly
     * before {@code tsNanos}.
     */
    public synchronized boolean servedBefore(String host, String key, String client, long tsNanos) {
        HostProfile p = hosts.get(host);
        return p != null && p.inbound.seenBefore(key + " " + client, tsNanos);
    }

    /** Whether the host's destination set overflowed, so that "never contacted" is unreliable. */
    public synchronized boolean destinationsSaturated(String host) {
        HostProfile p = hosts.get(host);
        return p != null && p.destinations.saturated();
    }

    /** Whether the host's inbound set overflowed, so that "never served" is unreliable. */
    public synchronized boolean inboundSaturated(String host) {
        HostProfile p = hosts.get(host);
        return p != null && p.inbound.saturated();
    }

    /**
     * The host's role at {@code tsNanos}: configured networks first; then a host that served one
     * port to {@link BaselineConfig#serverMinClients()} distinct clients is a server; a local host
     * past its learning period that did not is a workstation; else unknown.
     */
    public synchronized HostRole role(String host, long tsNanos) {
        long hi, lo;
        try {
            hi = IpAddress.parseHi(host);
            lo = IpAddress.parseLo(host);
        } catch (IllegalArgumentException e) {
            return HostRole.UNKNOWN;
        }
        if (servers.contains(hi, lo)) return HostRole.SERVER;
        if (workstations.contains(hi, lo)) return HostRole.WORKSTATION;
        HostProfile p = hosts.get(host);
        if (p == null) return HostRole.UNKNOWN;
        if (p.maxClientsOnOnePort() >= config.serverMinClients()) return HostRole.SERVER;
        return learning(host, tsNanos) ? HostRole.UNKNOWN : HostRole.WORKSTATION;
    }

    /** Whether the configuration names the host a server ({@code servers}), whatever its traffic showed. */
    public boolean declaredServer(String host) {
        try {
            return servers.contains(IpAddress.parseHi(host), IpAddress.parseLo(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public synchronized int hostCount() {
        return hosts.size();
    }

    /** Hosts not profiled because {@link BaselineConfig#maxHosts()} was reached. */
    public synchronized long hostsDropped() {
        return hostsDropped;
    }

    /** A snapshot of the profiles, for the state file and reports. */
    public synchronized List<HostProfile> profiles() {
        return new ArrayList<>(hosts.values());
    }

    /** Marks profiles read from a state file that already span a learning period as learned. */
    synchronized void markRestored() {
        for (HostProfile p : hosts.values()) {
            p.learnedInEarlierRun = p.lastSeenNanos != Long.MIN_VALUE
                    && p.lastSeenNanos - p.firstSeenNanos >= config.learningNanos();
        }
    }

    synchronized HostProfile restoreProfile(String host) {
        return profileFor(host);
    }

    synchronized void restoreHostsDropped(long n) {
        hostsDropped += n;
    }
}
