package io.sluice.detect;

import io.sluice.detect.analytics.HorizontalScanDetector;
import io.sluice.detect.analytics.IcmpSweepDetector;
import io.sluice.detect.analytics.LongConnectionDetector;
import io.sluice.detect.analytics.NonStandardPortDetector;
import io.sluice.detect.analytics.PortKnockDetector;
import io.sluice.detect.analytics.TrwScanDetector;
import io.sluice.detect.analytics.VerticalScanDetector;
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
        all.add(new LongConnectionDetector(LongConnectionDetector.config(config)));
        all.add(new NonStandardPortDetector(NonStandardPortDetector.config(config)));
        all.add(new HorizontalScanDetector(HorizontalScanDetector.config(config)));
        all.add(new IcmpSweepDetector(IcmpSweepDetector.config(config)));
        all.add(new TrwScanDetector(TrwScanDetector.config(config)));
        all.add(new VerticalScanDetector(VerticalScanDetector.config(config)));
        all.add(new PortKnockDetector(PortKnockDetector.config(config)));
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
