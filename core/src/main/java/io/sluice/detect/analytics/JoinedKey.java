package io.sluice.detect.analytics;

import java.io.Serializable;

/**
 * A key of two texts whose text is {@code first + separator + second} ("10.0.0.5 > 10.0.0.9"):
 * what analytics that group on a pair of hosts return from {@code key}, instead of building that
 * string for every event. Its {@link #toString} is the joined text, which the engine orders
 * timers and alerts by, so output is as with the string itself; hashing and comparing use the
 * parts, whose hashes the strings already hold.
 */
public record JoinedKey(String first, String separator, String second) implements Serializable {

    @Override
    public String toString() {
        return first + separator + second;
    }
}
