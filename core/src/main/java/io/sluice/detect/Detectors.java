package io.sluice.detect;

import io.sluice.detect.analytics.DgaDetector;
import io.sluice.detect.analytics.DnsTunnelDetector;
import io.sluice.detect.analytics.FastFluxDetector;
import io.sluice.detect.analytics.NonStandardPortDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * The analytics Sluice runs by default, wired in one place. Each analytic adds one line below
 * (keep them sorted by id), passing its {@code Config} read from {@code config} and, where it
 * needs them, the host baselines. {@code detectors.<id>.enabled: false} switches one off.
 */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector<?, ?>> standard(DetectConfig config) {
        var all = new ArrayList<Detector<?, ?>>();
        // one line per analytic, sorted by id
        all.add(new DgaDetector(DgaDetector.config(config)));
        all.add(new FastFluxDetector(FastFluxDetector.config(config)));
        all.add(new DnsTunnelDetector(DnsTunnelDetector.config(config)));
        all.add(new NonStandardPortDetector(NonStandardPortDetector.config(config)));
        return enabledOnly(all, config);
    }

    private static List<Detector<?, ?>> enabledOnly(List<Detector<?, ?>> all, DetectConfig config) {
        var on = new ArrayList<Detector<?, ?>>();
        for (var d : all) {
            if (config.enabled(d.id())) on.add(d);
        }
        return List.copyOf(on);
    }
}
