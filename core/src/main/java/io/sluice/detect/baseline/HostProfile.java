package io.sluice.detect.baseline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What one host has done, learned from its traffic in event time: whom it contacted, on which
 * ports and services, with which processes and MAC addresses, who connected to it, and how many
 * bytes it sent and received. Every set is bounded ({@link FirstSeenSet}); owned and updated by
 * {@link HostBaselines}.
 */
public final class HostProfile {

    private final String host;
    long firstSeenNanos = Long.MAX_VALUE;
    long lastSeenNanos = Long.MIN_VALUE;
    long flows;
    /** Read from a state file whose data already covered the learning period. */
    boolean learnedInEarlierRun;
    long bytesOut;
    long bytesIn;
    /** Hosts it opened connections to. */
    final FirstSeenSet destinations;
    /** "tcp/443", "udp/53": responder ports it connected to. */
    final FirstSeenSet destPorts;
    /** Application protocols it used as a client ("ssl", "dns", "rdp"). */
    final FirstSeenSet services;
    /** Executables seen opening its connections (host-side sources only). */
    final FirstSeenSet processes;
    final FirstSeenSet macs;
    /** Who connected to it: "tcp/3389 10.0.0.5" by port and "rdp 10.0.0.5" by service. */
    final FirstSeenSet inbound;
    /** Distinct clients per served port ("tcp/445" → 212). */
    final Map<String, Integer> servedPortClients = new HashMap<>();

    private final int cap;

    HostProfile(String host, int cap) {
        this.host = host;
        this.cap = cap;
        destinations = new FirstSeenSet(cap);
        destPorts = new FirstSeenSet(cap);
        services = new FirstSeenSet(cap);
        processes = new FirstSeenSet(cap);
        macs = new FirstSeenSet(cap);
        inbound = new FirstSeenSet(cap);
    }

    public String host() {
        return host;
    }

    /** Earliest event time of the host, {@link Long#MAX_VALUE} before any. */
    public long firstSeenNanos() {
        return firstSeenNanos;
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public long flows() {
        return flows;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public FirstSeenSet destinations() {
        return destinations;
    }

    public FirstSeenSet destPorts() {
        return destPorts;
    }

    public FirstSeenSet services() {
        return services;
    }

    public FirstSeenSet processes() {
        return processes;
    }

    public FirstSeenSet macs() {
        return macs;
    }

    public FirstSeenSet inbound() {
        return inbound;
    }

    public Map<String, Integer> servedPortClients() {
        return Collections.unmodifiableMap(servedPortClients);
    }

    /** The largest number of distinct clients it served on one port. */
    public int maxClientsOnOnePort() {
        int max = 0;
        for (int n : servedPortClients.values()) max = Math.max(max, n);
        return max;
    }

    void seen(long tsNanos) {
        if (tsNanos < firstSeenNanos) firstSeenNanos = tsNanos;
        if (tsNanos > lastSeenNanos) lastSeenNanos = tsNanos;
    }

    void served(String portKey, String client, long tsNanos) {
        if (!inbound.add(portKey + " " + client, tsNanos)) return;
        if (servedPortClients.containsKey(portKey) || servedPortClients.size() < cap) {
            servedPortClients.merge(portKey, 1, Integer::sum);
        }
    }
}
