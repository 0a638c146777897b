package io.sluice.pipeline;

import io.sluice.packet.DecodeStats;

/**
 * Packet-level totals of a run: packets and bytes read from the inputs, the time span they cover,
 * tunnelled packets decoded, packets dropped for a bad IPv4 header checksum (Zeek drops them
 * unless run with {@code -C}), and the decoder's counts per {@code DecodeError}, link type and
 * tunnel.
 */
public record PipelineStats(
        long packets,
        long capturedBytes,
        long wireBytes,
        long firstTsNanos,
        long lastTsNanos,
        long innerPackets,
        long badIpChecksums,
        DecodeStats decode) {}
