package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds fast-flux names: one name whose A/AAAA answers keep changing among many addresses in many
 * unrelated networks, with short TTLs, so that the servers behind it can be swapped faster than
 * they can be blocked.
 *
 * <p>ATT&CK: T1568.001 (and its parent T1568). DS0029: Network Traffic Content (DNS answers) and
 * Network Traffic Flow (ATT&CK v18 lists "multiple IP addresses assigned to the same domain in rapid
 * sequence" among that component's log sources).
 *
 * <p>Evidence, per query name over a tumbling window ({@code window}, 6 h), from every client's
 * answers: distinct addresses, distinct /24 (IPv4) or /48 (IPv6) networks, distinct /16 networks
 * (a stand-in for autonomous systems, which Sluice does not map), the longest TTL, and churn (answers
 * that brought addresses not seen before). It alerts MEDIUM when a name reaches {@code min_addresses}
 * (10) addresses in {@code min_networks} (5) networks, every TTL is at most {@code max_ttl} (300 s)
 * and at least {@code min_churn} (2) later answers brought new addresses; HIGH when the addresses
 * also spread over {@code high_min_wide_networks} (10) /16s. After Holz et al., "Measuring and
 * Detecting Fast-Flux Service Networks" (NDSS 2008), whose flux score weighs the number of
 * addresses and of ASNs across repeated lookups; Sluice has no ASN data, so networks stand in.
 *
 * <p>Known false positives: CDNs and round-robin pools also answer with many addresses and short
 * TTLs (the NTP pool most of all, ignored by default through {@code ignore_domains}); CDNs usually
 * stay within few /16s, which is why HIGH needs many of them.
 */
public final class FastFluxDetector implements Detector<String, FastFluxDetector.State> {

    public static final String ID = "dns.fastflux";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1568.001"), Technique.of("T1568"));
    private static final int MAX_ADDRESSES = 512;

    public record Config(long windowNanos, int minAddresses, int minNetworks, long maxTtlSeconds, int minChurn,
            int highMinWideNetworks, List<String> ignoreDomains) {
        public Config {
            ignoreDomains = List.copyOf(ignoreDomains);
        }

        public static Config defaults() {
            return new Config(6 * 3_600_000_000_000L, 10, 5, 300, 2, 10, List.of("pool.ntp.org"));
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_addresses", d.minAddresses()),
                s.intValue("min_networks", d.minNetworks()), s.longValue("max_ttl", d.maxTtlSeconds()),
                s.intValue("min_churn", d.minChurn()), s.intValue("high_min_wide_networks", d.highMinWideNetworks()),
                s.listValue("ignore_domains", d.ignoreDomains()));
    }

    /** One window of answers for one name. */
    public record State(long windowStart, long first, long last, Set<String> addresses, Set<String> networks,
            Set<String> wideNetworks, int answers, int churn, long maxTtl, Set<String> clients, List<String> evidence,
            long evidenceCount, int alerted) {}

    private final Config config;

    public FastFluxDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DnsTransaction t) || !DnsLookups.isDnsLookup(t) || t.answers() == null
                || t.rcode() == null || t.rcode() != 0) {
            return null;
        }
        String q = t.query();
        if (DnsLookups.isReverse(q) || DnsLookups.isLocalName(q) || ignored(q)) return null;
        for (String a : t.answers()) if (DnsLookups.isAddressLiteral(a)) return q;
        return null;
    }

    private boolean ignored(String name) {
        for (String d : config.ignoreDomains()) if (name.equals(d) || name.endsWith("." + d)) return true;
        return false;
    }

    @Override
    public State onEvent(String name, State state, Event event, DetectorContext ctx) {
        var t = (DnsTransaction) event;
        long ts = t.tsNanos();
        if (state == null) {
            state = new State(ts, ts, ts, new HashSet<>(), new HashSet<>(), new HashSet<>(), 0, 0, 0, new HashSet<>(),
                    new ArrayList<>(), 0, -1);
            ctx.timer(ts + config.windowNanos());
        }
        boolean fresh = false;
        long maxTtl = state.maxTtl();
        var answers = t.answers();
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            if (!DnsLookups.isAddressLiteral(a)) continue;
            if (t.ttls() != null && i < t.ttls().size()) maxTtl = Math.max(maxTtl, t.ttls().get(i));
            if (state.addresses().size() < MAX_ADDRESSES && state.addresses().add(a)) {
                fresh = true;
                state.networks().add(network(a, 3, 3));
                state.wideNetworks().add(network(a, 2, 2));
            }
        }
        if (state.clients().size() < 20) state.clients().add(t.id().origH());
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(t.uid());
        int churn = state.churn() + (fresh && state.answers() > 0 ? 1 : 0);
        var next = new State(state.windowStart(), Math.min(state.first(), ts), Math.max(state.last(), ts),
                state.addresses(), state.networks(), state.wideNetworks(), state.answers() + 1, churn, maxTtl,
                state.clients(), state.evidence(), state.evidenceCount() + 1, state.alerted());
        return evaluate(name, next, ctx);
    }

    @Override
    public State onTimer(String name, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        // The window is over: restate an alerted incident with its final numbers (merged into the first alert).
        if (state.alerted() >= 0) evaluate(name, state, ctx, true);
        return null;
    }

    private State evaluate(String name, State s, DetectorContext ctx) {
        return evaluate(name, s, ctx, false);
    }

    private State evaluate(String name, State s, DetectorContext ctx, boolean restate) {
        int addresses = s.addresses().size(), networks = s.networks().size(), wide = s.wideNetworks().size();
        if (addresses < config.minAddresses() || networks < config.minNetworks() || s.maxTtl() > config.maxTtlSeconds()
                || s.churn() < config.minChurn()) {
            return s;
        }
        var severity = wide >= config.highMinWideNetworks() ? Severity.HIGH : Severity.MEDIUM;
        if (!restate && severity.ordinal() <= s.alerted()) return s;
        var alert = Alert.builder(ID)
                .technique("T1568.001")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(Math.min(0.9, 0.4 + 0.02 * addresses + 0.03 * wide))
                .time(s.first(), s.last())
                .domain(name)
                .explanation(String.format(Locale.ROOT,
                        "%s resolved to %d addresses in %d /24 networks and %d /16 networks over %s: %d answers, %d of"
                                + " them bringing new addresses, TTLs at most %d s; asked by %d client%s",
                        name, addresses, networks, wide, DnsTunnelDetector.span(s.last() - s.first()), s.answers(),
                        s.churn(), s.maxTtl(), s.clients().size(), s.clients().size() == 1 ? "" : "s"))
                .incident(name + "|" + s.windowStart());
        int hosts = 0;
        for (String a : s.addresses()) {
            if (hosts++ >= Alert.MAX_ENTITIES) break;
            alert.dstHost(a);
        }
        for (String c : s.clients()) {
            alert.srcHost(c);
            break;
        }
        if (!restate) { // a restatement adds numbers, not evidence: the first alert already holds it
            for (String uid : s.evidence()) alert.evidence(uid, null);
            alert.evidenceCount(s.evidenceCount());
        }
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.first(), s.last(), s.addresses(), s.networks(), s.wideNetworks(), s.answers(),
                s.churn(), s.maxTtl(), s.clients(), s.evidence(), s.evidenceCount(), severity.ordinal());
    }

    /** The first {@code v4Octets} octets of an IPv4 address, or the first {@code v6Groups} groups of an IPv6 one. */
    static String network(String address, int v4Octets, int v6Groups) {
        if (address.indexOf(':') >= 0) {
            int end = -1;
            for (int i = 0; i < v6Groups; i++) {
                end = address.indexOf(':', end + 1);
                if (end < 0) return address;
            }
            return address.substring(0, end);
        }
        int end = -1;
        for (int i = 0; i < v4Octets; i++) {
            end = address.indexOf('.', end + 1);
            if (end < 0) return address;
        }
        return address.substring(0, end);
    }
}
