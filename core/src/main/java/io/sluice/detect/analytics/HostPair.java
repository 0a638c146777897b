package io.sluice.detect.analytics;

import java.io.Serializable;
import java.util.Objects;

/** The key of the pair analytics: an internal source address and the outside address it talks to. */
public record HostPair(String src, String dst) implements Serializable {

    // Written out rather than the record's generated methods (the same values): the engine hashes
    // and compares keys for most events, and the generated ones run through method handles that
    // the launcher's shallow inlining leaves as calls.
    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(src) + Objects.hashCode(dst);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPair k && Objects.equals(src, k.src) && Objects.equals(dst, k.dst);
    }
}
