package io.sluice.detect;

/** Where the engine hands finished alerts (one per incident), in deterministic order. */
@FunctionalInterface
public interface AlertSink {

    void accept(Alert alert);
}
