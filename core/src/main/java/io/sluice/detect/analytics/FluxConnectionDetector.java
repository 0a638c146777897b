package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a connection opened to an address the client had just got from a fast-flux answer: one
 * DNS answer listing many addresses spread over many unrelated networks with short TTLs, and the
 * client then connecting to one of them. dns.fastflux judges names over hours of answers; this is
 * the moment a host actually uses such a name, at connection creation.
 *
 * <p>ATT&CK: T1568.001 Fast Flux DNS and its parent T1568 Dynamic Resolution. DS0029: Network
 * Connection Creation (the connection, matched to the answer that gave its address; DNS content is
 * what makes the match possible).
 *
 * <p>Evidence, per client: answers of the last {@code window} (10 min) with at least
 * {@code min_addresses} (5) IPv4/IPv6 addresses in at least {@code min_networks} (4) distinct /16
 * (IPv4) or /32 (IPv6) networks, every TTL at most {@code max_ttl} (300 s); then an answered
 * connection to one of those addresses. MEDIUM; HIGH when the answer spread over
 * {@code high_min_networks} (8) networks. The single-answer shape follows Holz et al., "Measuring and
 * Detecting Fast-Flux Service Networks" (NDSS 2008): flux answers carry many A records from many
 * autonomous systems with low TTLs, where CDN answers carry few, from one network.
 *
 * <p>A /16 stands in for the autonomous system, which a cloud provider's load balancer defeats: an
 * AWS load balancer answers with up to 8 addresses from as many of AWS's /16s, TTL 60 s. So the
 * addresses must also spread over {@code min_wide_networks} (3) distinct /8s (IPv4; /16 for IPv6),
 * as the home connections a flux network is made of do and one provider's blocks seldom do, and
 * scatter: at least {@code min_wide_share} (0.6) as many /8s as addresses. A provider's pool
 * answering straight with its own addresses fills a few /8s many times over (app.slack.com in the
 * corpus's fingerprints/ja4/latest.pcapng: 15 AWS addresses in 15 /16s but 4 /8s, TTL 60 s, which
 * was a HIGH alert before this rule), where flux agents are scattered over the whole space. An
 * answer whose CNAME chain passes through a provider's load-balancer or CDN name ({@code cdn_names}:
 * elb.amazonaws.com, cloudfront.net, azureedge.net, akamaiedge.net, ...) is not flux: the provider
 * chose those addresses, not the owner of the name.
 *
 * <p>Known false positives: round-robin pools (pool.ntp.org is ignored by default through
 * {@code ignore_domains}); multi-CDN names that answer from several providers at once.
 */
public final class FluxConnectionDetector implements Detector<String, FluxConnectionDetector.State> {

    public static final String ID = "dns.flux_connection";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, DnsTransaction.class);
    private static final int MAX_ANSWERS = 64;

    public record Config(long windowNanos, int minAddresses, int minNetworks, long maxTtlSeconds, int highMinNetworks,
            int minWideNetworks, double minWideShare, List<String> ignoreDomains, List<String> cdnNames) {
        public static final Config DEFAULTS = new Config(600_000_000_000L, 5, 4, 300, 8, 3, 0.6, List.of("pool.ntp.org"),
                List.of("elb.amazonaws.com", "cloudfront.net", "awsglobalaccelerator.com", "azureedge.net", "azurefd.net",
                        "trafficmanager.net", "cloudapp.azure.com", "cloudapp.net", "akamaiedge.net", "akamai.net",
                        "edgekey.net", "edgesuite.net", "fastly.net", "fastlylb.net", "googlehosted.com",
                        "googleusercontent.com", "cdn.cloudflare.net", "herokudns.com", "vercel-dns.com"));

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (!(minWideShare >= 0 && minWideShare <= 1)) {
                throw new IllegalArgumentException("detectors." + ID + ".min_wide_share must be between 0 and 1");
            }
            ignoreDomains = List.copyOf(ignoreDomains);
            cdnNames = List.copyOf(cdnNames);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_addresses", d.minAddresses()),
                s.intValue("min_networks", d.minNetworks()), s.longValue("max_ttl", d.maxTtlSeconds()),
                s.intValue("high_min_networks", d.highMinNetworks()), s.intValue("min_wide_networks", d.minWideNetworks()),
                s.doubleValue("min_wide_share", d.minWideShare()),
                s.listValue("ignore_domains", d.ignoreDomains()), s.listValue("cdn_names", d.cdnNames()));
    }

    /** A flux-shaped answer: its time, name, addresses, how many networks and the longest TTL. */
    public record FluxAnswer(long tsNanos, String name, List<String> addresses, int networks, long maxTtl, String uid) {}

    public record State(List<FluxAnswer> answers) {}

    private final Config config;

    public FluxConnectionDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1568.001"), Technique.of("T1568"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case DnsTransaction t -> t.answers() != null && t.answers().size() >= config.minAddresses()
                    && t.query() != null && !ignored(t.query()) ? t.id().origH() : null;
            case ConnectionCreation c -> answered(c.outcome()) ? c.id().origH() : null;
            default -> null;
        };
    }

    private static boolean answered(ConnectionCreation.Outcome o) {
        return o == ConnectionCreation.Outcome.ESTABLISHED || o == ConnectionCreation.Outcome.ANSWERED
                || o == ConnectionCreation.Outcome.MIDSTREAM || o == ConnectionCreation.Outcome.UNKNOWN;
    }

    private boolean ignored(String name) {
        return under(name, config.ignoreDomains());
    }

    private static boolean under(String name, List<String> domains) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String d : domains) if (n.equals(d) || n.endsWith("." + d)) return true;
        return false;
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        if (state == null && event instanceof ConnectionCreation) return null; // no flux answer pending: most connections
        long now = event.tsNanos();
        var answers = state == null ? new ArrayList<FluxAnswer>() : state.answers();
        while (!answers.isEmpty() && now - answers.get(0).tsNanos() > config.windowNanos()) answers.remove(0);
        switch (event) {
            case DnsTransaction t -> {
                var addresses = new ArrayList<String>();
                var networks = new HashSet<String>();
                var wide = new HashSet<String>();
                long maxTtl = 0;
                boolean provider = false;
                for (int i = 0; i < t.answers().size(); i++) {
                    String a = t.answers().get(i);
                    if (!DnsLookups.isAddressLiteral(a)) {
                        provider |= under(a, config.cdnNames()); // a CNAME (or other name) in the answer
                        continue;
                    }
                    addresses.add(a);
                    networks.add(network(a));
                    wide.add(wideNetwork(a));
                    if (t.ttls() != null && i < t.ttls().size()) maxTtl = Math.max(maxTtl, t.ttls().get(i));
                }
                if (!provider && addresses.size() >= config.minAddresses() && networks.size() >= config.minNetworks()
                        && wide.size() >= config.minWideNetworks() && wide.size() >= config.minWideShare() * addresses.size()
                        && maxTtl <= config.maxTtlSeconds()) {
                    if (answers.size() >= MAX_ANSWERS) answers.remove(0);
                    answers.add(new FluxAnswer(t.tsNanos(), t.query(), List.copyOf(addresses), networks.size(), maxTtl,
                            t.uid()));
                }
            }
            case ConnectionCreation c -> {
                for (int i = answers.size() - 1; i >= 0; i--) {
                    var a = answers.get(i);
                    if (!a.addresses().contains(c.id().respH())) continue;
                    boolean high = a.networks() >= config.highMinNetworks();
                    ctx.alert(Alert.builder(ID)
                            .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                            .technique("T1568.001")
                            .technique("T1568")
                            .severity(high ? Severity.HIGH : Severity.MEDIUM)
                            .confidence(high ? 0.7 : 0.5)
                            .time(a.tsNanos(), c.tsNanos())
                            .srcHost(client)
                            .dstHost(c.id().respH())
                            .dstPort(c.id().respP())
                            .domain(a.name())
                            .process(c.process() == null ? null : c.process().image())
                            .evidence(a.uid(), null)
                            .evidence(c.uid(), c.communityId())
                            .incident(client + "|" + a.name())
                            .explanation(String.format(Locale.ROOT,
                                    "%s connected to %s:%d (%s) %s after %s resolved to %s in %s, TTL at most %d s:"
                                            + " a fast-flux answer",
                                    client, c.id().respH(), c.id().respP(), c.proto(),
                                    Explanations.duration(c.tsNanos() - a.tsNanos()), a.name(),
                                    Explanations.count(a.addresses().size(), "address", "addresses"),
                                    Explanations.count(a.networks(), "network", "networks"), a.maxTtl()))
                            .build());
                    break;
                }
            }
            default -> {}
        }
        return answers.isEmpty() ? null : new State(answers);
    }

    /** The /16 of an IPv4 address, the /32 of an IPv6 one: a stand-in for the autonomous system. */
    static String network(String address) {
        if (address.indexOf(':') < 0) {
            int second = address.indexOf('.', address.indexOf('.') + 1);
            return second < 0 ? address : address.substring(0, second);
        }
        byte[] b = io.sluice.packet.IpAddress.parse(address);
        if (b == null || b.length < 4) return address;
        return String.format(Locale.ROOT, "%02x%02x:%02x%02x", b[0], b[1], b[2], b[3]);
    }

    /** The /8 of an IPv4 address, the /16 of an IPv6 one. */
    static String wideNetwork(String address) {
        if (address.indexOf(':') < 0) {
            int first = address.indexOf('.');
            return first < 0 ? address : address.substring(0, first);
        }
        byte[] b = io.sluice.packet.IpAddress.parse(address);
        if (b == null || b.length < 2) return address;
        return String.format(Locale.ROOT, "%02x%02x", b[0], b[1]);
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
