package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds an internal host that keeps opening TLS sessions to an outside server whose certificate is
 * self-signed: an encrypted channel keyed by whoever runs the server, the default of most C2
 * frameworks' listeners, rather than by a public certificate authority.
 *
 * <p>ATT&CK: T1573 Encrypted Channel, T1573.002 Asymmetric Cryptography. DS0029: Network Traffic
 * Content (the TLS handshake's server certificate).
 *
 * <p>Evidence: {@link TlsHandshake}s from a private address to a non-private one whose host
 * certificate's subject equals its issuer (Zeek's self-signed test on the logged names), grouped
 * per source and destination address. TLS 1.3 encrypts the certificate, so only TLS 1.2 and older
 * sessions are judged.
 *
 * <p>Thresholds: {@code min_sessions} 4 within {@code window} 24 h (RITA's minimum of four
 * connections for a beacon: one session is a visit, repeated sessions are a channel). Chosen by
 * judgement, not measured on labelled traffic.
 *
 * <p>Known false positives: appliances and internal services exposed on the internet with the
 * vendor's self-signed certificate (VPN portals, NAS, printers' cloud links), test servers.
 */
public final class SelfSignedChannelDetector implements Detector<HostPair, SelfSignedChannelDetector.PairState> {
    public static final String ID = "tls.self_signed_channel";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(TlsHandshake.class);

    public record Config(int minSessions, long windowNanos) {
        public static final Config DEFAULTS = new Config(4, 86_400_000_000_000L);

        public Config {
            if (minSessions < 1) throw new IllegalArgumentException(ID + ".min_sessions must be at least 1");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_sessions", d.minSessions()), s.durationNanos("window", d.windowNanos()));
    }

    /** One pair's sessions with a self-signed certificate in the current window. */
    public static final class PairState implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first;
        long last;
        int sessions;
        int port;
        String subject;
        String sni;
        final EvidenceLog evidence = new EvidenceLog();
    }

    private final Config config;

    public SelfSignedChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1573"), Technique.of("T1573.002"));
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
    public HostPair key(Event event) {
        if (!(event instanceof TlsHandshake t) || !selfSigned(t)) return null;
        if (!AddressClasses.isPrivate(t.id().origH()) || AddressClasses.isPrivate(t.id().respH())) return null;
        return new HostPair(t.id().origH(), t.id().respH());
    }

    @Override
    public PairState onEvent(HostPair key, PairState state, Event event, DetectorContext ctx) {
        var t = (TlsHandshake) event;
        var s = state;
        if (s != null && t.tsNanos() >= s.windowStart + config.windowNanos()) s = null; // a new day, a new count
        if (s == null) {
            s = new PairState();
            s.windowStart = t.tsNanos();
            s.first = t.tsNanos();
            ctx.timer(t.tsNanos() + config.windowNanos());
        }
        s.sessions++;
        s.first = Math.min(s.first, t.tsNanos());
        s.last = Math.max(s.last, t.tsNanos());
        s.port = t.id().respP();
        s.subject = t.subject();
        if (t.serverName() != null && !t.serverName().isEmpty()) s.sni = t.serverName();
        s.evidence.add(t.uid(), null);
        if (s.sessions >= config.minSessions()) {
            var b = Alert.builder(ID)
                    .technique("T1573")
                    .technique("T1573.002")
                    .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                    .severity(Severity.MEDIUM)
                    .confidence(0.6)
                    .time(s.first, s.last)
                    .srcHost(key.src())
                    .dstHost(key.dst())
                    .dstPort(s.port)
                    .incident(key.src() + " → " + key.dst() + " self-signed TLS")
                    .explanation(String.format(Locale.ROOT,
                            "%s opened %s to %s:%d in %s whose certificate is self-signed (subject = issuer = %s), %s:"
                                    + " an encrypted channel keyed by the server's owner",
                            key.src(), Explanations.count(s.sessions, "TLS session", "TLS sessions"), key.dst(), s.port,
                            Explanations.span(s.last - s.first), s.subject,
                            s.sni == null ? "with no SNI" : "SNI " + s.sni));
            s.evidence.drainInto(b);
            ctx.alert(b.build());
        }
        return s;
    }

    @Override
    public PairState onTimer(HostPair key, PairState state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos >= state.windowStart + config.windowNanos()) return null;
        return state;
    }

    /** Subject and issuer of the host certificate are the same name (and there is one). */
    static boolean selfSigned(TlsHandshake t) {
        String subject = t.subject(), issuer = t.issuer();
        if (subject == null || subject.isBlank() || issuer == null) return false;
        return subject.strip().toLowerCase(Locale.ROOT).equals(issuer.strip().toLowerCase(Locale.ROOT));
    }
}
