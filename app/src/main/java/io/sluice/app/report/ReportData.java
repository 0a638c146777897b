package io.sluice.app.report;

import io.sluice.attack.AttackCatalogue;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@code report.html} shows, gathered from the run once it has ended: the summary
 * table's figures, what the table has no room for (services, the connection timeline, the alerts
 * themselves) and what the page needs to say where it came from.
 *
 * @param version Sluice's version
 * @param generatedAt when the page was made: the one thing two renderings of the same run differ in
 * @param services connections by conn.log's {@code service} ({@code -}: none confirmed), by name
 * @param connections connections by start time
 * @param alerts the alerts; null when detection was off
 * @param catalogue ATT&CK names and tactics for the alerts; null when detection was off
 * @param logs the files written beside the report, alerts.jsonl last
 * @param errors the damaged inputs, as the summary lists them
 */
public record ReportData(RunFigures figures, Source source, String version, Instant generatedAt,
        List<RunFigures.Count> services, TimeHistogram connections, AlertDigest alerts, AttackCatalogue catalogue,
        List<LogFile> logs, List<String> errors) {

    public ReportData {
        services = List.copyOf(services);
        logs = List.copyOf(logs);
        errors = List.copyOf(errors);
    }

    /**
     * What was analysed: the inputs as given, or a live interface.
     *
     * @param device the interface of a live capture; null when inputs were read
     * @param filter the live capture's BPF filter, or null
     */
    public record Source(List<String> inputs, String device, String filter) {
        public Source {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * One file of the output folder.
     *
     * @param present whether it lies beside the report (with {@code --rotate} the logs are moved into dated folders)
     * @param bytes its size, when present
     */
    public record LogFile(String name, long rows, boolean present, long bytes) {}
}
