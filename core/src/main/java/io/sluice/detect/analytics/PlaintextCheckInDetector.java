package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.UnidentifiedPayload;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds command-and-control in plain text over a protocol of its own: a connection that no
 * dissector identified whose first bytes (in either direction) are a host's inventory, the check-in
 * with which a remote access trojan announces a new victim to its controller (operating system and
 * service pack, processor, memory, user and host names, separated by {@code |} or the like), or a
 * Windows command shell's banner, a reverse or bind shell. The corpus's {@code ratinfected} capture
 * is such a RAT: {@code ANABILGI|192.168.126.143|US|rat1|NO|Administrator / CSANDERS-6F7F77|Windows
 * XP Service Pack 3|Intel(R) Core(TM)2 Duo CPU ...|511 MB|1} on port 4433.
 *
 * <p>ATT&CK: T1095 Non-Application Layer Protocol. DS0029: Network Traffic Content (its guidance:
 * traffic "that do[es] not follow the expected protocol standards", "anomalous syntax, or structure").
 *
 * <p>Evidence: the first bytes of each direction that the content layer keeps as text for
 * connections no dissector identified ({@link UnidentifiedPayload#origText()}; 256 bytes, at least
 * 75 % printable); conn.log does not log them. An inventory is an operating system named with at
 * least one of a processor, a memory size or a user name, within those bytes. MEDIUM for an
 * inventory, HIGH for a shell banner; one incident per host pair. No threshold and no parameters:
 * one check-in is the finding, since no ordinary protocol opens that way.
 *
 * <p>Known false positives: inventory or monitoring agents that speak a text protocol of their own
 * without TLS; telnet sessions that print a system banner are telnet (identified) and not counted.
 * Nothing is seen from captures without content or from flow exports and host logs.
 */
public final class PlaintextCheckInDetector implements Detector<HostPair, PlaintextCheckInDetector.State> {

    public static final String ID = "c2.plaintext_checkin";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1095"));

    /** An operating system as an inventory names it. */
    private static final Pattern OS = Pattern.compile("windows (?:xp|vista|7|8|8\\.1|10|11|server|nt)|service pack \\d"
            + "|microsoft windows \\[version|x86_64 gnu/linux|linux \\d\\.\\d+|mac ?os x \\d|darwin kernel");
    /** A processor or a memory size. */
    private static final Pattern HARDWARE = Pattern.compile("intel\\(r\\)|amd (?:ryzen|athlon|phenom|fx|epyc)|\\d(?:\\.\\d+)? ?ghz"
            + "|\\b\\d{2,6} ?(?:mb|gb)\\b");
    /** A user name or an account as inventories write it. */
    private static final Pattern USER = Pattern.compile("\\badministrator\\b|\\b[a-z0-9_.-]{2,20}\\\\[a-z0-9_.$-]{2,20}\\b"
            + "|\\buser(?:name)?[=:]");
    /** A Windows command shell's first lines. */
    private static final Pattern SHELL = Pattern.compile("microsoft windows(?: [a-z0-9]{1,10}){0,2} \\[version [\\d.]+\\]"
            + "|\\(c\\) (?:copyright )?(?:\\d{4}(?:-\\d{4})? )?microsoft corp"
            + "|^[a-z]:\\\\[^\\r\\n>]{0,80}>", Pattern.MULTILINE);

    /** Per host pair: check-ins seen. */
    public static final class State {
        long first;
        long last;
        int checkIns;
    }

    /** How long a pair's count is kept after its last check-in (the engine's incident gap). */
    private static final long HOLD_NANOS = 3_600_000_000_000L;

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
    public HostPair key(Event event) {
        if (!(event instanceof FlowRecord f) || f.payload() == null) return null;
        var p = f.payload();
        if (p.origText() == null && p.respText() == null) return null;
        return kind(p) == null ? null : new HostPair(f.id().origH(), f.id().respH());
    }

    /** "shell", "inventory" or null, from the text samples of both directions (a shell first). */
    static String kind(UnidentifiedPayload p) {
        String orig = kindOf(p.origText()), resp = kindOf(p.respText());
        return "shell".equals(orig) || "shell".equals(resp) ? "shell" : orig != null ? orig : resp;
    }

    /** "shell", "inventory" or null for one direction's text sample. */
    static String kindOf(String text) {
        if (text == null) return null;
        String t = text.toLowerCase(Locale.ROOT);
        if (SHELL.matcher(t).find()) return "shell";
        return OS.matcher(t).find() && (HARDWARE.matcher(t).find() || USER.matcher(t).find()) ? "inventory" : null;
    }

    @Override
    public State onEvent(HostPair pair, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state == null) {
            state = new State();
            state.first = f.tsNanos();
        }
        state.checkIns++;
        state.last = Math.max(state.last, f.tsNanos());
        ctx.timer(f.tsNanos() + HOLD_NANOS);
        var p = f.payload();
        String kind = kind(p);
        boolean fromServer = kindOf(p.origText()) == null || "shell".equals(kindOf(p.respText()));
        String text = fromServer ? p.respText() : p.origText();
        String who = fromServer ? f.id().respH() : f.id().origH();
        String what = kind.equals("shell") ? "a Windows command shell's banner (a reverse or bind shell)"
                : "a host inventory (operating system with processor, memory or user), the check-in of a remote access trojan";
        String explanation = String.format(Locale.ROOT, "%s sent, first on a %s connection %s:%d -> %s:%d that no dissector"
                        + " identified, %s: \"%s\"%s", who, f.proto(), f.id().origH(), f.id().origP(), f.id().respH(),
                f.id().respP(), what, shown(text), state.checkIns > 1 ? " (" + state.checkIns + " such connections)" : "");
        ctx.alert(Alert.builder(ID)
                .technique("T1095")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(kind.equals("shell") ? Severity.HIGH : Severity.MEDIUM)
                .confidence(0.7)
                .time(state.first, state.last)
                .srcHost(f.id().origH())
                .dstHost(f.id().respH())
                .dstPort(f.id().respP())
                .explanation(explanation)
                .evidence(f.uid(), f.communityId())
                .incident(pair.src() + " -> " + pair.dst() + " plaintext c2")
                .build());
        return state;
    }

    /** The sample on one line, printable, cut to 160 characters. */
    static String shown(String text) {
        var b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 160; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : c == '\n' || c == '\r' || c == '\t' ? ' ' : '.');
        }
        return b.toString().strip().replaceAll(" {2,}", " ");
    }

    @Override
    public State onTimer(HostPair pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        return state.last + HOLD_NANOS <= timerNanos ? null : state;
    }
}
