package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds LLMNR, NBT-NS and mDNS poisoning: one host answering other hosts' multicast and broadcast
 * name queries for many different names, or for WPAD or ISATAP, as Responder and Inveigh do to draw
 * authentication to themselves.
 *
 * <p>ATT&CK: T1557.001 (and its parent T1557). DS0029: Network Traffic Content (the guidance:
 * monitor UDP 5355 and 137).
 *
 * <p>Evidence: dns.log rows whose {@code name_service} is {@code llmnr}, {@code nbns} or
 * {@code mdns} and that carry an answer (addresses in {@code answers} or {@code netbios_answers}),
 * keyed by the answering host (the row's responder), over a tumbling window ({@code window}, 1 h):
 * the distinct names it answered (reverse names and DNS-SD service names left out), the hosts it
 * answered, and whether it answered with its own address. A host answers for its own name, which is
 * one name (two or three with NetBIOS and mDNS variants), so it alerts HIGH at {@code min_names}
 * (4) distinct names, and at once for {@code bait_names} (wpad, isatap), which a legitimate host
 * never serves by multicast name resolution. MEDIUM when one host answered {@code min_names - 1}
 * names for {@code min_requesters} (2) requesters, below the poisoning bar but worth a look.
 *
 * <p>Known false positives: a host with several NetBIOS aliases or mDNS host names (a NAS
 * announcing one per service), and a WINS proxy answering NBNS for others; list them in
 * {@code ignore_responders}.
 */
public final class NamePoisoningDetector implements Detector<String, NamePoisoningDetector.State> {

    public static final String ID = "lan.name_poisoning";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1557.001"), Technique.of("T1557"));
    private static final int MAX_NAMES = 64;

    public record Config(long windowNanos, int minNames, int minRequesters, List<String> baitNames,
            List<String> ignoreResponders) {
        public Config {
            baitNames = List.copyOf(baitNames);
            ignoreResponders = List.copyOf(ignoreResponders);
        }

        public static Config defaults() {
            return new Config(3_600_000_000_000L, 4, 2, List.of("wpad", "isatap"), List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_names", d.minNames()),
                s.intValue("min_requesters", d.minRequesters()), s.listValue("bait_names", d.baitNames()),
                s.listValue("ignore_responders", d.ignoreResponders()));
    }

    /** One answering host in one window. */
    public record State(long windowStart, long last, Set<String> names, Set<String> requesters,
            Set<String> services, int ownAddressAnswers, boolean bait, List<String> evidence, long evidenceCount,
            int alerted) {}

    private final Config config;

    public NamePoisoningDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof DnsTransaction t) || t.id() == null || t.query() == null || t.nameService() == null) {
            return null;
        }
        String ns = t.nameService();
        if (!ns.equals("llmnr") && !ns.equals("nbns") && !ns.equals("mdns")) return null;
        if (addresses(t).isEmpty()) return null;
        String responder = t.id().respH(), requester = t.id().origH();
        if (AddressClasses.isGroup(responder) || responder.equals(requester)
                || config.ignoreResponders().contains(responder)) {
            return null;
        }
        String q = t.query();
        if (q.endsWith(".arpa") || q.startsWith("_") || q.contains("._")) return null; // reverse and DNS-SD names
        return responder;
    }

    private static List<String> addresses(DnsTransaction t) {
        var out = new ArrayList<String>();
        if (t.answers() != null) {
            for (String a : t.answers()) if (a.indexOf('.') > 0 && Character.isDigit(a.charAt(0)) || a.indexOf(':') >= 0) out.add(a);
        }
        if (t.netbiosAnswers() != null) out.addAll(t.netbiosAnswers());
        return out;
    }

    /** The name without its mDNS ".local" suffix, lowercased. */
    private static String bareName(String q) {
        String n = q.toLowerCase(Locale.ROOT);
        if (n.endsWith(".local")) n = n.substring(0, n.length() - 6);
        return n;
    }

    @Override
    public State onEvent(String responder, State state, Event event, DetectorContext ctx) {
        var t = (DnsTransaction) event;
        long ts = t.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), 0, false, new ArrayList<>(), 0,
                    -1);
            ctx.timer(ts + config.windowNanos());
        }
        String name = bareName(t.query());
        if (state.names().size() < MAX_NAMES) state.names().add(name);
        if (state.requesters().size() < MAX_NAMES) state.requesters().add(t.id().origH());
        state.services().add(t.nameService());
        boolean own = addresses(t).contains(responder);
        boolean bait = state.bait() || config.baitNames().contains(name);
        if (state.evidence().size() < Alert.MAX_EVIDENCE && !state.evidence().contains(t.uid())) {
            state.evidence().add(t.uid());
        }
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.names(), state.requesters(),
                state.services(), state.ownAddressAnswers() + (own ? 1 : 0), bait, state.evidence(),
                state.evidenceCount() + 1, state.alerted());
        Severity severity = null;
        if (bait || s.names().size() >= config.minNames()) {
            severity = Severity.HIGH;
        } else if (s.names().size() >= config.minNames() - 1 && s.requesters().size() >= config.minRequesters()) {
            severity = Severity.MEDIUM;
        }
        if (severity == null) return s;
        // alert when the incident first reaches a severity, then as names are added (merged into it)
        var alert = Alert.builder(ID)
                .technique("T1557.001")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.8 : 0.5)
                .time(s.windowStart(), s.last())
                .srcHost(responder)
                .explanation(String.format(Locale.ROOT,
                        "%s answered %s queries of %d host%s for %d name%s (%s)%s; %d answer%s gave its own address",
                        responder, String.join("/", s.services()), s.requesters().size(),
                        s.requesters().size() == 1 ? "" : "s", s.names().size(), s.names().size() == 1 ? "" : "s",
                        String.join(", ", s.names()), bait ? ", among them a WPAD/ISATAP bait name" : "",
                        s.ownAddressAnswers(), s.ownAddressAnswers() == 1 ? "" : "s"))
                .incident(responder + "|" + s.windowStart());
        int hosts = 0;
        for (String r : s.requesters()) if (hosts++ < Alert.MAX_ENTITIES) alert.dstHost(r);
        if (s.alerted() < 0) {
            for (String uid : s.evidence()) alert.evidence(uid, null);
            alert.evidenceCount(s.evidenceCount());
        } else {
            alert.evidence(t.uid(), null);
        }
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.last(), s.names(), s.requesters(), s.services(), s.ownAddressAnswers(),
                s.bait(), s.evidence(), s.evidenceCount(), Math.max(s.alerted(), severity.ordinal()));
    }

    @Override
    public State onTimer(String responder, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        return state.windowStart() + config.windowNanos() <= timerNanos ? null : state;
    }
}
