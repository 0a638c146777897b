package io.sluice.app;

import io.sluice.app.report.AlertDigest;
import io.sluice.app.report.ReportData;
import io.sluice.app.report.RunFigures;
import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.AlertFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers what {@code report.html} shows from a finished run: the summary table's figures as they
 * are, the services and connection timeline {@link RunSummary} kept, the alerts the digest kept,
 * and the files in the output folder with their sizes.
 */
final class RunReport {
    private RunReport() {}

    /**
     * @param alerts null when detection was off
     * @param catalogue null when detection was off
     */
    static ReportData gather(RunFigures figures, RunSummary summary, AlertDigest alerts, AttackCatalogue catalogue,
            Analysis.Options options, String version, List<String> errors, Instant now) {
        var live = options.live();
        var source = live != null ? new ReportData.Source(List.of(), live.device(), live.filter())
                : new ReportData.Source(options.inputs(), null, null);
        var services = new ArrayList<RunFigures.Count>();
        summary.byService().forEach((service, n) -> services.add(new RunFigures.Count(service, n)));
        var files = new ArrayList<ReportData.LogFile>();
        for (var log : figures.logRows()) files.add(file(options.out(), log.name() + ".log", log.count()));
        if (figures.alerts() != null) files.add(file(options.out(), AlertFileWriter.FILE_NAME, figures.alerts().total()));
        return new ReportData(figures, source, version, now, services, summary.starts(), alerts, catalogue, files, errors);
    }

    private static ReportData.LogFile file(Path dir, String name, long rows) {
        Path p = dir.resolve(name);
        long bytes = -1;
        try {
            if (Files.isRegularFile(p)) bytes = Files.size(p);
        } catch (IOException gone) {
            // listed without a size or a link, as a rotated log is
        }
        return new ReportData.LogFile(name, rows, bytes >= 0, Math.max(bytes, 0));
    }
}
