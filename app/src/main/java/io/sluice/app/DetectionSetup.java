package io.sluice.app;

import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.rules.intel.IntelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code analyze} runs detection: on or off, the settings, the ATT&CK catalogue names come
 * from, and where the engine runs (on the log writer's thread, the default, or on its own).
 *
 * @param extraDetectors detectors added to {@link Detectors#standard}; only tests use it (a trivial
 *                       detector to check the wiring end to end), the command line never does
 */
record DetectionSetup(boolean enabled, DetectConfig config, AttackCatalogue catalogue, Thread thread,
        List<Detector<?, ?>> extraDetectors, DetectionResources resources) {

    DetectionSetup(boolean enabled, DetectConfig config, AttackCatalogue catalogue, Thread thread,
            List<Detector<?, ?>> extraDetectors) {
        this(enabled, config, catalogue, thread, extraDetectors, new DetectionResources(
                new HostBaselines(BaselineLearner.config(config)), IntelSet.empty(), null));
    }

    DetectionSetup withResources(DetectionResources r) {
        return new DetectionSetup(enabled, config, catalogue, thread, extraDetectors, r);
    }

    /** Where the engine runs. Measured in bench/detect-overhead.sh; see the README's numbers. */
    enum Thread { WRITER, OWN }

    DetectionSetup {
        extraDetectors = List.copyOf(extraDetectors);
    }

    static DetectionSetup defaults() {
        return new DetectionSetup(true, DetectConfig.empty(), AttackCatalogue.builtin(), Thread.WRITER, List.of());
    }

    /**
     * No detection: nothing of it is loaded (the ATT&CK catalogue, baselines and intel would be
     * start-up time spent for nothing), so {@link #catalogue()} and {@link #resources()} are null.
     */
    static DetectionSetup off() {
        return new DetectionSetup(false, DetectConfig.empty(), null, Thread.WRITER, List.of(), null);
    }

    DetectionSetup withExtraDetectors(List<Detector<?, ?>> extra) {
        return new DetectionSetup(enabled, config, catalogue, thread, extra, resources);
    }

    List<Detector<?, ?>> detectors() {
        var all = new ArrayList<Detector<?, ?>>(
                Detectors.standard(config, resources.baselines(), resources.intel()));
        all.addAll(extraDetectors);
        return all;
    }
}
