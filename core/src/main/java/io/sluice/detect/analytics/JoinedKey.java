package io.sluice.detect.analytics;

import java.io.Serializable;
import java.util.Objects;

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

    // Written out rather than the record's generated methods: the engine calls these for most
    // events, and plain code is cheap from the first call (before the JIT has compiled anything).
    @Override
    public int hashCode() {
        return (31 * Objects.hashCode(first) + Objects.hashCode(separator)) * 31 + Objects.hashCode(second);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinedKey k && Objects.equals(first, k.first) && Objects.equals(second, k.second)
                && Objects.equals(separator, k.separator);
    }
}
