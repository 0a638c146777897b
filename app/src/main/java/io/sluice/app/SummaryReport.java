package io.sluice.app;

import io.sluice.flow.FlowStats;
import io.sluice.packet.DecodeError;
import io.sluice.packet.DecodeStats;
import io.sluice.packet.Tunnel;
import io.sluice.pipeline.PipelineStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The table printed at the end of a run: traffic read, flows by protocol and state, top talkers,
 * tunnels, decode errors, flow-table pressure, the logs written and any input damage.
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
        return this;
    }

    String render() {
        var sb = new StringBuilder();
        sb.append(overview().render()).append('\n');
        sb.append(protocols().render()).append('\n');
        var states = connStates();
        if (!states.isEmpty()) sb.append(states.render()).append('\n');
        var talkers = topTalkers();
        if (!talkers.isEmpty()) sb.append(talkers.render()).append('\n');
        var decode = decodeProblems();
        if (!decode.isEmpty()) sb.append(decode.render()).append('\n');
        if (alerts != null) sb.append(alertsByTechnique().render()).append('\n');
        sb.append(logs().render());
        if (!errors.isEmpty()) {
            sb.append('\n').append("Input errors (results before each were kept):\n");
            for (String e : errors) sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    private TextTable overview() {
        var t = new TextTable("Sluice summary", "what", "value").numeric(1);
        t.row("packets", Units.count(traffic.packets()));
        t.row("bytes on the wire", Units.bytes(traffic.wireBytes()));
        if (traffic.packets() > 0) {
            t.row("first packet", Instant.ofEpochSecond(0, traffic.firstTsNanos()).toString());
            t.row("last packet", Instant.ofEpochSecond(0, traffic.lastTsNanos()).toString());
            t.row("traffic span", Units.seconds((traffic.lastTsNanos() - traffic.firstTsNanos()) / 1e9));
        }
        t.row("connections", Units.count(flows.flows()));
        long inner = traffic.innerPackets();
        if (inner > 0) t.row("packets inside tunnels", Units.count(inner));
        t.row("analysis time", Units.seconds(wallSeconds));
        if (wallSeconds > 0) t.row("speed", Units.rate(traffic.packets() / wallSeconds) + " pkt/s");
        return t;
    }

    private TextTable protocols() {
        var t = new TextTable("Connections by protocol", "proto", "connections", "packets", "bytes").numeric(1, 2, 3);
        flows.byProtocol().forEach((proto, v) -> t.row(proto, Units.count(v[0]), Units.count(v[1]), Units.bytes(v[2])));
        if (t.isEmpty()) t.row("(none)", "0", "0", "0 B");
        return t;
    }

    private TextTable connStates() {
        var t = new TextTable("Connection states (Zeek conn_state)", "state", "connections").numeric(1);
        flows.byConnState().forEach((state, n) -> t.row(state, Units.count(n)));
        return t;
    }

    private TextTable topTalkers() {
        var t = new TextTable("Top talkers (as originator, IP bytes both ways)", "host", "bytes", "connections").numeric(1, 2);
        for (var talker : flows.topTalkers(TOP_TALKERS)) t.row(talker.host(), Units.bytes(talker.bytes()), Units.count(talker.flows()));
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

    private TextTable alertsByTechnique() {
        var t = new TextTable("Alerts by ATT&CK technique (" + Units.count(alerts.alerts()) + " alerts in alerts.jsonl)",
                "technique", "name", "alerts", "highest severity").numeric(2);
        for (var r : alerts.rows()) t.row(r.technique(), r.name(), Units.count(r.alerts()), r.highest().ocsfName());
        if (t.isEmpty()) t.row("(none)", "", "0", "");
        return t;
    }

    private TextTable logs() {
        var t = new TextTable("Logs in " + out, "log", "rows").numeric(1);
        rows.forEach((log, n) -> t.row(log + ".log", Units.count(n)));
        return t;
    }
}
