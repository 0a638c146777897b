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
import io.sluice.protocol.icmp.IcmpMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Finds active OS fingerprinting and stealth port scans: one source sending one target packets that
 * no TCP/IP stack sends in normal use, whose answers differ between operating systems. Nmap's OS
 * detection ({@code -O}) sends, next to ordinary SYNs, a TCP packet without flags, a SYN with FIN,
 * URG and PSH, a FIN with PSH and URG to a closed port, and an ICMP echo request with code 9; its
 * null, FIN and Xmas scans ({@code -sN -sF -sX}) send the flag-less or FIN packets to many ports.
 *
 * <p>ATT&CK: T1595 Active Scanning. DS0029: Network Traffic Content (the guidance: traffic that
 * does not follow the expected protocol standards, anomalous syntax or structure).
 *
 * <p>The probe kinds, read from conn.log's {@code history} and icmp.log: a SYN together with FIN or
 * RST (Zeek's history letter {@code Q}); a connection whose originator sent only packets without
 * flags (no history letter at all; only for flows metered from packets, since flow exports carry no
 * history); a FIN (with or without PSH and URG) opening a connection that never saw a SYN, to a port
 * that answered with a reset or not at all; an ICMP echo request with a code other than 0.
 *
 * <p>Thresholds: {@code min_kinds} = 3 different kinds from one source to one target within
 * {@code window} = 2 min is OS fingerprinting (nmap's -O sends four); {@code min_ports} = 10
 * destination ports probed with flag-less or FIN-only packets is a stealth scan. MEDIUM.
 *
 * <p>Known false positives: a capture that starts in the middle of connections shows FINs without a
 * SYN, but to ports that answer them, and never with the other kinds; broken middleboxes that
 * rewrite flags. Tools other than nmap (xprobe, p0f in active mode, hping3 scripts) send similar sets.
 */
public final class OsFingerprintDetector implements Detector<JoinedKey, OsFingerprintDetector.State> {

    public static final String ID = "scan.os_fingerprint";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class, IcmpMessage.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1595"));

    /** The probe kinds, in the order the explanation names them. */
    enum Kind {
        SYN_FIN("a SYN with FIN or RST"),
        NO_FLAGS("TCP packets without flags"),
        FIN_WITHOUT_SYN("a FIN to a port never opened"),
        ICMP_ECHO_CODE("an ICMP echo request with code %d");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    public record Config(int minKinds, int minPorts, long windowNanos) {
        public static final Config DEFAULTS = new Config(3, 10, 120_000_000_000L);

        public Config {
            if (minKinds < 2 || minKinds > Kind.values().length) {
                throw new IllegalArgumentException(ID + ".min_kinds must be 2 to " + Kind.values().length);
            }
            if (minPorts < 2) throw new IllegalArgumentException(ID + ".min_ports must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_kinds", d.minKinds()), s.intValue("min_ports", d.minPorts()),
                s.durationNanos("window", d.windowNanos()));
    }

    /** One source and target: the kinds and stealth-probed ports seen since the window started. */
    public static final class State {
        long first;
        long last;
        final EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        final BitSet stealthPorts = new BitSet();
        int icmpCode;
        long probes;
        final List<String> uids = new ArrayList<>(8);
        boolean alerted;
    }

    private final Config config;

    public OsFingerprintDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public JoinedKey key(Event event) {
        if (event instanceof FlowRecord f) {
            return kind(f) == null ? null : new JoinedKey(f.id().origH(), ">", f.id().respH());
        }
        if (event instanceof IcmpMessage m && echoWithCode(m)) return new JoinedKey(m.id().origH(), ">", m.id().respH());
        return null;
    }

    private static boolean echoWithCode(IcmpMessage m) {
        return m.id() != null && m.code() != 0 && (m.v6() ? m.type() == 128 : m.type() == 8);
    }

    /** The probe a TCP flow record shows, or null for anything a normal stack sends. */
    static Kind kind(FlowRecord f) {
        if (!"tcp".equals(f.proto()) || f.origPkts() == 0) return null;
        String h = f.history();
        if (h == null || h.isEmpty()) {
            return "pcap".equals(f.source()) || "live".equals(f.source()) ? Kind.NO_FLAGS : null;
        }
        if (h.indexOf('Q') >= 0) return Kind.SYN_FIN;
        // A FIN first, no SYN ever, and nothing from the port but perhaps a reset: a capture that starts
        // in the middle of a connection shows the other side acknowledging, sending data or its own FIN.
        if (h.charAt(0) != 'F') return null;
        for (int i = 1; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c != 'F' && c != 'r' && c != 'T' && c != 't') return null;
        }
        return Kind.FIN_WITHOUT_SYN;
    }

    @Override
    public State onEvent(JoinedKey pair, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (state == null || (!state.alerted && ts - state.first > config.windowNanos())) {
            state = new State();
            state.first = ts;
            ctx.timer(ts + config.windowNanos());
        }
        Kind kind;
        String uid;
        if (event instanceof FlowRecord f) {
            kind = kind(f);
            uid = f.uid();
            if (kind == Kind.NO_FLAGS || kind == Kind.FIN_WITHOUT_SYN) state.stealthPorts.set(f.id().respP());
        } else {
            var m = (IcmpMessage) event;
            kind = Kind.ICMP_ECHO_CODE;
            state.icmpCode = m.code();
            uid = m.uid();
        }
        state.kinds.add(kind);
        state.probes++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        if (uid != null && state.uids.size() < 20 && !state.uids.contains(uid)) state.uids.add(uid);
        boolean fingerprint = state.kinds.size() >= config.minKinds();
        boolean stealth = state.stealthPorts.cardinality() >= config.minPorts();
        if (fingerprint || stealth) {
            state.alerted = true;
            report(pair, state, fingerprint, ctx);
        }
        return state;
    }

    private void report(JoinedKey pair, State s, boolean fingerprint, DetectorContext ctx) {
        var kinds = new StringJoiner(", ");
        for (Kind k : s.kinds) kinds.add(k == Kind.ICMP_ECHO_CODE ? String.format(Locale.ROOT, k.text, s.icmpCode) : k.text);
        String what = fingerprint ? "OS fingerprinting (as nmap -O does)" : "a null/FIN/Xmas port scan";
        String explanation = String.format(Locale.ROOT, "%s sent %s %s over %.0f s (%d probes%s): %s", pair.first(),
                pair.second(), kinds, (s.last - s.first) / 1e9, s.probes,
                s.stealthPorts.cardinality() > 1 ? ", " + s.stealthPorts.cardinality() + " ports probed without a SYN" : "", what);
        var alert = Alert.builder(ID)
                .technique("T1595")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(fingerprint ? 0.8 : 0.7)
                .time(s.first, s.last)
                .srcHost(pair.first())
                .dstHost(pair.second())
                .explanation(explanation)
                .incident(pair.first() + ">" + pair.second() + " os-fingerprint");
        for (String uid : s.uids) alert.evidence(uid, null);
        ctx.alert(alert.build());
    }

    @Override
    public State onTimer(JoinedKey pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        if (state.alerted) {
            // An alerted pair is kept while probes go on, so a long scan stays one incident.
            if (state.last + config.windowNanos() > timerNanos) {
                ctx.timer(state.last + config.windowNanos());
                return state;
            }
            return null;
        }
        return state.first + config.windowNanos() > timerNanos ? state : null;
    }
}
