package io.sluice.detect;

import io.sluice.detect.analytics.IntelMatchDetector;
import io.sluice.detect.analytics.NewExternalDestinationDetector;
import io.sluice.detect.analytics.NewRemoteServiceDetector;
import io.sluice.detect.analytics.NonStandardPortDetector;
import io.sluice.detect.analytics.RemoteBruteForceDetector;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.rules.intel.IntelSet;
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
        return standard(config, new HostBaselines(BaselineLearner.config(config)), IntelSet.empty());
    }

    /**
     * The analytics with the baselines they share (loaded from {@code --state}, saved after the run)
     * and the threat-intel lists ({@code --intel}).
     */
    public static List<Detector<?, ?>> standard(DetectConfig config, HostBaselines baselines, IntelSet intel) {
        var all = new ArrayList<Detector<?, ?>>();
        // one line per analytic, sorted by id; the baseline learner sorts first and must stay first,
        // so that the analytics after it see the hosts it has just learned
        all.add(new BaselineLearner(baselines));
        all.add(new NewExternalDestinationDetector(NewExternalDestinationDetector.config(config), baselines));
        all.add(new IntelMatchDetector(IntelMatchDetector.config(config), intel));
        all.add(new NonStandardPortDetector(NonStandardPortDetector.config(config)));
        all.add(new RemoteBruteForceDetector(RemoteBruteForceDetector.config(config)));
        all.add(new NewRemoteServiceDetector(NewRemoteServiceDetector.config(config), baselines));
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
