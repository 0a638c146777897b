package io.sluice.flow;

import io.sluice.event.IcmpEchoSummary;

/**
 * Payload sizes and entropy of an ICMP connection's echo messages, for its conn record: ping
 * tunnels and ICMP exfiltration show as payloads larger, more varied and more random than the
 * fixed patterns ping tools send. Allocated for echo connections only, updated per message without
 * allocating.
 */
final class IcmpEchoStats {
    private long messages;
    private long payloadBytes;
    private int min = Integer.MAX_VALUE;
    private int max;
    private double entropySum;
    private long entropyCount;
    private double entropyMax;

    /** @param entropy bits per byte of the captured payload, or NaN when it was not computed */
    void add(int payload, double entropy) {
        messages++;
        payloadBytes += payload;
        if (payload < min) min = payload;
        if (payload > max) max = payload;
        if (!Double.isNaN(entropy) && payload > 0) {
            entropySum += entropy;
            entropyCount++;
            if (entropy > entropyMax) entropyMax = entropy;
        }
    }

    IcmpEchoSummary summary() {
        if (messages == 0) return null;
        Double mean = entropyCount == 0 ? null : entropySum / entropyCount;
        Double top = entropyCount == 0 ? null : entropyMax;
        return new IcmpEchoSummary(messages, payloadBytes, min, max, mean, top);
    }
}
