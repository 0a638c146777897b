package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds Zerologon (CVE-2020-1472) attempts: one client opening Netlogon secure channels to a server
 * many times in seconds (NetrServerAuthenticate2/3, each after a NetrServerReqChallenge), the
 * brute force of the all-zero client credential, and a NetrServerPasswordSet2 after such a burst
 * (the machine account password of the domain controller reset: the exploit succeeded).
 *
 * <p>ATT&CK: T1210 (Exploitation of Remote Services). DS0029: Network Traffic Content (the
 * guidance: "artifacts of common exploit traffic").
 *
 * <p>Evidence: dce_rpc.log rows of the netlogon interface per client and server. It alerts HIGH when
 * {@code min_attempts} (10) NetrServerAuthenticate calls fall within {@code window} (60 s), and
 * CRITICAL when a NetrServerPasswordSet follows them within the window. A machine sets up its
 * secure channel with one authenticate call (two when it retries with older negotiate flags);
 * the exploit needs ~256 tries on average and gives up after 2,000. Measured on the corpus: 440
 * calls in 10.5 s (the SecChan capture), 96 in 4.5 s (mimikatz, encrypted), 21 in 7.9 s
 * (suricata-verify). Sluice does not decode the call's status, so failures are not counted:
 * the burst is the sign, whatever the answers.
 *
 * <p>Known false positives: a misconfigured machine account retrying in a loop (usually seconds
 * apart, not tens per second); vulnerability scanners that run the Zerologon check, which is the
 * same traffic.
 */
public final class ZerologonDetector implements Detector<JoinedKey, ZerologonDetector.State> {

    public static final String ID = "windows.zerologon";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DceRpcCall.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1210"));

    public record Config(int minAttempts, long windowNanos) {
        public static Config defaults() {
            return new Config(10, 60_000_000_000L);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.intValue("min_attempts", d.minAttempts()), s.durationNanos("window", d.windowNanos()));
    }

    /**
     * One client and server: times of the recent authenticate calls (at most min_attempts kept), the
     * total in the current burst, its first time, the password set seen after it, what was alerted.
     */
    public record State(List<Long> recent, long burstFirst, long burstCount, long passwordSets, int alerted) {}

    private final Config config;

    public ZerologonDetector(Config config) {
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
    public JoinedKey key(Event event) {
        if (!(event instanceof DceRpcCall c) || c.id() == null || !"netlogon".equals(c.endpoint())
                || c.operation() == null) {
            return null;
        }
        if (!c.operation().startsWith("NetrServerAuthenticate") && !c.operation().startsWith("NetrServerPasswordSet")) {
            return null;
        }
        return new JoinedKey(c.callerH(), "|", c.calleeH());
    }

    @Override
    public State onEvent(JoinedKey pair, State state, Event event, DetectorContext ctx) {
        var c = (DceRpcCall) event;
        long ts = c.tsNanos();
        if (state == null) state = new State(new ArrayList<>(), ts, 0, 0, -1);
        var recent = state.recent();
        while (!recent.isEmpty() && recent.get(0) < ts - config.windowNanos()) recent.remove(0);
        boolean inBurst = state.alerted() >= 0 && state.burstCount() > 0 && !recent.isEmpty();
        if (c.operation().startsWith("NetrServerPasswordSet")) {
            if (!inBurst) return state;
            var next = new State(recent, state.burstFirst(), state.burstCount(), state.passwordSets() + 1,
                    state.alerted());
            return alert(c, next, ts, Severity.CRITICAL, ctx);
        }
        boolean newBurst = recent.isEmpty();
        long burstFirst = newBurst ? ts : state.burstFirst();
        long count = newBurst ? 1 : state.burstCount() + 1;
        int alerted = newBurst ? -1 : state.alerted();
        recent.add(ts);
        if (recent.size() > config.minAttempts()) recent.remove(0);
        ctx.timer(ts + config.windowNanos());
        var next = new State(recent, burstFirst, count, newBurst ? 0 : state.passwordSets(), alerted);
        if (recent.size() >= config.minAttempts() && recent.get(recent.size() - 1) - recent.get(0) <= config.windowNanos()
                && alerted < Severity.HIGH.ordinal()) {
            return alert(c, next, ts, Severity.HIGH, ctx);
        }
        if (alerted >= 0) return alert(c, next, ts, Severity.values()[alerted], ctx); // the burst goes on: update it
        return next;
    }

    private State alert(DceRpcCall c, State s, long ts, Severity severity, DetectorContext ctx) {
        double seconds = (ts - s.burstFirst()) / 1e9;
        String explanation = String.format(Locale.ROOT,
                "%s called %s NetrServerAuthenticate %,d times in %.1f s%s", c.callerH(), c.calleeH(),
                s.burstCount(), seconds, s.passwordSets() > 0
                        ? ", then NetrServerPasswordSet (the machine account password reset: Zerologon succeeded)"
                        : " (a secure channel takes one; the Zerologon brute force takes hundreds)");
        ctx.alert(Alert.builder(ID)
                .technique("T1210")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(severity == Severity.CRITICAL ? 0.95 : 0.8)
                .time(s.burstFirst(), ts)
                .srcHost(c.callerH())
                .dstHost(c.calleeH())
                .dstPort(c.calleeP())
                .explanation(explanation)
                .evidence(c.uid(), null)
                .incident(c.callerH() + "|" + c.calleeH() + "|" + s.burstFirst())
                .build());
        return new State(s.recent(), s.burstFirst(), s.burstCount(), s.passwordSets(),
                Math.max(s.alerted(), severity.ordinal()));
    }

    @Override
    public State onTimer(JoinedKey pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        var recent = state.recent();
        return recent.isEmpty() || recent.get(recent.size() - 1) + config.windowNanos() <= timerNanos ? null : state;
    }
}
