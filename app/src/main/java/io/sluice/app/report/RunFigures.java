package io.sluice.app.report;

import io.sluice.detect.Severity;
import java.util.List;

/**
 * The figures of one run that the summary table on the terminal and the HTML report both show,
 * gathered once at the end of the run, so the two cannot disagree.
 *
 * @param firstPacketNanos the first packet's time; meaningful only when {@code packets > 0}
 * @param lastPacketNanos the last packet's time; meaningful only when {@code packets > 0}
 * @param connections flow records written to conn.log
 * @param wallSeconds the run's analysis time
 * @param protocols connections, packets and bytes by transport protocol, by name
 * @param connStates connections by Zeek conn_state, by name ({@code -} for sources without one)
 * @param topTalkers the hosts that moved the most bytes as originators, most first
 * @param logRows rows per log (names without {@code .log}), in the order the logs were opened
 * @param alerts alerts by technique; null when detection was off
 */
public record RunFigures(long packets, long wireBytes, long firstPacketNanos, long lastPacketNanos, long innerPackets,
        long connections, double wallSeconds, List<ProtocolCount> protocols, List<Count> connStates,
        List<Talker> topTalkers, List<Count> logRows, Alerts alerts) {

    public RunFigures {
        protocols = List.copyOf(protocols);
        connStates = List.copyOf(connStates);
        topTalkers = List.copyOf(topTalkers);
        logRows = List.copyOf(logRows);
    }

    /** The traffic's span: last packet time minus first, in seconds (0 without packets). */
    public double spanSeconds() {
        return packets > 0 ? (lastPacketNanos - firstPacketNanos) / 1e9 : 0;
    }

    public record ProtocolCount(String proto, long connections, long packets, long bytes) {}

    public record Count(String name, long count) {}

    /** @param bytes IP bytes both ways of the connections the host originated */
    public record Talker(String host, long bytes, long connections) {}

    /** @param highest the highest severity among the technique's alerts */
    public record TechniqueCount(String technique, String name, long alerts, Severity highest) {}

    /** @param total alerts written to alerts.jsonl; an alert with two techniques counts once here, once per technique below */
    public record Alerts(long total, List<TechniqueCount> techniques) {
        public Alerts {
            techniques = List.copyOf(techniques);
        }
    }
}
