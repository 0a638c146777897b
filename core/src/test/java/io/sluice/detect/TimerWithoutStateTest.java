package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The engine calls {@link Detector#onTimer} for every timer an analytic set, also when the key's state
 * is gone (an earlier timer or event of the same key returned null): as in Flink, a timer does not
 * keep state alive. Every analytic must take a null state there and keep nothing; one that threw would
 * be switched off for the rest of the run (windows.zerologon did, on a corpus capture).
 */
class TimerWithoutStateTest {

    @Test
    void everyAnalyticTakesATimerForAKeyWithoutState() {
        var failures = new ArrayList<String>();
        for (Detector<?, ?> d : Detectors.standard(DetectConfig.empty())) {
            try {
                Object after = fire(d);
                if (after != null) failures.add(d.id() + " made state from nothing: " + after);
            } catch (RuntimeException e) {
                failures.add(d.id() + " threw " + e);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Fires one timer for a key (null: no key object is needed) that holds no state. */
    private static <K, S> S fire(Detector<K, S> d) {
        DetectorContext ctx = new DetectorContext() {
            @Override
            public long watermarkNanos() {
                return 1_000_000_000_000L;
            }

            @Override
            public void timer(long eventTimeNanos) {}

            @Override
            public void alert(Alert alert) {}
        };
        return d.onTimer(null, null, 1_000_000_000_000L, ctx);
    }
}
