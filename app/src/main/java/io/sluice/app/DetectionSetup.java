package io.sluice.app;

import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
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
        List<Detector<?, ?>> extraDetectors) {

    /** Where the engine runs. Measured in bench/detect-overhead.sh; see the README's numbers. */
    enum Thread { WRITER, OWN }

    DetectionSetup {
        extraDetectors = List.copyOf(extraDetectors);
    }

    static DetectionSetup defaults() {
        return new DetectionSetup(true, DetectConfig.empty(), AttackCatalogue.builtin(), Thread.WRITER, List.of());
    }

    static DetectionSetup off() {
        return new DetectionSetup(false, DetectConfig.empty(), AttackCatalogue.builtin(), Thread.WRITER, List.of());
    }

    DetectionSetup withExtraDetectors(List<Detector<?, ?>> extra) {
        return new DetectionSetup(enabled, config, catalogue, thread, extra);
    }

    List<Detector<?, ?>> detectors() {
        var all = new ArrayList<Detector<?, ?>>(Detectors.standard(config));
        all.addAll(extraDetectors);
        return all;
    }
}
