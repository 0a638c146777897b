package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.tls.TlsHandshake;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Beaconing from an internal host to a domain: the same rhythm as {@link BeaconDetector} but
 * grouped by the name the host asked for, so a C2 behind a CDN or rotating addresses still forms
 * one series (RITA's "sni" beacons).
 *
 * <p>ATT&CK: T1071 (+ .001 over HTTP/TLS, .004 over DNS), T1573 over TLS, and T1102 when the
 * channel is a web protocol to a named service; DS0029 Network Traffic Flow and Network Traffic
 * Content.
 *
 * <p>Evidence: a {@link FlowRecord}'s uid joins to the {@link HttpTransaction} Host header or the
 * {@link TlsHandshake} or {@link QuicConnection} SNI of the same connection; flows without one
 * take the name of their destination address from the host's own {@link DnsTransaction} answers.
 * Everything is keyed by source host, dropped once no domain is being scored (checked a window
 * after the host's first event and at each window's end), and bounded: at most {@code maxNames}
 * names by uid and by address, {@code maxPending} flows waiting for their name (logs may deliver
 * conn.log before http.log), and {@code maxDomains} domains scored per host.
 *
 * <p>Thresholds: those of {@link BeaconDetector} (RITA v5's score and minimums), read from
 * {@code detectors.beacon.domain}.
 *
 * <p>Known false positives: update checks, telemetry and push services polling their own domains.
 * A beacon named only by DNS (no Host header or SNI) is also scored per address by
 * {@link BeaconDetector}, so it is reported by both; HTTP through an internal proxy is not seen
 * (the flow goes to an internal address), and an HTTP flow without a Host header is dropped.
 */
public final class DomainBeaconDetector implements Detector<String, DomainBeaconDetector.HostBeacons> {

    public static final String ID = "beacon.domain";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class, HttpTransaction.class,
            TlsHandshake.class, QuicConnection.class, DnsTransaction.class);

    public record Config(BeaconDetector.Config beacon, int maxNames, int maxPending, int maxDomains) {
        public static Config defaults() {
            return new Config(BeaconDetector.Config.defaults(), 1_024, 1_024, 256);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(BeaconDetector.read(s), s.intValue("max_names", d.maxNames()),
                s.intValue("max_pending", d.maxPending()), s.intValue("max_domains", d.maxDomains()));
    }

    /** A flow still waiting for its HTTP Host or TLS SNI. */
    record PendingFlow(long tsNanos, long origIpBytes, String communityId, String dstHost, int dstPort, String service)
            implements Serializable {}

    /** One source host's names and its per-domain series. Plain data, bounded. */
    public static final class HostBeacons implements Serializable {
        private static final long serialVersionUID = 1L;
        final LinkedHashMap<String, String> namesByUid = new LinkedHashMap<>();
        final LinkedHashMap<String, String> namesByAddress = new LinkedHashMap<>();
        final LinkedHashMap<String, PendingFlow> pending = new LinkedHashMap<>();
        final TreeMap<String, BeaconSeries> series = new TreeMap<>();
        final TreeMap<String, String> lastAddress = new TreeMap<>();
        long domainsDropped;
    }

    private final Config config;

    public DomainBeaconDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        // .002, .003 and T1029 as BeaconDetector.report names them for flows named by DNS
        return List.of(Technique.of("T1071"), Technique.of("T1071.001"), Technique.of("T1071.002"),
                Technique.of("T1071.003"), Technique.of("T1071.004"), Technique.of("T1573"), Technique.of("T1102"),
                Technique.of("T1029"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case FlowRecord f -> OutboundFlows.outbound(f) ? f.id().origH() : null;
            case HttpTransaction h -> h.host() == null || h.host().isEmpty() ? null : h.id().origH();
            case TlsHandshake t -> t.serverName() == null || t.serverName().isEmpty() ? null : t.id().origH();
            case QuicConnection q -> q.serverName() == null || q.serverName().isEmpty() ? null : q.id().origH();
            case DnsTransaction d -> d.query() == null || d.answers() == null || d.answers().isEmpty() ? null : d.id().origH();
            default -> null;
        };
    }

    @Override
    public HostBeacons onEvent(String host, HostBeacons state, Event event, DetectorContext ctx) {
        var s = state;
        if (s == null) {
            s = new HostBeacons();
            // Housekeeping: a host whose names never led to a series is forgotten after a window.
            ctx.timer(event.tsNanos() + config.beacon().windowNanos());
        }
        switch (event) {
            case HttpTransaction h -> named(host, s, h.uid(), h.host(), ctx);
            case TlsHandshake t -> named(host, s, t.uid(), t.serverName(), ctx);
            case QuicConnection q -> named(host, s, q.uid(), q.serverName(), ctx);
            case DnsTransaction d -> {
                String name = normalise(d.query());
                for (String a : d.answers()) {
                    if (isAddress(a)) put(s.namesByAddress, a, name, config.maxNames());
                }
            }
            case FlowRecord f -> {
                String name = s.namesByUid.remove(f.uid());
                if (name == null && !BeaconDetector.named(f.service(), config.beacon().namedServices())) {
                    name = s.namesByAddress.get(f.id().respH());
                }
                var flow = new PendingFlow(f.tsNanos(), f.origIpBytes(), f.communityId(), f.id().respH(), f.id().respP(),
                        f.service());
                if (name != null) {
                    add(host, s, name, f.uid(), flow, ctx);
                } else if (BeaconDetector.named(f.service(), config.beacon().namedServices())) {
                    put(s.pending, f.uid(), flow, config.maxPending());
                }
            }
            default -> {}
        }
        return s;
    }

    @Override
    public HostBeacons onTimer(String host, HostBeacons state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        for (Iterator<Map.Entry<String, BeaconSeries>> it = state.series.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().windowEndNanos <= timerNanos) {
                report(host, e.getKey(), state, e.getValue(), ctx);
                state.lastAddress.remove(e.getKey());
                it.remove();
            }
        }
        // Nothing left to score: drop the host's names too, so idle hosts hold no state.
        return state.series.isEmpty() ? null : state;
    }

    /** A Host header or SNI for a connection: remembered, or given to the flow that waited for it. */
    private void named(String host, HostBeacons s, String uid, String rawName, DetectorContext ctx) {
        String name = normalise(rawName);
        if (name.isEmpty() || uid == null) return;
        PendingFlow waiting = s.pending.remove(uid);
        if (waiting != null) add(host, s, name, uid, waiting, ctx);
        else put(s.namesByUid, uid, name, config.maxNames());
    }

    private void add(String host, HostBeacons s, String name, String uid, PendingFlow f, DetectorContext ctx) {
        var series = s.series.get(name);
        if (series != null && f.tsNanos() >= series.windowEndNanos) {
            report(host, name, s, series, ctx);
            s.series.remove(name);
            series = null;
        }
        if (series == null) {
            if (s.series.size() >= config.maxDomains()) {
                s.domainsDropped++;
                return;
            }
            series = new BeaconSeries(f.tsNanos(), config.beacon().windowNanos());
            s.series.put(name, series);
            ctx.timer(series.windowEndNanos);
        }
        series.add(f.tsNanos(), f.origIpBytes(), uid, f.communityId(), f.dstPort(), f.service(),
                config.beacon().maxTimestamps());
        s.lastAddress.put(name, f.dstHost());
    }

    private void report(String host, String domain, HostBeacons s, BeaconSeries series, DetectorContext ctx) {
        BeaconDetector.report(ID, host, s.lastAddress.get(domain), domain, series, config.beacon(), true, ctx);
    }

    static String normalise(String name) {
        if (name == null) return "";
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!n.startsWith("[")) {
            int colon = n.indexOf(':');
            if (colon >= 0 && n.indexOf(':', colon + 1) < 0) n = n.substring(0, colon); // host:port
        }
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        return n;
    }

    static boolean isAddress(String s) {
        if (s == null || s.isEmpty()) return false;
        if (s.indexOf(':') >= 0) return true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    private static <V> void put(LinkedHashMap<String, V> map, String key, V value, int max) {
        map.remove(key);
        while (map.size() >= max && !map.isEmpty()) {
            Iterator<String> it = map.keySet().iterator();
            it.next();
            it.remove();
        }
        map.put(key, value);
    }
}
