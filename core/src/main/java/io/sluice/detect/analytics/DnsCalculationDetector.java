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
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds DNS calculation: a host connects to a port, or an address, computed from an address it had
 * just resolved, instead of to what the answer said, so the real channel never appears in DNS.
 *
 * <p>ATT&CK: T1568.003 Dynamic Resolution: DNS Calculation (APT12's variants multiply the first two
 * octets of the resolved IPv4 address and add the third to get the C2 port; others XOR the answer
 * with a key or read it backwards to get the real address). DS0029: Network Traffic Content (the
 * DNS answers) with Network Connection Creation (the connection they lead to).
 *
 * <p>Evidence, per client: its IPv4 answers of the last {@code window} (10 min; at most 256 kept),
 * then each connection it opens to one of those addresses or to one derived from them. It alerts
 * when (a) the connection goes to a just-resolved address on a port above 1023 that equals one of
 * the port formulas of that address's octets o1.o2.o3.o4: o1*o2+o3 (APT12), o1*o2, o3*o4,
 * o1*256+o2, o2*256+o3, o3*256+o4, o4*256+o3, o1+o2+o3+o4 times 10 — any one of eight values among
 * 64,512 ports, so a chance match needs about 8,000 such connections; or (b) the connection goes to
 * an address that was never resolved but is a resolved one written backwards or XORed octet by octet
 * with one key byte (a chance match needs 2^24 unrelated addresses per answer). MEDIUM, HIGH when the
 * derived port or address is reached more than once ({@code high_count}, 2).
 *
 * <p>Known false positives: a service that happens to listen on such a port (rare above 1023; known
 * service ports in {@code ignore_ports}); reverse-octet addresses of PTR-style names. Only IPv4 is
 * computed on; flows whose DNS was not seen (DoH, a resolver out of sight) are invisible.
 */
public final class DnsCalculationDetector implements Detector<String, DnsCalculationDetector.State> {

    public static final String ID = "dns.calculation";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, DnsTransaction.class);
    private static final int MAX_ANSWERS = 256;

    /**
     * @param windowNanos how long an answer stays usable for a calculation
     * @param highCount   derived connections that make it HIGH
     * @param ignorePorts ports never taken as computed (common services above 1023)
     */
    public record Config(long windowNanos, int highCount, List<Integer> ignorePorts) {
        public static final Config DEFAULTS = new Config(600_000_000_000L, 2,
                List.of(1433, 1521, 3306, 3389, 5060, 5222, 5432, 5900, 8080, 8443, 8000, 8888, 9000, 9090, 9200));

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignorePorts = List.copyOf(ignorePorts);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        var ports = new ArrayList<Integer>();
        for (String p : s.listValue("ignore_ports", d.ignorePorts().stream().map(String::valueOf).toList())) {
            ports.add(Integer.parseInt(p.strip()));
        }
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("high_count", d.highCount()), ports);
    }

    /** A resolved IPv4 address: when, for which name, from which transaction. */
    public record Answer(long tsNanos, int address, String name, String uid) {}

    /**
     * Per client: its recent answers (oldest first) and how many derived connections each incident
     * had while answers were held.
     */
    public record State(List<Answer> answers, List<String> incidents, List<Integer> counts) {}

    private final Config config;

    public DnsCalculationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1568.003"), Technique.of("T1568"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case DnsTransaction t -> t.answers() != null && !t.answers().isEmpty() && t.rcode() != null && t.rcode() == 0
                    ? t.id().origH() : null;
            case ConnectionCreation c -> c.id().respH().indexOf('.') > 0 && c.id().respP() > 0 ? c.id().origH() : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        if (state == null && event instanceof ConnectionCreation) return null; // nothing resolved: most connections
        if (state == null) state = new State(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long now = event.tsNanos();
        var answers = state.answers();
        while (!answers.isEmpty() && now - answers.get(0).tsNanos() > config.windowNanos()) answers.remove(0);
        switch (event) {
            case DnsTransaction t -> {
                for (String a : t.answers()) {
                    int v4 = v4(a);
                    if (v4 == 0) continue;
                    if (answers.size() >= MAX_ANSWERS) answers.remove(0);
                    answers.add(new Answer(t.tsNanos(), v4, t.query(), t.uid()));
                }
            }
            case ConnectionCreation c -> connection(client, state, c, ctx);
            default -> {}
        }
        // with no answer left nothing can be derived: forget the client (repeat counts start over)
        return answers.isEmpty() ? null : state;
    }

    private void connection(String client, State state, ConnectionCreation c, DetectorContext ctx) {
        int dst = v4(c.id().respH());
        if (dst == 0) return;
        int port = c.id().respP();
        String how = null;
        Answer from = null;
        for (int i = state.answers().size() - 1; i >= 0 && how == null; i--) {
            Answer a = state.answers().get(i);
            if (a.address() == dst) {
                if (port > 1023 && !config.ignorePorts().contains(port)) {
                    String formula = portFormula(a.address(), port);
                    if (formula != null) how = "port " + port + " = " + formula + " of the answer's octets";
                }
            } else {
                String derived = derivedAddress(a.address(), dst);
                if (derived != null) how = "the address is the answer " + dotted(a.address()) + " " + derived;
            }
            if (how != null) from = a;
        }
        if (how == null) return;
        String incident = client + "|" + from.name() + "|" + c.id().respH() + "|" + port;
        int k = state.incidents().indexOf(incident);
        int count;
        if (k < 0) {
            if (state.incidents().size() >= 64) {
                state.incidents().remove(0);
                state.counts().remove(0);
            }
            state.incidents().add(incident);
            state.counts().add(1);
            count = 1;
        } else {
            count = state.counts().get(k) + 1;
            state.counts().set(k, count);
        }
        boolean high = count >= config.highCount();
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .technique("T1568.003")
                .technique("T1568")
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.7 : 0.5)
                .time(from.tsNanos(), c.tsNanos())
                .srcHost(client)
                .dstHost(c.id().respH())
                .dstPort(port)
                .domain(from.name())
                .evidence(from.uid(), null)
                .evidence(c.uid(), c.communityId())
                .incident(incident)
                .explanation(String.format(Locale.ROOT,
                        "%s connected to %s:%d %s after resolving %s to %s: %s (%s)",
                        client, c.id().respH(), port, Explanations.duration(c.tsNanos() - from.tsNanos()), from.name(),
                        dotted(from.address()), how, Explanations.count(count, "connection", "connections")))
                .build());
    }

    /** The formula of the octets that gives {@code port}, or null. */
    static String portFormula(int address, int port) {
        int o1 = address >>> 24, o2 = (address >>> 16) & 0xff, o3 = (address >>> 8) & 0xff, o4 = address & 0xff;
        if (o1 * o2 + o3 == port) return "o1*o2+o3 (" + o1 + "*" + o2 + "+" + o3 + ")";
        if (o1 * o2 == port) return "o1*o2 (" + o1 + "*" + o2 + ")";
        if (o3 * o4 == port) return "o3*o4 (" + o3 + "*" + o4 + ")";
        if (o1 * 256 + o2 == port) return "o1*256+o2";
        if (o2 * 256 + o3 == port) return "o2*256+o3";
        if (o3 * 256 + o4 == port) return "o3*256+o4";
        if (o4 * 256 + o3 == port) return "o4*256+o3";
        if ((o1 + o2 + o3 + o4) * 10 == port) return "(o1+o2+o3+o4)*10";
        return null;
    }

    /** How {@code dst} derives from {@code answer}: "written backwards", "XORed with 0x5a"; null when it does not. */
    static String derivedAddress(int answer, int dst) {
        if (Integer.reverseBytes(answer) == dst) return "written backwards";
        int x = answer ^ dst;
        int k = x & 0xff;
        if (k != 0 && x == (k | k << 8 | k << 16 | k << 24)) return String.format(Locale.ROOT, "XORed with 0x%02x", k);
        return null;
    }

    /** A dotted IPv4 address as an int; 0 for anything else (0.0.0.0 is never a real answer). */
    static int v4(String s) {
        if (s == null || s.isEmpty() || s.length() > 15) return 0;
        int value = 0, octet = -1, dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '.') {
                if (octet < 0 || ++dots > 3) return 0;
                value = value << 8 | octet;
                octet = -1;
            } else if (ch >= '0' && ch <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (ch - '0');
                if (octet > 255) return 0;
            } else {
                return 0;
            }
        }
        if (dots != 3 || octet < 0) return 0;
        return value << 8 | octet;
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
