package io.sluice.app;

import io.sluice.app.report.RunFigures;
import io.sluice.flow.FlowStats;
import io.sluice.packet.DecodeError;
import io.sluice.packet.DecodeStats;
import io.sluice.packet.Tunnel;
import io.sluice.pipeline.PipelineStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table printed at the end of a run: traffic read, flows by protocol and state, top talkers,
 * tunnels, decode errors, flow-table pressure, the logs written and any input damage. Its figures
 * are gathered once into {@link RunFigures}, which the HTML report shows too.
 */
final class SummaryReport {
    private static final int TOP_TALKERS = 10;

    private final PipelineStats traffic;
    private final FlowStats flowStats;
    private final RunSummary flows;
    private final Map<String, Long> rows;
    private final Path out;
    private final double wallSeconds;
    private final List<String> errors;
    private AlertTally alerts;
    private RunFigures figures;

    SummaryReport(PipelineStats traffic, FlowStats flowStats, RunSummary flows, Map<String, Long> rows, Path out,
            double wallSeconds, List<String> errors) {
        this.traffic = traffic;
        this.flowStats = flowStats;
        this.flows = flows;
        this.rows = rows;
        this.out = out;
        this.wallSeconds = wallSeconds;
        this.errors = errors;
    }

    /** Adds the alerts-by-technique table; null when detection was off. */
    SummaryReport alerts(AlertTally tally) {
        this.alerts = tally;
        this.figures = null;
        return this;
    }

    /** The run's figures, gathered on first use (the top talkers take a pass over every host). */
    RunFigures figures() {
        if (figures != null) return figures;
        var protocols = new ArrayList<RunFigures.ProtocolCount>();
        flows.byProtocol().forEach((proto, v) -> protocols.add(new RunFigures.ProtocolCount(proto, v[0], v[1], v[2])));
        var states = new ArrayList<RunFigures.Count>();
        flows.byConnState().forEach((state, n) -> states.add(new RunFigures.Count(state, n)));
        var talkers = new ArrayList<RunFigures.Talker>();
        for (var t : flows.topTalkers(TOP_TALKERS)) talkers.add(new RunFigures.Talker(t.host(), t.bytes(), t.flows()));
        var logRows = new ArrayList<RunFigures.Count>();
        rows.forEach((log, n) -> logRows.add(new RunFigures.Count(log, n)));
        RunFigures.Alerts alertFigures = null;
        if (alerts != null) {
            var techniques = new ArrayList<RunFigures.TechniqueCount>();
            for (var r : alerts.rows()) techniques.add(new RunFigures.TechniqueCount(r.technique(), r.name(), r.alerts(), r.highest()));
            alertFigures = new RunFigures.Alerts(alerts.alerts(), techniques);
        }
        figures = new RunFigures(traffic.packets(), traffic.wireBytes(), traffic.firstTsNanos(), traffic.lastTsNanos(),
                traffic.innerPackets(), flows.flows(), wallSeconds, protocols, states, talkers, logRows, alertFigures);
        return figures;
    }

    String render() {
        var f = figures();
        var sb = new StringBuilder();
        sb.append(overview(f).render()).append('\n');
        sb.append(protocols(f).render()).append('\n');
        var states = connStates(f);
        if (!states.isEmpty()) sb.append(states.render()).append('\n');
        var talkers = topTalkers(f);
        if (!talkers.isEmpty()) sb.append(talkers.render()).append('\n');
        var decode = decodeProblems();
        if (!decode.isEmpty()) sb.append(decode.render()).append('\n');
        if (f.alerts() != null) sb.append(alertsByTechnique(f.alerts()).render()).append('\n');
        sb.append(logs(f).render());
        if (!errors.isEmpty()) {
            sb.append('\n').append("Input errors (results before each were kept):\n");
            for (String e : errors) sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    private static TextTable overview(RunFigures f) {
        var t = new TextTable("Sluice summary", "what", "value").numeric(1);
        t.row("packets", Units.count(f.packets()));
        t.row("bytes on the wire", Units.bytes(f.wireBytes()));
        if (f.packets() > 0) {
            t.row("first packet", Instant.ofEpochSecond(0, f.firstPacketNanos()).toString());
            t.row("last packet", Instant.ofEpochSecond(0, f.lastPacketNanos()).toString());
            t.row("traffic span", Units.seconds(f.spanSeconds()));
        }
        t.row("connections", Units.count(f.connections()));
        long inner = f.innerPackets();
        if (inner > 0) t.row("packets inside tunnels", Units.count(inner));
        t.row("analysis time", Units.seconds(f.wallSeconds()));
        if (f.wallSeconds() > 0) t.row("speed", Units.rate(f.packets() / f.wallSeconds()) + " pkt/s");
        return t;
    }

    private static TextTable protocols(RunFigures f) {
        var t = new TextTable("Connections by protocol", "proto", "connections", "packets", "bytes").numeric(1, 2, 3);
        for (var p : f.protocols()) t.row(p.proto(), Units.count(p.connections()), Units.count(p.packets()), Units.bytes(p.bytes()));
        if (t.isEmpty()) t.row("(none)", "0", "0", "0 B");
        return t;
    }

    private static TextTable connStates(RunFigures f) {
        var t = new TextTable("Connection states (Zeek conn_state)", "state", "connections").numeric(1);
        for (var s : f.connStates()) t.row(s.name(), Units.count(s.count()));
        return t;
    }

    private static TextTable topTalkers(RunFigures f) {
        var t = new TextTable("Top talkers (as originator, IP bytes both ways)", "host", "bytes", "connections").numeric(1, 2);
        for (var talker : f.topTalkers()) t.row(talker.host(), Units.bytes(talker.bytes()), Units.count(talker.connections()));
        return t;
    }

    private TextTable decodeProblems() {
        var t = new TextTable("Decoding and metering", "what", "packets").numeric(1);
        DecodeStats d = traffic.decode();
        for (DecodeError e : DecodeError.values()) {
            if (e != DecodeError.NONE && d.errors(e) > 0) t.row(e.description(), Units.count(d.errors(e)));
        }
        for (Tunnel tunnel : Tunnel.values()) {
            if (tunnel != Tunnel.NONE && d.tunnels(tunnel) > 0) t.row("carried a " + tunnel.name() + " tunnel", Units.count(d.tunnels(tunnel)));
        }
        if (traffic.badIpChecksums() > 0) {
            t.row("bad IPv4 header checksum, dropped (use -C to keep them)", Units.count(traffic.badIpChecksums()));
        }
        if (flowStats.badChecksums() > 0) {
            t.row("bad checksum, not metered (use -C for offloaded captures)", Units.count(flowStats.badChecksums()));
        }
        if (flowStats.evicted() > 0) t.row("connections evicted (flow table full, see --max-flows)", Units.count(flowStats.evicted()));
        return t;
    }

    private static TextTable alertsByTechnique(RunFigures.Alerts alerts) {
        var t = new TextTable("Alerts by ATT&CK technique (" + Units.count(alerts.total()) + " alerts in alerts.jsonl)",
                "technique", "name", "alerts", "highest severity").numeric(2);
        for (var r : alerts.techniques()) t.row(r.technique(), r.name(), Units.count(r.alerts()), r.highest().ocsfName());
        if (t.isEmpty()) t.row("(none)", "", "0", "");
        return t;
    }

    private TextTable logs(RunFigures f) {
        var t = new TextTable("Logs in " + out, "log", "rows").numeric(1);
        for (var log : f.logRows()) t.row(log.name() + ".log", Units.count(log.count()));
        return t;
    }
}
