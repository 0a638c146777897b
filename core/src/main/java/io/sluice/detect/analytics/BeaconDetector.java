package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Beaconing between an internal host and an outside address: connections at a steady rhythm with
 * steady sizes, all day long (command and control checking in).
 *
 * <p>ATT&CK: T1071 (+ .001 for web protocols, .002 for file-transfer protocols (FTP, FTP data,
 * TFTP), .003 for mail protocols (SMTP, IMAP, POP3), .004 for DNS, from the flows' service, which
 * the dissectors set from the protocol they recognised, on any port) and T1573 when the service is
 * encrypted (TLS, SSH, QUIC); plus T1029 Scheduled Transfer when the beats are bulk uploads (the
 * median connection sends at least {@code scheduled_transfer_bytes}): data leaving on a timer,
 * not a check-in. DS0029 Network Traffic Flow (and Content, to know which connections were named
 * and which protocol a flow carried).
 *
 * <p>Connection creation alone (host sources such as Sysmon Event ID 3, auditd or cloud logs,
 * which carry no byte counts): when a pair shows only {@link ConnectionCreation}s in a window, its
 * connection times are scored on their own, RITA's formula without the data-size part (its weight
 * shared among the other three in proportion), and reported as DS0029 Network Connection Creation:
 * T1071 for the rhythm, and T1029 Scheduled Transfer with T1020 Automated Exfiltration when the
 * destination is a file-transfer service (FTP, SFTP/SCP, TFTP, rsync, FTPS ports) or the process
 * that opened the connections is a file-transfer client ({@link FileTransferClients}): a mover
 * started on a timer, which the record's guidance ("connections associated with processes
 * performing collection activity", "untrusted hosts") points at; without bytes a check-in cannot
 * be told from a transfer by any other means. A pair that also has flow records (packet sources
 * emit both for each connection) is scored on its flows, which carry the sizes, and its creations
 * are dropped.
 *
 * <p>Evidence: {@link FlowRecord}s (start time, originator IP bytes), grouped per source → destination
 * address, outbound only ({@link OutboundFlows}: RITA's pair filter). Connections that carried a
 * name (an HTTP Host header, a TLS or QUIC SNI, seen as content events of the same uid before the
 * flow record, as the packet pipeline delivers them) are left to {@link DomainBeaconDetector}, as
 * RITA scores those per SNI/Host instead of per address; HTTP without Host and TLS without SNI
 * stay here. The uids waiting for their flow record are bounded (1,024 per pair, forgotten an
 * hour after the last one when no flow came).
 *
 * <p>Thresholds: RITA v5's beacon score ({@link BeaconScore}) over a 24-hour window that starts
 * at the pair's first connection, scored when the watermark passes its end (or at the end of
 * input). RITA bins the histogram over the whole dataset's first to last timestamp; a stream has
 * no such range, so the window stands in for it: 24 one-hour bins, and a capture shorter than a
 * day scores on the hours it covers. Like RITA: at least 4 distinct connection seconds; at most
 * 86,400 timestamps kept per window; 86,400 or more connections in the window make a strobe instead of a beacon. Alerts from
 * score 0.75 (RITA's "low" bucket boundary; MEDIUM), HIGH from 0.9 (RITA's "high" bucket).
 * {@code scheduled_transfer_bytes} = 1 MiB of originator IP bytes per connection (median): the
 * size {@code dest.new_external} takes for a file, far beyond what a check-in needs; not yet
 * measured on labelled traffic.
 *
 * <p>Known false positives: software updaters, telemetry, monitoring agents, NTP and mail polling
 * keep regular schedules too (mail clients polling IMAP/POP3 and scheduled backups or report
 * uploads over FTP/SMTP are the common benign beacons of those protocols); a short capture (minutes) cannot reach a high score because the
 * histogram and duration parts need hours of data.
 */
public final class BeaconDetector implements Detector<HostPair, BeaconDetector.PairBeacons> {

    public static final String ID = "beacon.pair";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            HttpTransaction.class, TlsHandshake.class, QuicConnection.class);
    static final int NAMED_UIDS = 1_024;
    static final long NAMED_UID_TTL_NANOS = 3_600_000_000_000L;

    /**
     * Settings, read from {@code detectors.beacon.pair} (and {@code detectors.beacon.domain}).
     *
     * @param namedServices services whose flows, when no name has come for them yet, the domain
     *     detector holds back for a Host header or SNI arriving later (logs read file by file)
     * @param scheduledTransferBytes median originator IP bytes per connection from which a beacon
     *     is also a scheduled transfer (T1029)
     */
    public record Config(long windowNanos, double minScore, double highScore, int maxTimestamps,
            int minUniqueConnections, long strobeConnections, List<String> namedServices, BeaconScore.Params params,
            long scheduledTransferBytes) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 0.75, 0.9, 86_400, 4, 86_400, List.of("http", "ssl"),
                    BeaconScore.Params.rita(), 1L << 20);
        }
    }

    public static Config config(DetectConfig c) {
        return read(c.detector(ID));
    }

    static Config read(DetectConfig.Settings s) {
        var d = Config.defaults();
        var p = d.params();
        var params = new BeaconScore.Params(
                s.doubleValue("timestamp_weight", p.tsWeight()), s.doubleValue("datasize_weight", p.dsWeight()),
                s.doubleValue("histogram_weight", p.histWeight()), s.doubleValue("duration_weight", p.durWeight()),
                p.bins(), s.intValue("duration_min_hours_seen", p.durMinHours()),
                s.intValue("duration_consistency_ideal_hours_seen", p.durIdealHours()),
                s.doubleValue("histogram_mode_sensitivity", p.histModeSensitivity()),
                s.intValue("histogram_bimodal_outlier_removal", p.bimodalOutlierRemoval()),
                s.intValue("histogram_bimodal_min_hours_seen", p.bimodalMinHours()));
        double sum = params.tsWeight() + params.dsWeight() + params.histWeight() + params.durWeight();
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("the four beacon score weights must add up to 1, they add up to " + sum);
        }
        return new Config(s.durationNanos("window", d.windowNanos()), s.doubleValue("min_score", d.minScore()),
                s.doubleValue("high_score", d.highScore()), s.intValue("max_timestamps", d.maxTimestamps()),
                Math.max(4, s.intValue("unique_connection_threshold", d.minUniqueConnections())),
                s.longValue("strobe_connections", d.strobeConnections()),
                s.listValue("named_services", d.namedServices()), params,
                s.longValue("scheduled_transfer_bytes", d.scheduledTransferBytes()));
    }

    private final Config config;

    public BeaconDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1071"), Technique.of("T1071.001"), Technique.of("T1071.002"),
                Technique.of("T1071.003"), Technique.of("T1071.004"), Technique.of("T1573"), Technique.of("T1029"),
                Technique.of("T1020"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPair key(Event event) {
        return switch (event) {
            case FlowRecord f -> OutboundFlows.outbound(f) ? new HostPair(f.id().origH(), f.id().respH()) : null;
            case ConnectionCreation c -> !fromPackets(c) && outbound(c) ? new HostPair(c.id().origH(), c.id().respH()) : null;
            case HttpTransaction h -> h.host() == null || h.host().isEmpty() ? null : new HostPair(h.id().origH(), h.id().respH());
            case TlsHandshake t -> empty(t.serverName()) ? null : new HostPair(t.id().origH(), t.id().respH());
            case QuicConnection q -> empty(q.serverName()) ? null : new HostPair(q.id().origH(), q.id().respH());
            default -> null;
        };
    }

    /**
     * Metered from packets: a flow record with the sizes follows every such creation, so the pair is
     * scored on the flows and the creations are not kept at all (a third of the events of a capture).
     */
    private static boolean fromPackets(ConnectionCreation c) {
        return "pcap".equals(c.source()) || "live".equals(c.source());
    }

    /** OutboundFlows' filter for a creation: inside to outside, no special addresses. */
    private static boolean outbound(ConnectionCreation c) {
        if (!c.localOrig() || c.localResp()) return false;
        return !AddressClasses.isSpecial(c.id().origH()) && !AddressClasses.isSpecial(c.id().respH());
    }

    /**
     * One pair's current window, the uids of its connections that carried a name, and, while no
     * flow record came for the pair, its connections' creation times.
     */
    public static final class PairBeacons implements Serializable {
        private static final long serialVersionUID = 1L;
        BeaconSeries series;
        final LinkedHashSet<String> namedUids = new LinkedHashSet<>();
        BeaconSeries creations;
        boolean flowsSeen;
        /** The last process image that opened one of the creations (host sources only). */
        String creationImage;
    }

    @Override
    public PairBeacons onEvent(HostPair key, PairBeacons state, Event event, DetectorContext ctx) {
        var s = state != null ? state : new PairBeacons();
        if (event instanceof ConnectionCreation c) return onCreation(key, s, c, ctx);
        if (!(event instanceof FlowRecord f)) {
            String uid = ((ContentEvent) event).uid();
            if (uid != null && !s.namedUids.contains(uid)) {
                if (s.namedUids.size() >= NAMED_UIDS) s.namedUids.remove(s.namedUids.iterator().next());
                s.namedUids.add(uid);
            }
            if (s.series == null) ctx.timer(event.tsNanos() + NAMED_UID_TTL_NANOS);
            return s;
        }
        // The pair's flows carry the sizes: its creations (the same connections) are not scored.
        s.flowsSeen = true;
        s.creations = null;
        if (s.namedUids.remove(f.uid())) return s.series == null && s.namedUids.isEmpty() ? null : s;
        if (s.series != null && f.tsNanos() >= s.series.windowEndNanos) {
            // The window ended before its timer fired: score it now and start the next one.
            report(ID, key.src(), key.dst(), null, s.series, config, false, ctx);
            s.series = null;
        }
        if (s.series == null) {
            s.series = new BeaconSeries(f.tsNanos(), config.windowNanos());
            ctx.timer(s.series.windowEndNanos);
        }
        s.series.add(f.tsNanos(), f.origIpBytes(), f.uid(), f.communityId(), f.id().respP(), f.service(),
                config.maxTimestamps());
        return s;
    }

    private PairBeacons onCreation(HostPair key, PairBeacons s, ConnectionCreation c, DetectorContext ctx) {
        if (s.flowsSeen) return s;
        if (s.creations != null && c.tsNanos() >= s.creations.windowEndNanos) {
            reportCreations(key, s, ctx);
            s.creations = null;
        }
        if (s.creations == null) {
            s.creations = new BeaconSeries(c.tsNanos(), config.windowNanos());
            ctx.timer(s.creations.windowEndNanos);
        }
        s.creations.add(c.tsNanos(), 0, c.uid(), c.communityId(), c.id().respP(), c.proto(), config.maxTimestamps());
        if (c.process() != null && c.process().image() != null && !c.process().image().isBlank()) {
            s.creationImage = c.process().image();
        }
        return s;
    }

    @Override
    public PairBeacons onTimer(HostPair key, PairBeacons state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.creations != null && timerNanos >= state.creations.windowEndNanos) {
            reportCreations(key, state, ctx);
            state.creations = null;
        }
        if (state.series != null) {
            if (timerNanos < state.series.windowEndNanos) return state; // a named uid's timer, or an old window's
            report(ID, key.src(), key.dst(), null, state.series, config, false, ctx);
            state.series = null;
        }
        // uids named an hour or more ago whose flow never came are forgotten with the window
        return state.creations != null ? state : null;
    }

    /**
     * Scores a window of creations on their times alone: RITA's weights without the data-size
     * part, the others scaled to add up to 1. The series' service field holds the transport.
     */
    private void reportCreations(HostPair key, PairBeacons st, DetectorContext ctx) {
        BeaconSeries s = st.creations;
        var p = config.params();
        if (p.dsWeight() >= 1 || s.total >= config.strobeConnections()) return; // strobes need the flows' view
        if (s.uniqueSeconds() < config.minUniqueConnections()) return;
        double rest = 1 - p.dsWeight();
        var timing = new BeaconScore.Params(p.tsWeight() / rest, 0, p.histWeight() / rest, p.durWeight() / rest,
                p.bins(), p.durMinHours(), p.durIdealHours(), p.histModeSensitivity(), p.bimodalOutlierRemoval(),
                p.bimodalMinHours());
        BeaconScore score = s.score(timing);
        if (score.score() < config.minScore()) return;
        boolean transferPort = FileTransferClients.port(s.service, s.lastDstPort);
        boolean transferTool = FileTransferClients.tool(st.creationImage);
        var b = Alert.builder(ID).technique("T1071");
        String transfer = "";
        if (transferPort || transferTool) {
            b.technique("T1029").technique("T1020");
            transfer = transferTool
                    ? "; opened by " + st.creationImage + ", a file-transfer client: a scheduled, automated transfer"
                    : String.format(Locale.ROOT, "; to %s port %d, a file-transfer service: a scheduled, automated transfer",
                            s.service, s.lastDstPort);
        }
        b.component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(score.score() >= config.highScore() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(score.score())
                .time(s.firstNanos, s.lastNanos)
                .srcHost(key.src())
                .dstHost(key.dst())
                .incident(key.src() + " → " + key.dst());
        if (s.lastDstPort >= 0) b.dstPort(s.lastDstPort);
        if (st.creationImage != null) b.process(st.creationImage);
        for (int i = 0; i < s.uids.size(); i++) b.evidence(s.uids.get(i), s.communityIds.get(i));
        b.evidenceCount(s.total);
        b.explanation(String.format(Locale.ROOT,
                "%s → %s: %,d connections opened over %s, every %s ± %s, score %.2f on timing alone (ts %.2f, hist %.2f,"
                        + " dur %.2f; no byte counts in connection records)%s",
                key.src(), key.dst(), s.total, Explanations.span(s.lastNanos - s.firstNanos),
                Explanations.seconds(score.medianIntervalSeconds()), Explanations.seconds(score.intervalMadSeconds()),
                score.score(), score.timestamp(), score.histogram(), score.duration(), transfer));
        ctx.alert(b.build());
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    static boolean named(String service, List<String> namedServices) {
        if (service == null || service.isEmpty()) return false;
        for (String s : namedServices) if (hasService(service, s)) return true;
        return false;
    }

    /** Whether Zeek's comma-joined {@code service} field lists {@code name}. */
    static boolean hasService(String service, String name) {
        if (service == null) return false;
        if (name.isEmpty()) { // only split's own rules say which empty entries there are
            for (String s : service.split(",")) if (s.strip().equalsIgnoreCase(name)) return true;
            return false;
        }
        // Asked for every flow: compare each comma-separated entry, stripped, in place.
        int from = 0, n = service.length();
        while (from <= n) {
            int comma = service.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            int a = from, b = end;
            while (a < b && Character.isWhitespace(service.charAt(a))) a++;
            while (b > a && Character.isWhitespace(service.charAt(b - 1))) b--;
            if (b - a == name.length() && service.regionMatches(true, a, name, 0, b - a)) return true;
            if (comma < 0) break;
            from = comma + 1;
        }
        return false;
    }

    /** Scores a finished window and reports a beacon or a strobe. */
    static void report(String detectorId, String src, String dst, String domain, BeaconSeries s, Config config,
            boolean webServiceTechnique, DetectorContext ctx) {
        String target = domain != null ? domain : dst;
        // Most windows are no beacon: the explanation's parts are made only once one is certain.
        if (s.total >= config.strobeConnections()) {
            String span = Explanations.span(s.lastNanos - s.firstNanos);
            var b = alert(detectorId, src, dst, domain, s, techniquesFor(s.service, webServiceTechnique && domain != null))
                    .severity(Severity.MEDIUM)
                    .confidence(0.8)
                    .explanation(String.format(Locale.ROOT,
                            "%s → %s: %,d connections over %s, at least %,d in the window: a strobe (RITA's threshold)",
                            src, target, s.total, span, config.strobeConnections()));
            ctx.alert(b.build());
            return;
        }
        if (s.uniqueSeconds() < config.minUniqueConnections()) return;
        BeaconScore score = s.score(config.params());
        if (score.score() < config.minScore()) return;
        String span = Explanations.span(s.lastNanos - s.firstNanos);
        var techniques = techniquesFor(s.service, webServiceTechnique && domain != null);
        long medianBytes = s.medianBytes();
        boolean scheduled = medianBytes >= config.scheduledTransferBytes();
        if (scheduled) techniques.add("T1029");
        var b = alert(detectorId, src, dst, domain, s, techniques)
                .severity(score.score() >= config.highScore() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(score.score())
                .explanation(String.format(Locale.ROOT,
                        "%s → %s: %,d connections over %s, every %s ± %s, score %.2f (ts %.2f, size %.2f, hist %.2f, dur %.2f)",
                        src, target, s.total, span, Explanations.seconds(score.medianIntervalSeconds()),
                        Explanations.seconds(score.intervalMadSeconds()), score.score(), score.timestamp(), score.dataSize(),
                        score.histogram(), score.duration())
                        + (scheduled ? String.format(Locale.ROOT, "; each sends a median %s: a scheduled transfer",
                                Explanations.bytes(medianBytes)) : "")
                        + protocolNote(s.service));
        ctx.alert(b.build());
    }

    private static Alert.Builder alert(String detectorId, String src, String dst, String domain, BeaconSeries s,
            List<String> techniques) {
        var b = Alert.builder(detectorId);
        for (String t : techniques) b.technique(t);
        b.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        // A domain came from content (Host header, SNI, DNS answer): the alert rests on both.
        if (domain != null) b.component(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        b.time(s.firstNanos, s.lastNanos)
                .srcHost(src)
                .incident(src + " → " + (domain != null ? domain : dst));
        if (dst != null) b.dstHost(dst);
        if (domain != null) b.domain(domain);
        if (s.lastDstPort >= 0) b.dstPort(s.lastDstPort);
        for (int i = 0; i < s.uids.size(); i++) b.evidence(s.uids.get(i), s.communityIds.get(i));
        b.evidenceCount(s.total);
        return b;
    }

    /** T1071 always; the sub-technique and T1573 when the flows' service says which protocol. */
    static List<String> techniquesFor(String service, boolean webService) {
        var out = new ArrayList<String>();
        out.add("T1071");
        boolean web = hasService(service, "http") || hasService(service, "ssl") || hasService(service, "quic");
        if (web) out.add("T1071.001");
        if (fileTransfer(service)) out.add("T1071.002");
        if (mail(service)) out.add("T1071.003");
        if (hasService(service, "dns")) out.add("T1071.004");
        if (hasService(service, "ssl") || hasService(service, "ssh") || hasService(service, "quic")) out.add("T1573");
        if (webService && web) out.add("T1102");
        return out;
    }

    private static boolean fileTransfer(String service) {
        return hasService(service, "ftp") || hasService(service, "ftp-data") || hasService(service, "tftp");
    }

    private static boolean mail(String service) {
        return hasService(service, "smtp") || hasService(service, "imap") || hasService(service, "pop3");
    }

    /** File-transfer and mail protocols rarely beacon to one outside server: the explanation says which. */
    private static String protocolNote(String service) {
        if (fileTransfer(service)) return "; over a file-transfer protocol (" + service + ")";
        if (mail(service)) return "; over a mail protocol (" + service + ")";
        return "";
    }
}
