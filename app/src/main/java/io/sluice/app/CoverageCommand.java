package io.sluice.app;

import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.CoverageMap;
import io.sluice.attack.CoverageRow;
import io.sluice.attack.CoverageRow.Status;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import io.sluice.event.Ds0029Component;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice coverage}: the DS0029 coverage map, row by row, with totals per data component and
 * overall, and optionally as an ATT&CK Navigator layer.
 */
@Command(
        name = "coverage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Show how Sluice covers the 241 (data component, technique) rows of MITRE ATT&CK DS0029 \"Network"
                    + " Traffic\": covered (an analytic, and the test that shows it firing on traffic of that kind),"
                    + " planned (the analytic planned for it), or not observable (why traffic cannot show it)."
        },
        footer = {
            "",
            "Examples:",
            "  sluice coverage",
            "  sluice coverage --totals",
            "  sluice coverage --navigator sluice-layer.json    (open it in the ATT&CK Navigator)"
        })
final class CoverageCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--navigator", paramLabel = "FILE",
            description = "Also write an ATT&CK Navigator layer (format 4.5) scored and coloured by status.")
    Path navigator;

    @Option(names = "--totals", description = "Print only the totals, not every row.")
    boolean totalsOnly;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Print only rows with this status: covered, planned or not-observable.")
    String status;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var map = CoverageMap.builtin();
        var catalogue = AttackCatalogue.builtin();
        Status only = null;
        if (status != null) {
            try {
                only = Status.parse(status.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("sluice: --status: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        if (!totalsOnly) {
            var t = new TextTable("DS0029 coverage (" + map.rows().size() + " rows)", "component", "technique", "name",
                    "status", "analytics", "proved by / reason");
            for (var r : map.rows()) {
                if (only != null && r.status() != only) continue;
                t.row(shortName(r.component()), r.technique().id(), catalogue.fullName(r.technique().id()),
                        r.status().label(), String.join(", ", r.analytics()),
                        r.status() == Status.COVERED ? String.join(", ", r.tests())
                                : r.status() == Status.NOT_OBSERVABLE ? r.reason() : "");
            }
            out.print(t.render());
            out.println();
        }
        out.print(totals(map).render());
        var unregistered = unregisteredCoveredAnalytics(map);
        if (!unregistered.isEmpty()) {
            err.println("sluice: warning: covered rows name analytics that are not registered: " + String.join(", ", unregistered));
        }
        if (navigator != null) {
            try {
                NavigatorLayer.write(NavigatorLayer.build(map, catalogue), navigator);
                out.println();
                out.println("Navigator layer written to " + navigator);
            } catch (IOException e) {
                err.println("sluice: cannot write " + navigator + ": " + e.getMessage());
                return ExitCode.OUTPUT_FAILED;
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    static TextTable totals(CoverageMap map) {
        var t = new TextTable("Coverage totals", "data component", "covered", "planned", "not observable", "rows",
                "covered %").numeric(1, 2, 3, 4, 5);
        long[] all = new long[4];
        for (var c : Ds0029Component.values()) {
            long[] n = new long[4];
            for (var r : map.rows()) {
                if (r.component() != c) continue;
                n[r.status().ordinal()]++;
                n[3]++;
            }
            for (int i = 0; i < 4; i++) all[i] += n[i];
            t.row(c.displayName(), n[0], n[1], n[2], n[3], percent(n[0], n[3]));
        }
        t.row("all", all[0], all[1], all[2], all[3], percent(all[0], all[3]));
        return t;
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String shortName(Ds0029Component c) {
        return switch (c) {
            case NETWORK_CONNECTION_CREATION -> "Connection Creation";
            case NETWORK_TRAFFIC_CONTENT -> "Traffic Content";
            case NETWORK_TRAFFIC_FLOW -> "Traffic Flow";
        };
    }

    private static java.util.List<String> unregisteredCoveredAnalytics(CoverageMap map) {
        var ids = new HashSet<String>();
        for (Detector<?, ?> d : Detectors.standard(DetectConfig.empty())) ids.add(d.id());
        var missing = new ArrayList<String>();
        for (CoverageRow r : map.rows()) {
            if (r.status() != Status.COVERED) continue;
            for (var a : r.analytics()) if (!ids.contains(a) && !missing.contains(a)) missing.add(a);
        }
        return missing;
    }
}
