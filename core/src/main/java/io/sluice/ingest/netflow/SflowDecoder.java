package io.sluice.ingest.netflow;

import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;

/**
 * Decodes sFlow v5 datagrams (sflow.org sflow_version_5.txt, XDR: big-endian, 4-byte aligned):
 * flow samples and expanded flow samples with their raw packet header and extended switch
 * records, counter samples and expanded counter samples with generic and Ethernet interface
 * counters. Other records are framed by their length and passed on undecoded.
 *
 * <p>Every length is checked against what is left of its enclosing sample and datagram; a
 * malformed datagram is counted per agent (address and UDP port) by {@link DropReason} and
 * decoding stops, never an exception. No allocation per sample: the {@link SflowView} is reused.
 */
public final class SflowDecoder {
    /** More samples or records than this in one datagram is garbage (a 64 KiB datagram holds fewer). */
    private static final long MAX_ITEMS = 8192;

    private final ExporterTable agents;
    private final SflowListener listener;
    private final SflowView v = new SflowView();
    private ByteBuffer b;

    public SflowDecoder(ExporterTable agents, SflowListener listener) {
        this.agents = agents;
        this.listener = listener;
    }

    public ExporterTable agents() {
        return agents;
    }

    /** Decodes one datagram payload; returns the samples decoded. */
    public int decode(ByteBuffer buf, int off, int len, long hi, long lo, int port, long receivedNanos) {
        Exporter ex = agents.get(hi, lo, port);
        ExporterStats stats = ex.stats;
        stats.datagrams++;
        if (off < 0 || len < 0 || (long) off + len > buf.limit() || len < 28) {
            stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        b = buf;
        int end = off + len;
        if (u32(off) != 5) {
            stats.drop(DropReason.BAD_VERSION);
            return 0;
        }
        stats.lastVersion = 5;
        long agentType = u32(off + 4);
        int p = off + 8;
        if (agentType == 1) {
            v.agentV6 = false;
            v.agentHi = 0;
            v.agentLo = IpAddress.v4Lo((int) u32(p));
            p += 4;
        } else if (agentType == 2) {
            if (end - p < 16 + 16) {
                stats.drop(DropReason.TOO_SHORT);
                return 0;
            }
            v.agentV6 = true;
            v.agentHi = u64(p);
            v.agentLo = u64(p + 8);
            p += 16;
        } else {
            stats.drop(DropReason.BAD_LENGTH);
            return 0;
        }
        if (end - p < 16) {
            stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        v.subAgentId = u32(p);
        v.datagramSequence = u32(p + 4);
        v.uptimeMillis = u32(p + 8);
        v.sampleCount = u32(p + 12);
        v.datagramLength = len;
        v.receivedNanos = receivedNanos;
        v.buffer = buf;
        v.exporter = exporterText(ex, v.subAgentId);
        p += 16;
        if (v.sampleCount > MAX_ITEMS) {
            stats.drop(DropReason.BAD_LENGTH);
            return 0;
        }
        listener.onDatagram(v);
        int samples = 0;
        for (long i = 0; i < v.sampleCount; i++) {
            if (end - p < 8) {
                stats.drop(DropReason.TRUNCATED_SET);
                return samples;
            }
            long format = u32(p);
            long length = u32(p + 4);
            p += 8;
            if (length > end - p) {
                stats.drop(DropReason.TRUNCATED_SET);
                return samples;
            }
            int sampleEnd = p + (int) length;
            v.sampleEnterprise = (int) (format >>> 12);
            v.sampleFormat = (int) (format & 0xfff);
            v.sampleLength = length;
            if (!sample(stats, p, sampleEnd)) return samples;
            samples++;
            p = sampleEnd;
        }
        return samples;
    }

    /** Decodes one sample's header and records; false when malformed (counted). */
    private boolean sample(ExporterStats stats, int p, int end) {
        clearSample();
        if (v.sampleEnterprise != 0 || v.sampleFormat < 1 || v.sampleFormat > 4) {
            listener.onSample(v);
            listener.onSampleEnd(v);
            return true; // a sample type we do not know is skipped by its length
        }
        int need = switch (v.sampleFormat) {
            case 1 -> 32;
            case 2 -> 12;
            case 3 -> 44;
            default -> 16;
        };
        if (end - p < need) {
            stats.drop(DropReason.TRUNCATED_RECORD);
            return false;
        }
        v.sampleSequence = u32(p);
        switch (v.sampleFormat) {
            case 1, 2 -> {
                long source = u32(p + 4);
                v.sourceType = source >>> 24;
                v.sourceIndex = source & 0xffffff;
                p += 8;
            }
            default -> {
                v.sourceType = u32(p + 4);
                v.sourceIndex = u32(p + 8);
                p += 12;
            }
        }
        if (v.sampleFormat == 1) {
            v.samplingRate = u32(p);
            v.samplePool = u32(p + 4);
            v.drops = u32(p + 8);
            v.input = u32(p + 12);
            v.output = u32(p + 16);
            p += 20;
        } else if (v.sampleFormat == 3) {
            v.samplingRate = u32(p);
            v.samplePool = u32(p + 4);
            v.drops = u32(p + 8);
            v.inputFormat = u32(p + 12);
            v.input = u32(p + 16);
            v.outputFormat = u32(p + 20);
            v.output = u32(p + 24);
            p += 28;
        }
        v.recordCount = u32(p);
        p += 4;
        if (v.recordCount > MAX_ITEMS) {
            stats.drop(DropReason.BAD_LENGTH);
            return false;
        }
        stats.flowRecords++;
        listener.onSample(v);
        boolean flow = v.sampleFormat == 1 || v.sampleFormat == 3;
        for (long i = 0; i < v.recordCount; i++) {
            if (end - p < 8) {
                stats.drop(DropReason.TRUNCATED_RECORD);
                return false;
            }
            long format = u32(p);
            long length = u32(p + 4);
            p += 8;
            if (length > end - p) {
                stats.drop(DropReason.TRUNCATED_RECORD);
                return false;
            }
            v.recordEnterprise = (int) (format >>> 12);
            v.recordFormat = (int) (format & 0xfff);
            v.recordLength = length;
            v.recordOffset = p;
            if (v.recordEnterprise == 0) {
                if (flow) flowRecord(p, (int) length);
                else counterRecord(p, (int) length);
            }
            listener.onRecord(v);
            p += (int) length;
        }
        listener.onSampleEnd(v);
        return true;
    }

    private void flowRecord(int p, int length) {
        if (v.recordFormat == 1 && length >= 16) {
            v.headerProtocol = u32(p);
            v.frameLength = u32(p + 4);
            v.stripped = u32(p + 8);
            long size = u32(p + 12);
            // never point past the record: a lying header_size is cut to what is there
            v.headerSize = Math.min(size, length - 16);
            v.headerOffset = p + 16;
        } else if (v.recordFormat == 1001 && length >= 16) {
            v.srcVlan = u32(p);
            v.srcPriority = u32(p + 4);
            v.dstVlan = u32(p + 8);
            v.dstPriority = u32(p + 12);
        }
    }

    private void counterRecord(int p, int length) {
        if (v.recordFormat == 1 && length >= 88) {
            long[] g = v.generic;
            g[SflowView.IF_INDEX] = u32(p);
            g[SflowView.IF_TYPE] = u32(p + 4);
            g[SflowView.IF_SPEED] = u64(p + 8);
            g[SflowView.IF_DIRECTION] = u32(p + 16);
            g[SflowView.IF_STATUS] = u32(p + 20);
            g[SflowView.IN_OCTETS] = u64(p + 24);
            int q = p + 32;
            for (int i = SflowView.IN_UCAST; i <= SflowView.IN_UNKNOWN; i++, q += 4) g[i] = u32(q);
            g[SflowView.OUT_OCTETS] = u64(q);
            q += 8;
            for (int i = SflowView.OUT_UCAST; i <= SflowView.PROMISC; i++, q += 4) g[i] = u32(q);
        } else if (v.recordFormat == 2 && length >= 52) {
            for (int i = 0; i < 13; i++) v.ethernet[i] = u32(p + 4 * i);
        }
    }

    private void clearSample() {
        v.sampleSequence = v.sourceType = v.sourceIndex = 0;
        v.samplingRate = v.samplePool = v.drops = 0;
        v.inputFormat = v.input = v.outputFormat = v.output = 0;
        v.recordCount = 0;
        v.headerSize = -1;
        v.headerOffset = -1;
        v.headerProtocol = v.frameLength = v.stripped = 0;
        v.srcVlan = v.dstVlan = -1;
        v.srcPriority = v.dstPriority = 0;
        java.util.Arrays.fill(v.generic, -1);
        java.util.Arrays.fill(v.ethernet, -1);
    }

    /** "agent/sub-agent"; cached per agent so a datagram makes no string once the agent is known. */
    private static String exporterText(Exporter ex, long subAgent) {
        Exporter.Domain d = ex.domain(subAgent);
        if (d != null) return d.text;
        return ex.text + "/" + subAgent;
    }

    private long u32(int i) {
        return ((long) (b.get(i) & 0xff) << 24) | ((b.get(i + 1) & 0xff) << 16) | ((b.get(i + 2) & 0xff) << 8)
                | (b.get(i + 3) & 0xff);
    }

    private long u64(int i) {
        return (u32(i) << 32) | u32(i + 4);
    }
}
