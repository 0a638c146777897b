package io.sluice.ingest.netflow;

/**
 * One decoded NetFlow v5/v9 or IPFIX record, as a reusable view (the decoder fills it and hands it
 * to an {@link ExportListener}; it is overwritten by the next record). Fields are public and
 * mutable on purpose, as in {@code io.sluice.packet.Packet}: no object per record.
 *
 * <p>Addresses use the packet layer's (hi, lo) form, IPv4 as IPv4-mapped. Counters are as
 * exported (not yet multiplied by the sampling rate; {@link #samplingRate} says by how much to
 * multiply). Times are resolved to Unix milliseconds by the decoder from whichever of the
 * sysUptime-relative, absolute or delta fields the template carries.
 */
public final class ExportRecord {
    /** Protocol version: 5, 9 or 10 (IPFIX). */
    public int version;
    /** Data set / flowset id (the template id); 0 for v5. */
    public int templateId;
    /** True for options data (exporter metadata such as sampling), false for flow records. */
    public boolean options;
    /** The observation domain id (IPFIX) or source id (v9); engine type and id for v5. */
    public long domain;
    /** The exporter and domain as text: "address:port/domain". */
    public String exporter;
    /** Export time of the datagram, Unix milliseconds. */
    public long exportMillis;

    public boolean hasSrc, hasDst;
    public long srcHi, srcLo, dstHi, dstLo;
    public int srcPort, dstPort;
    /** IP protocol number, or -1 when the template has none. */
    public int proto;
    /** Cumulative TCP flags (forward direction), -1 when absent. */
    public int tcpFlags;
    /** Reverse-direction TCP flags (RFC 5103), -1 when absent. */
    public int revTcpFlags;
    public int tos;
    /** ICMP type and code, -1 when absent. */
    public int icmpType, icmpCode;

    public long bytes, packets;
    /** True when the record carried forward counters. */
    public boolean hasCounts;
    /** Reverse direction (RFC 5103 biflow or initiator/responder counters); hasReverse says whether present. */
    public long revBytes, revPackets;
    public boolean hasReverse;
    /** Multiply counters by this (1 = unsampled). */
    public long samplingRate;

    /** Flow start and end, Unix ms; Long.MIN_VALUE when unknown. */
    public long startMillis, endMillis;

    /** MAC addresses as 48-bit values, -1 when absent. */
    public long srcMac, dstMac;
    public int vlan;
    public long inputIf, outputIf;
    public long srcAs, dstAs;
    /** flowDirection (0 ingress, 1 egress), -1 when absent. */
    public int direction;
    /** flowEndReason, -1 when absent. */
    public int endReason;
    public int ipVersion;

    // Raw time fields; resolved into startMillis/endMillis by the decoder.
    long firstUptime, lastUptime, startAbs, endAbs, durationMicros, startDeltaMicros, endDeltaMicros;
    // Raw counters; resolved into bytes/packets (delta preferred over total, post only as a fallback).
    long deltaBytes, deltaPackets, totalBytes, totalPackets, postBytes, postPackets;
    boolean hasDelta, hasTotal, hasPost;
    long recordSampling, samplingPacketInterval, samplingPacketSpace;
    /** Options data: sampling rate and system init time announced by the exporter (0 / MIN when absent). */
    public long optSamplingRate;
    public long optSystemInitMillis;

    void reset() {
        templateId = 0;
        options = false;
        hasSrc = hasDst = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = 0;
        proto = -1;
        tcpFlags = -1;
        revTcpFlags = -1;
        tos = 0;
        icmpType = icmpCode = -1;
        bytes = packets = revBytes = revPackets = 0;
        hasCounts = hasReverse = false;
        samplingRate = 1;
        startMillis = endMillis = Long.MIN_VALUE;
        srcMac = dstMac = -1;
        vlan = -1;
        inputIf = outputIf = 0;
        srcAs = dstAs = 0;
        direction = -1;
        endReason = -1;
        ipVersion = 0;
        firstUptime = lastUptime = -1;
        startAbs = endAbs = Long.MIN_VALUE;
        durationMicros = -1;
        startDeltaMicros = endDeltaMicros = -1;
        deltaBytes = deltaPackets = totalBytes = totalPackets = postBytes = postPackets = 0;
        hasDelta = hasTotal = hasPost = false;
        recordSampling = samplingPacketInterval = samplingPacketSpace = 0;
        optSamplingRate = 0;
        optSystemInitMillis = Long.MIN_VALUE;
    }
}
