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
import io.sluice.event.Weird;
import io.sluice.protocol.FlowDissection;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds data rewritten in transit: two DNS responses to one query (same connection, same
 * transaction id and name) that give different addresses, the race an on-path injector wins by
 * answering first; and TCP bytes retransmitted with different content, the trace of a segment
 * injected or rewritten between the endpoints.
 *
 * <p>ATT&CK: T1565.002 Data Manipulation: Transmitted Data Manipulation, with its parent T1565.
 * DS0029: Network Traffic Content (dns.log rows and weird.log's {@code rexmit_inconsistency}).
 *
 * <p>Evidence, per connection: its DNS rows with answers (transaction id, query, address set; up to
 * 32) for {@code window} (60 s, longer than any resolver's retry); the reassembler's
 * {@code rexmit_inconsistency} weirds. Conflicting DNS answers are HIGH (an honest resolver
 * repeats itself; an injector's answer and the real one differ); a TCP inconsistency is MEDIUM, HIGH
 * from {@code high_rexmits} (3) in one connection.
 *
 * <p>Known false positives: DNS load balancers answering a retransmitted query from a different
 * pool (different transaction ids normally keep these apart); captures that merge two taps of the
 * same link out of order, and TCP stacks that rewrite retransmissions (rare: some middleboxes
 * normalising options or payload), for the TCP half.
 */
public final class DataManipulationDetector implements Detector<String, DataManipulationDetector.State> {

    public static final String ID = "traffic.manipulation";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, Weird.class);
    private static final int MAX_ROWS = 32;

    public record Config(long windowNanos, int highRexmits) {
        public static final Config DEFAULTS = new Config(60_000_000_000L, 3);

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (highRexmits < 1) throw new IllegalArgumentException(ID + ".high_rexmits must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("high_rexmits", d.highRexmits()));
    }

    /** A DNS row with addresses: its id, name, addresses (sorted, comma-joined) and uid. */
    public record DnsAnswer(long tsNanos, int transId, String query, String addresses) {}

    /** Per connection: recent DNS rows with addresses, and the TCP inconsistencies seen. */
    public record State(List<DnsAnswer> answers, int rexmits) {}

    private final Config config;

    public DataManipulationDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1565.002"), Technique.of("T1565"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            // mDNS, LLMNR and NBNS answer from many devices by design (and name.poisoning reads them)
            case DnsTransaction t -> t.uid() != null && t.query() != null && t.answers() != null
                    && !t.answers().isEmpty() && (t.nameService() == null || "dns".equals(t.nameService()))
                    ? t.uid() : null;
            case Weird w -> w.uid() != null && FlowDissection.REXMIT_INCONSISTENCY.equals(w.name()) ? w.uid() : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(String uid, State state, Event event, DetectorContext ctx) {
        if (state == null) state = new State(new ArrayList<>(), 0);
        return switch (event) {
            case DnsTransaction t -> dns(uid, state, t, ctx);
            case Weird w -> rexmit(uid, state, w, ctx);
            default -> state;
        };
    }

    private State dns(String uid, State state, DnsTransaction t, DetectorContext ctx) {
        var set = new TreeSet<String>();
        for (String a : t.answers()) if (DnsLookups.isAddressLiteral(a)) set.add(a);
        if (set.isEmpty()) return state;
        String addresses = String.join(",", set);
        var answers = state.answers();
        answers.removeIf(a -> t.tsNanos() - a.tsNanos() > config.windowNanos());
        for (var a : answers) {
            if (a.transId() != t.transId() || !a.query().equalsIgnoreCase(t.query()) || a.addresses().equals(addresses)) {
                continue;
            }
            ctx.alert(Alert.builder(ID)
                    .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                    .technique("T1565.002")
                    .technique("T1565")
                    .severity(Severity.HIGH)
                    .confidence(0.7)
                    .time(a.tsNanos(), t.tsNanos())
                    .srcHost(t.id().respH())
                    .dstHost(t.id().origH())
                    .dstPort(t.id().origP())
                    .domain(t.query())
                    .evidence(uid, null)
                    .incident(uid + "|dns|" + t.transId())
                    .explanation(String.format(Locale.ROOT,
                            "%s got two answers to DNS query %d for %s from %s, %s apart, with different addresses:"
                                    + " %s, then %s; one of them was injected on the path",
                            t.id().origH(), t.transId(), t.query(), t.id().respH(),
                            Explanations.duration(Math.abs(t.tsNanos() - a.tsNanos())), a.addresses(), addresses))
                    .build());
            return state;
        }
        if (answers.size() >= MAX_ROWS) answers.remove(0);
        answers.add(new DnsAnswer(t.tsNanos(), t.transId(), t.query(), addresses));
        ctx.timer(t.tsNanos() + config.windowNanos());
        return state;
    }

    private State rexmit(String uid, State state, Weird w, DetectorContext ctx) {
        int n = state.rexmits() + 1;
        boolean high = n >= config.highRexmits();
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1565.002")
                .technique("T1565")
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.6 : 0.4)
                .time(w.tsNanos(), w.tsNanos())
                .srcHost(w.id() == null ? null : w.id().origH())
                .dstHost(w.id() == null ? null : w.id().respH())
                .dstPort(w.id() == null ? 0 : w.id().respP())
                .evidence(uid, null)
                .incident(uid + "|tcp")
                .explanation(String.format(Locale.ROOT,
                        "TCP data of connection %s%s was retransmitted with different bytes %s (%s): the content"
                                + " was rewritten or injected between the endpoints",
                        uid, w.id() == null ? "" : " (" + w.id().origH() + " → " + w.id().respH() + ":" + w.id().respP() + ")",
                        Explanations.count(n, "time", "times"), w.addl() == null ? "no detail" : w.addl()))
                .build());
        ctx.timer(w.tsNanos() + config.windowNanos());
        return new State(state.answers(), n);
    }

    @Override
    public State onTimer(String uid, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        state.answers().removeIf(a -> timerNanos - a.tsNanos() >= config.windowNanos());
        return state.answers().isEmpty() ? null : state; // a later inconsistency starts a fresh count
    }
}
