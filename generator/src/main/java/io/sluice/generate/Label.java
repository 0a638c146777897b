package io.sluice.generate;

import java.util.List;

/**
 * Ground truth for a stretch of generated traffic: what happened, between which hosts, when, and
 * which ATT&CK techniques it shows (empty for ordinary traffic). Analytics' tests assert against
 * these instead of guessing from packets.
 */
public record Label(String scenario, String description, List<String> techniques, List<String> hosts,
        long fromNanos, long toNanos) {
    public Label {
        techniques = List.copyOf(techniques);
        hosts = List.copyOf(hosts);
    }
}
