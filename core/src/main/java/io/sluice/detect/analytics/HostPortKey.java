package io.sluice.detect.analytics;

import java.io.Serializable;

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
}
