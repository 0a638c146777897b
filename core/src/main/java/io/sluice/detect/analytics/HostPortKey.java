package io.sluice.detect.analytics;

import java.io.Serializable;
import java.util.Objects;

/**
 * A key of a host and a port whose text is {@code host + " " + port} ("10.0.0.9 80"): what the
 * flood analytics group on, without building that string for every event. {@link #toString} is
 * the text the engine orders timers and alerts by, as with the string before.
 */
public record HostPortKey(String host, int port) implements Serializable {

    @Override
    public String toString() {
        return host + " " + port;
    }

    // Written out rather than the record's generated methods: the engine calls these for most
    // events, and plain code is cheap from the first call (before the JIT has compiled anything).
    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(host) + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPortKey k && port == k.port && Objects.equals(host, k.host);
    }
}
