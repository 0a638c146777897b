package io.sluice.flow;

import java.time.Duration;

/**
 * Settings of the flow meter. Defaults are Zeek's (init-bare.zeek): TCP inactivity 5 min, UDP and
 * ICMP 1 min, TCP SYN timeout, attempt, close and reset delays 5 s, session timer 6 s, linger 5 s,
 * IP tunnels forgotten after 24 h, tunnel.log EXPIRE after 1 h without new inner connections,
 * UDP DNS connections ended after 10 s of quiet ({@code dns_session_timeout});
 * private address space is local; checksums verified (Zeek without {@code -C}).
 *
 * @param dnsSessionTimeout quiet time after which Zeek's DNS analyzer ends a UDP DNS connection
 * @param maxFlows flows kept at once; beyond it the least recently active flow is evicted. The
 *     default, 500,000, keeps the table under about 450 MB even when every flow is TCP (a flow
 *     with its two TCP endpoints is under 1 KB), so a run stays below 1 GiB of memory
 * @param initialCapacity starting table capacity (grows by doubling up to what maxFlows needs)
 * @param verifyChecksums drop packets with bad TCP/UDP/ICMP checksums from the analysis, noting
 *     'C' in the history, as Zeek does unless run with {@code -C}
 * @param uidSeed seed of the uid generator, so runs are reproducible
 * @param communityIdSeed Community ID seed (0 by the spec's default)
 * @param source the {@code source} field of the records ("pcap", "live")
 */
public record FlowConfig(
        Duration tcpInactivity,
        Duration udpInactivity,
        Duration icmpInactivity,
        Duration tcpSynTimeout,
        Duration tcpSessionTimer,
        Duration tcpConnectionLinger,
        Duration tcpAttemptDelay,
        Duration tcpCloseDelay,
        Duration tcpResetDelay,
        Duration ipTunnelTimeout,
        Duration tunnelExpiration,
        Duration dnsSessionTimeout,
        int maxFlows,
        int initialCapacity,
        LocalNetworks localNetworks,
        LikelyServerPorts likelyServerPorts,
        boolean verifyChecksums,
        long uidSeed,
        int communityIdSeed,
        String source) {

    public FlowConfig {
        if (maxFlows < 1) throw new IllegalArgumentException("maxFlows must be at least 1, was " + maxFlows);
        if (initialCapacity < 1) initialCapacity = 1024;
    }

    public static FlowConfig defaults() {
        return new FlowConfig(
                Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(10),
                500_000, 1 << 16,
                LocalNetworks.zeekDefault(), LikelyServerPorts.zeekDefault(),
                true, 0L, 0, "pcap");
    }

    public FlowConfig withMaxFlows(int max) {
        return new FlowConfig(tcpInactivity, udpInactivity, icmpInactivity, tcpSynTimeout, tcpSessionTimer,
                tcpConnectionLinger, tcpAttemptDelay, tcpCloseDelay, tcpResetDelay, ipTunnelTimeout,
                tunnelExpiration, dnsSessionTimeout, max, Math.min(initialCapacity, Math.max(16, max)), localNetworks,
                likelyServerPorts, verifyChecksums, uidSeed, communityIdSeed, source);
    }

    public FlowConfig withVerifyChecksums(boolean verify) {
        return new FlowConfig(tcpInactivity, udpInactivity, icmpInactivity, tcpSynTimeout, tcpSessionTimer,
                tcpConnectionLinger, tcpAttemptDelay, tcpCloseDelay, tcpResetDelay, ipTunnelTimeout,
                tunnelExpiration, dnsSessionTimeout, maxFlows, initialCapacity, localNetworks, likelyServerPorts, verify, uidSeed,
                communityIdSeed, source);
    }

    public FlowConfig withLocalNetworks(LocalNetworks nets) {
        return new FlowConfig(tcpInactivity, udpInactivity, icmpInactivity, tcpSynTimeout, tcpSessionTimer,
                tcpConnectionLinger, tcpAttemptDelay, tcpCloseDelay, tcpResetDelay, ipTunnelTimeout,
                tunnelExpiration, dnsSessionTimeout, maxFlows, initialCapacity, nets, likelyServerPorts, verifyChecksums, uidSeed,
                communityIdSeed, source);
    }

    public FlowConfig withLikelyServerPorts(LikelyServerPorts ports) {
        return new FlowConfig(tcpInactivity, udpInactivity, icmpInactivity, tcpSynTimeout, tcpSessionTimer,
                tcpConnectionLinger, tcpAttemptDelay, tcpCloseDelay, tcpResetDelay, ipTunnelTimeout,
                tunnelExpiration, dnsSessionTimeout, maxFlows, initialCapacity, localNetworks, ports, verifyChecksums, uidSeed,
                communityIdSeed, source);
    }

    public FlowConfig withUidSeed(long seed) {
        return new FlowConfig(tcpInactivity, udpInactivity, icmpInactivity, tcpSynTimeout, tcpSessionTimer,
                tcpConnectionLinger, tcpAttemptDelay, tcpCloseDelay, tcpResetDelay, ipTunnelTimeout,
                tunnelExpiration, dnsSessionTimeout, maxFlows, initialCapacity, localNetworks, likelyServerPorts, verifyChecksums, seed,
                communityIdSeed, source);
    }

    long tcpInactivityNanos() {
        return tcpInactivity.toNanos();
    }

    long udpInactivityNanos() {
        return udpInactivity.toNanos();
    }

    long icmpInactivityNanos() {
        return icmpInactivity.toNanos();
    }

    long tcpSynTimeoutNanos() {
        return tcpSynTimeout.toNanos();
    }

    long tcpSessionTimerNanos() {
        return tcpSessionTimer.toNanos();
    }

    long tcpConnectionLingerNanos() {
        return tcpConnectionLinger.toNanos();
    }

    long tcpAttemptDelayNanos() {
        return tcpAttemptDelay.toNanos();
    }

    long tcpCloseDelayNanos() {
        return tcpCloseDelay.toNanos();
    }

    long tcpResetDelayNanos() {
        return tcpResetDelay.toNanos();
    }
}
