package io.sluice.app;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.BaselineStateFile;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.rules.intel.Indicator;
import io.sluice.rules.intel.IntelFileReader;
import io.sluice.rules.intel.IntelSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the analytics read besides the traffic: the host baselines of earlier runs
 * ({@code --state FILE}, loaded before and saved after the run) and the threat-intel lists
 * ({@code --intel [NAME=]FILE}). A damaged state file is a warning (the run starts with empty
 * baselines); a missing or unreadable intel list is a usage error, since the user asked for it.
 */
record DetectionResources(HostBaselines baselines, IntelSet intel, Path stateFile) {

    static DetectionResources load(DetectConfig config, Path stateFile, List<String> intelSpecs, PrintWriter err)
            throws IOException {
        var baselineConfig = BaselineLearner.config(config);
        HostBaselines baselines;
        if (stateFile == null) {
            baselines = new HostBaselines(baselineConfig);
        } else {
            var loaded = BaselineStateFile.load(stateFile, baselineConfig);
            if (loaded.problem() != null) err.println("sluice: warning: " + loaded.problem());
            baselines = loaded.baselines();
        }
        var indicators = new ArrayList<Indicator>();
        for (String spec : intelSpecs) {
            int eq = spec.indexOf('=');
            String name = eq > 0 && !Files.exists(Path.of(spec)) ? spec.substring(0, eq) : null;
            Path file = Path.of(name == null ? spec : spec.substring(eq + 1));
            IntelFileReader.Result r;
            try {
                r = IntelFileReader.read(file, name);
            } catch (NoSuchFileException e) {
                throw new IOException("--intel " + spec + ": no such file");
            }
            if (r.skipped() > 0) {
                err.println("sluice: warning: intel list " + r.source() + ": " + r.skipped() + " line(s) skipped, e.g. "
                        + String.join("; ", r.examples()));
            }
            if (r.indicators().isEmpty()) {
                throw new IOException("--intel " + spec + ": no IP, network, domain, URL or fingerprint found in it");
            }
            indicators.addAll(r.indicators());
        }
        return new DetectionResources(baselines, IntelSet.of(indicators), stateFile);
    }

    /** Writes the baselines back, if a state file was given. */
    void save(PrintWriter err) {
        if (stateFile == null) return;
        try {
            BaselineStateFile.save(baselines, stateFile);
        } catch (IOException e) {
            err.println("sluice: warning: could not save the baselines to " + stateFile + ": " + e.getMessage()
                    + "; the next run will learn from scratch");
        }
    }
}
