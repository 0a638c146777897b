package io.sluice.ingest.netflow;

/**
 * The sFlow v5 datagram being decoded, as one reusable view: header, the current sample and the
 * current record. Fields are public and mutable on purpose (no object per sample or record); a
 * listener reads them in its callbacks and copies what must outlive the call.
 */
public final class SflowView {
    // datagram
    public boolean agentV6;
    public long agentHi, agentLo;
    public long subAgentId, datagramSequence, uptimeMillis, sampleCount, datagramLength;
    /** "agent/sub-agent" as text, for the exporter field of events. */
    public String exporter;
    /** When the datagram was received (pcap time or wall clock), Unix ns. */
    public long receivedNanos;

    // sample
    /** Sample data format: 1 flow, 2 counters, 3 expanded flow, 4 expanded counters (enterprise 0). */
    public int sampleEnterprise, sampleFormat;
    public long sampleLength, sampleSequence, sourceType, sourceIndex;
    public long samplingRate, samplePool, drops;
    public long inputFormat, input, outputFormat, output;
    public long recordCount;

    // record
    public int recordEnterprise, recordFormat;
    public long recordLength;
    /** Offset of the record's data (after format and length) in the datagram's buffer. */
    public int recordOffset;
    /** The datagram's buffer, valid during the callbacks. */
    public java.nio.ByteBuffer buffer;
    /** Raw packet header (flow record 1): header protocol, frame length, stripped bytes, header size. */
    public long headerProtocol, frameLength, stripped, headerSize;
    /** Offset of the sampled header bytes in the datagram's buffer. */
    public int headerOffset;
    /** Extended switch (flow record 1001). */
    public long srcVlan, srcPriority, dstVlan, dstPriority;
    /** Generic interface counters (counter record 1), in the order of the sFlow v5 structure. */
    public final long[] generic = new long[19];
    /** Ethernet interface counters (counter record 2). */
    public final long[] ethernet = new long[13];

    /** Indexes into {@link #generic}. */
    public static final int IF_INDEX = 0, IF_TYPE = 1, IF_SPEED = 2, IF_DIRECTION = 3, IF_STATUS = 4,
            IN_OCTETS = 5, IN_UCAST = 6, IN_MCAST = 7, IN_BCAST = 8, IN_DISCARDS = 9, IN_ERRORS = 10,
            IN_UNKNOWN = 11, OUT_OCTETS = 12, OUT_UCAST = 13, OUT_MCAST = 14, OUT_BCAST = 15,
            OUT_DISCARDS = 16, OUT_ERRORS = 17, PROMISC = 18;

    public boolean isFlowSample() {
        return sampleEnterprise == 0 && (sampleFormat == 1 || sampleFormat == 3);
    }

    public boolean isCounterSample() {
        return sampleEnterprise == 0 && (sampleFormat == 2 || sampleFormat == 4);
    }
}
