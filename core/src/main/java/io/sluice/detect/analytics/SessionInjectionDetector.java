package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds data injected into a TCP session by a third host: one side's next sequence numbers were
 * first filled by segments from a second link-layer source, and that side's own host then sent
 * other bytes there. That is how TCP session hijacking works (hunt, shijack, ettercap's
 * injection): the attacker, on the path or the same LAN, sends a segment with the victim's
 * addresses and the next sequence number, the server takes it as the victim's, and the victim's
 * own next segment no longer matches what the server has.
 *
 * <p>ATT&CK: T1563 Remote Service Session Hijacking when the session is a remote service (telnet,
 * rlogin, rsh, SSH, RDP, VNC: an interactive session taken over), else T1557 Adversary-in-the-Middle
 * (a session rewritten in flight). DS0029: Network Traffic Content (the guidance's "extraneous
 * packets that do not belong to established flows").
 *
 * <p>Evidence: weird {@code TCP_injected_data} from the flow meter, which compares the first 64
 * bytes of the second source's first new segment with what the own source later sends at the same
 * sequence number; a copy of the traffic from a second capture point carries the same bytes and is
 * not reported. Needs link-layer addresses (Ethernet); works in {@code --flows-only} too.
 *
 * <p>Thresholds: none; HIGH, confidence 0.8. Known false positives: a relay on the sensor's
 * segment that rewrites what it forwards (a transparent proxy or WAN optimiser).
 */
public final class SessionInjectionDetector implements Detector<String, SessionInjectionDetector.State> {
    public static final String ID = "tcp.session_injection";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(Weird.class);
    private static final String INJECTED = "TCP_injected_data";
    /** telnet, rlogin, rsh, SSH, RDP and VNC's ports: interactive remote services. */
    private static final PortSet REMOTE_SERVICES = PortSet.of(22, 23, 513, 514, 3389, 5900, 5901, 5902, 5903);

    /** No state: each injection is its own alert (the flow meter reports one per connection). */
    public record State() implements java.io.Serializable {}

    public SessionInjectionDetector() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1563"), Technique.of("T1557"));
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
        if (!(event instanceof Weird w) || w.uid() == null || w.id() == null) return null;
        return INJECTED.equals(w.name()) ? w.uid() : null;
    }

    @Override
    public State onEvent(String uid, State state, Event event, DetectorContext ctx) {
        var w = (Weird) event;
        ConnId id = w.id();
        boolean remote = REMOTE_SERVICES.contains(id.respP());
        boolean fromOrig = w.addl() != null && w.addl().startsWith("orig");
        ctx.alert(Alert.builder(ID)
                .technique(remote ? "T1563" : "T1557")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.HIGH)
                .confidence(0.8)
                .time(w.tsNanos(), w.tsNanos())
                .srcHost(id.origH())
                .dstHost(id.respH())
                .dstPort(id.respP())
                .evidence(w.uid(), null)
                .evidenceCount(1)
                .incident(uid)
                .explanation(String.format(Locale.ROOT,
                        "data was injected into %s:%d -> %s:%d%s: %s's next bytes came first from another station, and "
                                + "%s itself then sent other bytes at the same sequence numbers (%s)",
                        id.origH(), id.origP(), id.respH(), id.respP(), remote ? ", a remote-service session" : "",
                        fromOrig ? id.origH() : id.respH(), fromOrig ? id.origH() : id.respH(), w.addl()))
                .build());
        return null;
    }

    @Override
    public State onTimer(String uid, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
