package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host that opens connections to the outside from a local network it never used, while
 * its usual network is in use at the same time: a second medium (a Wi-Fi hotspot, a tethered
 * phone, a cellular modem, a second adapter) beside the link the command and control channel and
 * the sensor are on.
 *
 * <p>ATT&CK: T1011 Exfiltration Over Other Network Medium. DS0029: Network Connection Creation,
 * from host sources that report the connections of every interface of the machine (Sysmon Event
 * ID 3, Windows 5156, auditd and other host events; {@link ConnectionCreation#process()} names the
 * reporting machine). The guidance asks for "newly constructed network connections that may attempt
 * to exfiltrate data over a different network medium than the command and control channel": a
 * packet sensor never sees the other medium's traffic, but the host's own records of its
 * connections do, with the local address each one left from.
 *
 * <p>Evidence, per reporting machine ({@link io.sluice.event.ProcessInfo#host()}): the originator
 * address of each connection to a non-private, non-group address, reduced to its network (IPv4
 * /24, IPv6 /64). For {@code learning} (24 h) from the machine's first record its networks are
 * learned; afterwards a connection from a network it never used is reported when a connection
 * from a learned network came within {@code overlap} (10 min) before or after it: two networks in
 * use at once. One alert per machine and new network; at most 32 networks kept per machine.
 *
 * <p>Thresholds (judgement, not measured on labelled traffic): the learning period is
 * {@code process.new_network}'s and the host baselines'; 10 minutes of overlap, because a laptop
 * that moves from the office to home has its lid closed in between (no connections for far longer),
 * while a dual-homed machine uses both links within seconds. MEDIUM: the records say a second link
 * carried traffic out, not how much.
 *
 * <p>Known false positives: a VPN client first used after the learning period (its tunnel address
 * is a new network while the physical link is in use); a laptop docked with its Wi-Fi still
 * connected to another network; virtual machine or container bridges whose connections the host
 * reports with the bridge's address. Packet sources carry no reporting machine and are not judged.
 */
public final class OtherNetworkMediumDetector implements Detector<String, OtherNetworkMediumDetector.State> {

    public static final String ID = "exfil.other_medium";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class);
    static final int MAX_NETWORKS = 32;

    /**
     * @param learningNanos how long a machine's networks are learned before a new one counts
     * @param overlapNanos  how close a learned network's connection must be to the new one's
     */
    public record Config(long learningNanos, long overlapNanos) {
        public static final Config DEFAULTS = new Config(86_400_000_000_000L, 600_000_000_000L);

        public Config {
            if (learningNanos < 0) throw new IllegalArgumentException(ID + ".learning must not be negative");
            if (overlapNanos <= 0) throw new IllegalArgumentException(ID + ".overlap must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("learning", d.learningNanos()), s.durationNanos("overlap", d.overlapNanos()));
    }

    /** The last connection seen from one network. */
    static final class Use implements Serializable {
        private static final long serialVersionUID = 1L;
        long firstNanos;
        /** The machine's connections before this network's first. */
        long connectionsBefore;
        long lastNanos;
        String address;
        String uid;
        String communityId;
        String image;
        int port;
        String dst;
    }

    /** Per reporting machine: when it was first seen, its learned and its new networks. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long firstNanos;
        long connections;
        final LinkedHashMap<String, Use> learned = new LinkedHashMap<>();
        final LinkedHashMap<String, Use> fresh = new LinkedHashMap<>();
        final LinkedHashSet<String> reported = new LinkedHashSet<>();
    }

    private final Config config;

    public OtherNetworkMediumDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1011"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ConnectionCreation c) || c.process() == null) return null;
        String host = c.process().host();
        if (host == null || host.isBlank()) return null;
        String dst = c.id().respH();
        if (AddressClasses.isPrivate(dst) || AddressClasses.isGroup(dst) || AddressClasses.isSpecial(dst)) return null;
        return AddressClasses.isSpecial(c.id().origH()) ? null : host;
    }

    /** The network of a literal address: IPv4 /24, IPv6 /64; null for anything else. */
    static String network(String address) {
        if (address == null || address.isEmpty()) return null;
        boolean v6 = address.indexOf(':') >= 0;
        for (int i = 0; i < address.length(); i++) {
            char ch = address.charAt(i);
            boolean ok = ch == '.' || ch == ':' || Character.digit(ch, 16) >= 0;
            if (!ok) return null; // never a name: InetAddress would look it up
        }
        byte[] b;
        try {
            b = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        if (b.length == 4 && !v6) {
            return String.format(Locale.ROOT, "%d.%d.%d.0/24", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        }
        if (b.length != 16) return null;
        var sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        return sb.append(":/64").toString();
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        var c = (ConnectionCreation) event;
        String net = network(c.id().origH());
        if (net == null) return state;
        var s = state != null ? state : new State();
        if (state == null) s.firstNanos = c.tsNanos();
        s.connections++;
        boolean learning = c.tsNanos() - s.firstNanos < config.learningNanos();
        if (learning || s.learned.containsKey(net)) {
            Use u = use(s, s.learned, net, c);
            if (u == null) return s;
            // a new network used just before this learned one: both links at once
            for (var e : s.fresh.entrySet()) {
                Use f = e.getValue();
                if (!s.reported.contains(e.getKey()) && c.tsNanos() - f.lastNanos <= config.overlapNanos()) {
                    report(host, s, e.getKey(), f, net, u, c.tsNanos() - f.lastNanos, ctx);
                }
            }
            return s;
        }
        Use f = use(s, s.fresh, net, c);
        if (f == null || s.reported.contains(net)) return s;
        Use latest = null;
        String latestNet = null;
        for (var e : s.learned.entrySet()) {
            if (latest == null || e.getValue().lastNanos > latest.lastNanos) {
                latest = e.getValue();
                latestNet = e.getKey();
            }
        }
        if (latest != null && c.tsNanos() - latest.lastNanos <= config.overlapNanos()) {
            report(host, s, net, f, latestNet, latest, c.tsNanos() - latest.lastNanos, ctx);
        }
        return s;
    }

    /** Records the connection as the network's last use; null when the machine's networks are full. */
    private static Use use(State s, LinkedHashMap<String, Use> map, String net, ConnectionCreation c) {
        Use u = map.get(net);
        if (u == null) {
            if (map.size() >= MAX_NETWORKS) return null;
            u = new Use();
            u.firstNanos = c.tsNanos();
            u.connectionsBefore = s.connections - 1;
            map.put(net, u);
        }
        if (c.tsNanos() >= u.lastNanos) {
            u.lastNanos = c.tsNanos();
            u.address = c.id().origH();
            u.uid = c.uid();
            u.communityId = c.communityId();
            u.image = c.process().image();
            u.port = c.id().respP();
            u.dst = c.id().respH();
        }
        return u;
    }

    private void report(String host, State s, String net, Use f, String learnedNet, Use learned, long gapNanos,
            DetectorContext ctx) {
        s.reported.add(net);
        if (s.reported.size() > MAX_NETWORKS) {
            Iterator<String> it = s.reported.iterator();
            it.next();
            it.remove();
        }
        var b = Alert.builder(ID)
                .technique("T1011")
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(Severity.MEDIUM)
                .confidence(0.5)
                .time(Math.min(f.lastNanos, learned.lastNanos), Math.max(f.lastNanos, learned.lastNanos))
                .srcHost(f.address)
                .dstHost(f.dst)
                .dstPort(f.port)
                .evidence(f.uid, f.communityId)
                .evidence(learned.uid, learned.communityId)
                .incident(host + " other medium " + net);
        if (f.image != null) b.process(f.image);
        b.explanation(String.format(Locale.ROOT,
                "%s opened a connection from %s, on network %s that none of its %s over %s before had used, to %s:%d%s;"
                        + " %s apart, it also connected from its usual network %s (%s): two links in use at once, a"
                        + " second medium such as a hotspot, a tethered phone or a cellular modem",
                host, f.address, net, Explanations.count(f.connectionsBefore, "connection", "connections"),
                Explanations.duration(f.firstNanos - s.firstNanos), f.dst, f.port,
                f.image == null ? "" : " (" + f.image + ")", Explanations.seconds(gapNanos / 1e9), learnedNet,
                learned.address));
        ctx.alert(b.build());
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
