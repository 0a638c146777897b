package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.ntp.NtpMessage;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds reflection amplification: one victim address receiving, from many reflectors, UDP
 * responses of services known to amplify (DNS, NTP, SNMP, CLDAP, SSDP, memcached, chargen, ...)
 * that are far larger than any requests it sent them, because the requests were spoofed with the
 * victim's address by someone else.
 *
 * <p>The other half of the attack, where the sensor sees the spoofed requests leave: one address
 * sending the requests that amplify most, NTP monlist (mode 7 MON_GETLIST / MON_GETLIST_1) and DNS
 * ANY, to {@code min_reflectors} servers within the window. Either the address is the victim,
 * spoofed by a host behind this sensor, or the host itself is hunting for reflectors.
 *
 * <p>ATT&CK: T1498.002 Network Denial of Service: Reflection Amplification (and its parent
 * T1498, whose DS0029 guidance is the same). DS0029: Network Traffic Flow (one flow per reflector
 * and victim port; its bytes in each direction) and Network Traffic Content (ntp.log's mode 7
 * request codes, dns.log's query types).
 *
 * <p>Evidence: per victim, within a window, the distinct reflectors whose service port sent to it,
 * the bytes they sent, the bytes the victim sent them (zero when the requests were spoofed and
 * never crossed this sensor), and the services involved.
 *
 * <p>Thresholds: the service ports are those of US-CERT alert TA14-017A "UDP-Based Amplification
 * Attacks" and its later additions (CLDAP, memcached, WS-Discovery, ARMS, CoAP): 17, 19, 53, 111,
 * 123, 137, 161, 389, 1900, 3283, 3702, 5683, 11211. {@code min_reflectors} = 20 reflectors and
 * {@code min_bytes} = 1 MB of responses within {@code window} = 60 s, with responses at least
 * {@code min_amplification} = 10 times the requests seen when at least half the flows are answers
 * to requests this sensor never saw (spoofed elsewhere), 5 x 10 = 50 times when the requests
 * were seen (a validating resolver's DNSSEC answers reach ten times its questions): that alert lists bandwidth
 * amplification factors of 28 to 54 for DNS, 556 for NTP monlist, 6 for SNMPv2 GetBulk and 30 for
 * SSDP, while ordinary DNS and NTP answers are one to four times their questions. The numbers of
 * reflectors and bytes are judgement: a real attack uses thousands of reflectors and gigabits; 20
 * and 1 MB keep small lab floods visible while a client's ordinary lookups to a handful of
 * resolvers stay far below. Severity HIGH from 100 reflectors or 100 MB, MEDIUM otherwise.
 *
 * <p>Known false positives: a recursive resolver whose clients are counted as victims only when the
 * resolver itself sends the large answers to many of them (the resolver is the "reflector": every
 * client would need to receive 1 MB in a minute); SSDP discovery in a large network (unicast answers
 * to a multicast search look unsolicited, but are small); a network monitoring station polling many
 * devices with SNMP GetBulk (its requests are seen, so the ratio is about 6, below 10).
 */
public final class AmplificationDetector implements Detector<String, AmplificationDetector.State> {

    public static final String ID = "dos.amplification";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(NtpMessage.class, DnsTransaction.class,
            FlowRecord.class);

    /**
     * @param minReflectors distinct reflectors in the window that make an attack
     * @param minBytes response bytes (IP) to the victim in the window
     * @param minAmplification responses / requests, both in IP bytes; requests never seen count as infinite
     * @param windowNanos the window responses are summed in
     * @param holdNanos how long a detected attack's state is kept after its last response
     * @param ports the UDP service ports that amplify
     * @param maxReflectors reflectors remembered per victim; beyond, only counted
     */
    public record Config(int minReflectors, long minBytes, double minAmplification, long windowNanos, long holdNanos,
            Set<Integer> ports, int maxReflectors) {
        public static final Config DEFAULTS = new Config(20, 1_000_000L, 10.0, 60_000_000_000L, 600_000_000_000L,
                Set.of(17, 19, 53, 111, 123, 137, 161, 389, 1900, 3283, 3702, 5683, 11211), 20_000);

        public Config {
            if (minReflectors < 2) throw new IllegalArgumentException(ID + ".min_reflectors must be at least 2");
            if (minBytes < 0) throw new IllegalArgumentException(ID + ".min_bytes must not be negative");
            if (!(minAmplification >= 1)) throw new IllegalArgumentException(ID + ".min_amplification must be at least 1");
            if (windowNanos <= 0 || holdNanos <= 0) throw new IllegalArgumentException(ID + ": window and hold must be positive");
            if (ports.isEmpty()) throw new IllegalArgumentException(ID + ".ports must name at least one port");
            if (maxReflectors < minReflectors) throw new IllegalArgumentException(ID + ".max_reflectors must be at least min_reflectors");
            ports = Set.copyOf(ports);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        var ports = new TreeSet<Integer>();
        for (String p : s.listValue("ports", d.ports().stream().sorted().map(String::valueOf).toList())) {
            try {
                ports.add(Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ID + ".ports: '" + p + "' is not a port number");
            }
        }
        return new Config(s.intValue("min_reflectors", d.minReflectors()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("min_amplification", d.minAmplification()), s.durationNanos("window", d.windowNanos()),
                s.durationNanos("hold", d.holdNanos()), ports, s.intValue("max_reflectors", d.maxReflectors()));
    }

    /** Per victim: the window's responses, or the attack's once detected. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Set<String> reflectors = new LinkedHashSet<>();
        long untrackedReflectors;
        final Set<Integer> services = new TreeSet<>();
        long responseBytes;
        long requestBytes;
        long flows;
        long unsolicitedFlows;
        boolean alerted;
        long reportedFlows;
        final EvidenceLog evidence = new EvidenceLog();
        /** Amplifying requests sent from the victim's address: the window, the servers, the kinds. */
        long requestWindowStart = Long.MIN_VALUE;
        long requestFirst, requestLast, requests;
        final Set<String> requestTargets = new LinkedHashSet<>();
        final Set<String> requestKinds = new TreeSet<>();
        boolean requestAlerted;
        long reportedRequests;
        final EvidenceLog requestEvidence = new EvidenceLog();

        void startOver(long ts) {
            windowStart = ts;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            reflectors.clear();
            untrackedReflectors = 0;
            services.clear();
            responseBytes = 0;
            requestBytes = 0;
            flows = 0;
            unsolicitedFlows = 0;
            evidence.clear();
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1498.002"), Technique.of("T1498"));

    private final Config config;

    public AmplificationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return TECHNIQUES;
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (amplifyingRequest(event) != null) return event instanceof NtpMessage n ? n.id().origH() : ((DnsTransaction) event).id().origH();
        if (!(event instanceof FlowRecord f) || !f.proto().equals("udp")) return null;
        return switch (reflectorSide(f)) {
            case RESP -> AddressClasses.isGroup(f.id().origH()) ? null : f.id().origH();
            case ORIG -> AddressClasses.isGroup(f.id().respH()) ? null : f.id().respH();
            case NONE -> null;
        };
    }

    /** "NTP monlist" or "DNS ANY" for a request that amplifies most, else null. */
    private static String amplifyingRequest(Event event) {
        if (event instanceof NtpMessage n && n.mode() == 7 && !Boolean.TRUE.equals(n.ctlResponse()) && n.ctlOp() != null
                && (n.ctlOp() == 20 || n.ctlOp() == 42) && !AddressClasses.isGroup(n.id().respH())) {
            return "NTP monlist";
        }
        if (event instanceof DnsTransaction d && d.proto().equals("udp") && d.qtype() != null && d.qtype() == 255
                && !AddressClasses.isGroup(d.id().respH())) {
            return "DNS ANY";
        }
        return null;
    }

    private enum Side { ORIG, RESP, NONE }

    /** The side on an amplifying service port that sent something; the responder's port wins a tie. */
    private Side reflectorSide(FlowRecord f) {
        if (config.ports().contains(f.id().respP()) && f.respPkts() > 0) return Side.RESP;
        if (config.ports().contains(f.id().origP()) && !config.ports().contains(f.id().respP()) && f.origPkts() > 0)
            return Side.ORIG;
        return Side.NONE;
    }

    @Override
    public State onEvent(String victim, State state, Event event, DetectorContext ctx) {
        String kind = amplifyingRequest(event);
        if (kind != null) {
            if (state == null) {
                state = new State();
                state.startOver(event.tsNanos());
            }
            return onRequest(victim, state, event, kind, ctx);
        }
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        if (state == null) {
            state = new State();
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        } else if (!state.alerted && (state.flows == 0 || ts >= state.windowStart + config.windowNanos())) {
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        }
        boolean respIsReflector = reflectorSide(f) == Side.RESP;
        String reflector = respIsReflector ? f.id().respH() : f.id().origH();
        long response = respIsReflector ? f.respIpBytes() : f.origIpBytes();
        long request = respIsReflector ? f.origIpBytes() : f.respIpBytes();
        state.responseBytes += response;
        state.requestBytes += request;
        state.flows++;
        if (request == 0) state.unsolicitedFlows++;
        state.services.add(respIsReflector ? f.id().respP() : f.id().origP());
        if (state.reflectors.size() < config.maxReflectors()) state.reflectors.add(reflector);
        else if (!state.reflectors.contains(reflector)) state.untrackedReflectors++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.evidence.add(f.uid(), f.communityId());
        if (!state.alerted && isAttack(state)) {
            state.alerted = true;
            report(victim, state, ctx);
            ctx.timer(ts + config.windowNanos());
        }
        return state;
    }

    private State onRequest(String victim, State s, Event event, String kind, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (!s.requestAlerted && (s.requestWindowStart == Long.MIN_VALUE || ts >= s.requestWindowStart + config.windowNanos())) {
            s.requestWindowStart = ts;
            s.requestFirst = ts;
            s.requestLast = ts;
            s.requests = 0;
            s.requestTargets.clear();
            s.requestKinds.clear();
            s.requestEvidence.clear();
            ctx.timer(ts + config.windowNanos());
        }
        String server;
        if (event instanceof NtpMessage n) {
            server = n.id().respH();
            s.requestEvidence.add(n.uid(), null);
        } else {
            var d = (DnsTransaction) event;
            server = d.id().respH();
            s.requestEvidence.add(d.uid(), null);
        }
        s.requests++;
        s.requestKinds.add(kind);
        s.requestFirst = Math.min(s.requestFirst, ts);
        s.requestLast = Math.max(s.requestLast, ts);
        if (s.requestTargets.size() < config.maxReflectors()) s.requestTargets.add(server);
        if (!s.requestAlerted && s.requestTargets.size() >= config.minReflectors()) {
            s.requestAlerted = true;
            reportRequests(victim, s, ctx);
        }
        return s;
    }

    private void reportRequests(String victim, State s, DetectorContext ctx) {
        var why = victim + " sent " + Explanations.count(s.requests) + " " + String.join(" and ", s.requestKinds)
                + " requests to " + Explanations.count(s.requestTargets.size(), "server", "servers") + " in "
                + Explanations.duration(s.requestLast - s.requestFirst)
                + ": requests spoofed with this address to reflect traffic at it, or a search for reflectors";
        var alert = Alert.builder(ID)
                .technique("T1498.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(0.6)
                .time(s.requestFirst, s.requestLast)
                .srcHost(victim)
                .explanation(why)
                .incident(victim + " amplification requests");
        for (String t : s.requestTargets) alert.dstHost(t);
        s.requestEvidence.drainInto(alert);
        s.reportedRequests = s.requests;
        ctx.alert(alert.build());
    }

    private boolean isAttack(State s) {
        long reflectors = s.reflectors.size() + s.untrackedReflectors;
        if (reflectors < config.minReflectors() || s.responseBytes < config.minBytes()) return false;
        // Where the victim is, the requests were sent by someone else: most flows are answers only.
        // Requests seen with them (a resolver's own lookups, DNSSEC answers ten times their
        // questions) must then show an amplification no ordinary service gives.
        if (s.unsolicitedFlows * 2 >= s.flows) return s.responseBytes >= config.minAmplification() * s.requestBytes;
        return s.responseBytes >= 5 * config.minAmplification() * s.requestBytes;
    }

    @Override
    public State onTimer(String victim, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.requestAlerted && state.requests != state.reportedRequests) reportRequests(victim, state, ctx);
        boolean requestsLive = state.requestWindowStart != Long.MIN_VALUE
                && timerNanos < (state.requestAlerted ? state.requestLast + config.holdNanos() : state.requestWindowStart + config.windowNanos());
        if (requestsLive) ctx.timer(Math.min(timerNanos + config.windowNanos(),
                state.requestAlerted ? state.requestLast + config.holdNanos() : state.requestWindowStart + config.windowNanos()));
        if (onFlowTimer(state, timerNanos, victim, ctx) != null) return state;
        if (!requestsLive) return null;
        state.alerted = false; // the flows' window or incident is over; the requests' is not
        state.startOver(timerNanos);
        return state;
    }

    private State onFlowTimer(State state, long timerNanos, String victim, DetectorContext ctx) {
        if (state.flows == 0) return null;
        if (state.alerted) {
            if (state.flows != state.reportedFlows) report(victim, state, ctx);
            if (timerNanos >= state.last + config.holdNanos()) return null;
            ctx.timer(Math.min(state.last + config.holdNanos(), timerNanos + config.windowNanos()));
            return state;
        }
        long windowEnd = state.windowStart + config.windowNanos();
        if (timerNanos >= windowEnd) return null;
        ctx.timer(windowEnd);
        return state;
    }

    private void report(String victim, State s, DetectorContext ctx) {
        long reflectors = s.reflectors.size() + s.untrackedReflectors;
        var why = new StringBuilder();
        why.append(victim).append(" received ").append(bytes(s.responseBytes)).append(" of UDP responses from ")
                .append(Explanations.count(reflectors, "reflector", "reflectors")).append(" on ")
                .append(s.services.size() == 1 ? "port " : "ports ").append(Explanations.list(s.services, 8))
                .append(" (").append(serviceNames(s.services)).append(") in ")
                .append(Explanations.duration(s.last - s.first)).append("; it sent them ").append(bytes(s.requestBytes));
        if (s.requestBytes > 0) {
            why.append(String.format(Locale.ROOT, " (the responses are %.0f times that)", (double) s.responseBytes / s.requestBytes));
        }
        why.append(", and ").append(Explanations.count(s.unsolicitedFlows)).append(" of ")
                .append(Explanations.count(s.flows, "flow", "flows")).append(" had no request at all (spoofed elsewhere)");
        boolean high = reflectors >= 100 || s.responseBytes >= 100_000_000L;
        var alert = Alert.builder(ID)
                .technique("T1498.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.6 + 0.3 * Math.min(1.0, reflectors / (5.0 * config.minReflectors()))))
                .time(s.first, s.last)
                .dstHost(victim)
                .explanation(why.toString())
                .incident(victim + " amplification");
        for (int p : s.services) alert.dstPort(p);
        s.evidence.drainInto(alert);
        s.reportedFlows = s.flows;
        ctx.alert(alert.build());
    }

    private static String bytes(long n) {
        if (n >= 10_000_000L) return String.format(Locale.ROOT, "%,.0f MB", n / 1e6);
        if (n >= 10_000L) return String.format(Locale.ROOT, "%,.0f kB", n / 1e3);
        return Explanations.count(n, "byte", "bytes");
    }

    private static String serviceNames(Set<Integer> ports) {
        var names = new LinkedHashSet<String>();
        for (int p : ports) {
            names.add(switch (p) {
                case 17 -> "QOTD";
                case 19 -> "chargen";
                case 53 -> "DNS";
                case 111 -> "portmap";
                case 123 -> "NTP";
                case 137 -> "NetBIOS";
                case 161 -> "SNMP";
                case 389 -> "CLDAP";
                case 1900 -> "SSDP";
                case 3283 -> "ARMS";
                case 3702 -> "WS-Discovery";
                case 5683 -> "CoAP";
                case 11211 -> "memcached";
                default -> "port " + p;
            });
        }
        return String.join(", ", names);
    }
}
