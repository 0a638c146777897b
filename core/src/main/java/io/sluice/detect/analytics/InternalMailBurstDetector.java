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
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds an internal host that is not a mail server sending a burst of mail to the organisation's
 * own mail servers: the flows of a compromised workstation (or a script on it) submitting message
 * after message to colleagues, the network side of internal spearphishing.
 *
 * <p>ATT&CK: T1534 Internal Spearphishing. DS0029: Network Traffic Flow (the guidance's "uncommon
 * data flows": SMTP submission flows from a host that does not send mail in bulk). The messages'
 * headers are judged on the Content row by {@code mail.spoofing}; flows cannot show recipients or
 * lures, so this analytic counts sessions.
 *
 * <p>Evidence: conn.log rows (or flow-export rows) from a private address to a private address on
 * the mail ports 25, 465 and 587 (or with service smtp) that carried data both ways (a session the
 * server took part in; for flow exports, which count no payload, three packets or more each way).
 * A host seen answering such a session, from inside or from the internet,
 * is a mail server; its own sessions to other internal servers are relaying and are not counted. Per client, the sessions of a
 * tumbling {@code window} (10 min), their upload bytes and the servers they went to.
 *
 * <p>Thresholds: {@code min_sessions} = 20 sessions within the window, by judgement: a person's
 * mail client submits a message a minute at most and reuses its session, where a script sending
 * one message per recipient (PowerShell's Send-MailMessage in a loop, a phishing kit's SMTP
 * sender) opens a session for each. MEDIUM; HIGH from five times the threshold.
 *
 * <p>Known false positives: scan-to-mail printers, monitoring and ticketing systems, application
 * servers that send notifications (list them in {@code ignore_clients}); a relay seen only sending
 * before anyone sent it mail (it becomes known as a server at its first answered inbound session).
 */
public final class InternalMailBurstDetector implements Detector<String, InternalMailBurstDetector.State> {

    public static final String ID = "smtp.internal_phish";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1534"));
    private static final PortSet MAIL_PORTS = PortSet.of(25, 465, 587);
    /** One key for all internal mail: the servers seen must be known when any client is judged. */
    private static final String KEY = "internal smtp";
    private static final int MAX_HOSTS = 20_000;

    /**
     * @param minSessions sessions of one client within the window that make a burst
     * @param windowNanos the tumbling window sessions are counted in
     * @param ignoreClients hosts that send mail in bulk by design
     */
    public record Config(int minSessions, long windowNanos, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(20, 600_000_000_000L, List.of());

        public Config {
            if (minSessions < 2) throw new IllegalArgumentException(ID + ".min_sessions must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_sessions", d.minSessions()), s.durationNanos("window", d.windowNanos()),
                s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client's window: its sessions, bytes sent, servers, and what was reported. */
    public static final class Burst implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first;
        long last;
        long sessions;
        long bytes;
        final Set<String> servers = new TreeSet<>();
        final EvidenceLog evidence = new EvidenceLog();
        int alerted = -1;
    }

    /** The mail servers seen and every client's current window. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final Set<String> servers = new HashSet<>();
        final Map<String, Burst> clients = new HashMap<>();
    }

    private final Config config;

    public InternalMailBurstDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || f.id() == null || f.ipProto() != 6) return null;
        if (!MAIL_PORTS.contains(f.id().respP()) && (f.service() == null || !f.service().contains("smtp"))) return null;
        // mail from outside is kept too: it is how an MX that forwards inside becomes known as a server
        if (!AddressClasses.isPrivate(f.id().respH())) return null;
        return session(f) ? KEY : null;
    }

    /**
     * Data went both ways. Flow exports count no payload bytes: there, three packets or more each
     * way (a refused or unanswered attempt has at most one back; a session has the greeting too).
     */
    static boolean session(FlowRecord f) {
        if (f.origBytes() != null && f.respBytes() != null) return f.origBytes() > 0 && f.respBytes() > 0;
        return f.origPkts() >= 3 && f.respPkts() >= 3;
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state == null) state = new State();
        String client = f.id().origH(), server = f.id().respH();
        if (state.servers.size() < MAX_HOSTS) state.servers.add(server);
        if (!AddressClasses.isPrivate(client)) return state;
        if (state.servers.contains(client) || config.ignoreClients().contains(client)) {
            state.clients.remove(client); // a server relaying, or a sender listed as legitimate
            return state;
        }
        long ts = f.tsNanos();
        var burst = state.clients.get(client);
        if (burst != null && ts >= burst.windowStart + config.windowNanos()) burst = null;
        if (burst == null) {
            if (state.clients.size() >= MAX_HOSTS) return state;
            burst = new Burst();
            burst.windowStart = ts;
            burst.first = ts;
            state.clients.put(client, burst);
            ctx.timer(ts + config.windowNanos());
        }
        burst.sessions++;
        burst.bytes += f.origBytes() != null ? f.origBytes() : f.origIpBytes();
        burst.first = Math.min(burst.first, ts);
        burst.last = Math.max(burst.last, ts);
        if (burst.servers.size() < Alert.MAX_ENTITIES) burst.servers.add(server);
        burst.evidence.add(f.uid(), f.communityId());
        if (burst.sessions >= config.minSessions()) report(client, burst, false, ctx);
        return state;
    }

    private void report(String client, Burst b, boolean closing, DetectorContext ctx) {
        var severity = b.sessions >= 5L * config.minSessions() ? Severity.HIGH : Severity.MEDIUM;
        // one alert when the burst crosses a severity, then updates only as new evidence arrives
        if (!closing && severity.ordinal() <= b.alerted && b.sessions % config.minSessions() != 0) return;
        b.alerted = Math.max(b.alerted, severity.ordinal());
        var alert = Alert.builder(ID)
                .technique("T1534")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(severity)
                .confidence(severity == Severity.HIGH ? 0.6 : 0.45)
                .time(b.first, b.last)
                .srcHost(client)
                .explanation(client + ", a host that receives no mail, opened "
                        + Explanations.count(b.sessions, "mail session", "mail sessions") + " to "
                        + Explanations.count(b.servers.size(), "internal mail server", "internal mail servers")
                        + " (" + Explanations.list(b.servers, 5) + ") in " + Explanations.span(b.last - b.first)
                        + ", sending " + Explanations.bytes(b.bytes) + "; at least " + config.minSessions() + " in "
                        + Explanations.duration(config.windowNanos()) + " is a burst of mail from a workstation")
                .incident(client + "|" + b.windowStart);
        for (String s : b.servers) alert.dstHost(s);
        b.evidence.drainInto(alert);
        ctx.alert(alert.build());
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        var it = state.clients.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            var b = e.getValue();
            if (b.windowStart + config.windowNanos() > timerNanos) continue;
            if (b.alerted >= 0 && b.evidence.hasNew()) report(e.getKey(), b, true, ctx);
            it.remove();
        }
        return state;
    }
}
