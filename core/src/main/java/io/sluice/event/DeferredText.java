package io.sluice.event;

/**
 * A text field of an event that may be computed when it is first read rather than when the event
 * is built. The flow table builds its events on the packet thread, which is the pipeline's critical
 * path, while the logs are written (and the detectors run) on another thread: a field that costs a
 * hash to make, such as the Community ID, is handed over as its inputs and made there.
 *
 * <p>{@link #get()} may be called from any thread. Two threads that race on the first read both
 * compute the same value and one of the two equal strings is kept: strings are immutable, so the
 * unsynchronised cache publishes safely. Equality and hash code are those of the text.
 */
public abstract class DeferredText {
    private String text;

    /** The text, computed on the first call. */
    public final String get() {
        String t = text;
        if (t == null) {
            t = compute();
            text = t;
        }
        return t;
    }

    /** Makes the text; called at most once per thread that reads it first, never returns null. */
    protected abstract String compute();

    /** A text that is already known; null stays null (an unset field). */
    public static DeferredText of(String text) {
        return text == null ? null : new Known(text);
    }

    /** The text of {@code t}, or null when the field is unset. */
    public static String textOf(DeferredText t) {
        return t == null ? null : t.get();
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DeferredText d && get().equals(d.get());
    }

    @Override
    public final int hashCode() {
        return get().hashCode();
    }

    @Override
    public final String toString() {
        return get();
    }

    private static final class Known extends DeferredText {
        private final String value;

        Known(String value) {
            this.value = value;
        }

        @Override
        protected String compute() {
            return value;
        }
    }
}
