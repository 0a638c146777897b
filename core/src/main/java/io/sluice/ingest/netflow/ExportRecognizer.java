package io.sluice.ingest.netflow;

import java.nio.ByteBuffer;

/**
 * Tells, from a UDP payload alone, whether it is a NetFlow v5, v9, IPFIX or sFlow v5 export, so
 * that exports are found in captures on any port. Each check reads the header and the first
 * set or sample and requires the lengths to fit exactly, which ordinary UDP payloads that happen
 * to start with 0x0005 or 0x0009 do not. Bounded, allocation-free, never throws.
 */
public final class ExportRecognizer {
    public static final int NONE = 0, NETFLOW_V5 = 5, NETFLOW_V9 = 9, IPFIX = 10, SFLOW = 105;

    /** Unix seconds of 2000-01-01: an export header older than that is not a plausible clock. */
    private static final long Y2000 = 946_684_800L;

    private ExportRecognizer() {}

    public static int recognise(ByteBuffer b, int off, int len) {
        if (b == null || off < 0 || len < 16 || off > b.limit() - len) return NONE;
        int version = u16(b, off);
        if (version == 5) return v5(b, off, len) ? NETFLOW_V5 : NONE;
        if (version == 9) return v9(b, off, len) ? NETFLOW_V9 : NONE;
        if (version == 10) return ipfix(b, off, len) ? IPFIX : NONE;
        if (version == 0 && u16(b, off + 2) == 5) return sflow(b, off, len) ? SFLOW : NONE;
        return NONE;
    }

    private static boolean v5(ByteBuffer b, int off, int len) {
        int count = u16(b, off + 2);
        return count >= 1 && count <= 60 && len == 24 + 48 * count && u32(b, off + 8) > Y2000;
    }

    private static boolean v9(ByteBuffer b, int off, int len) {
        if (len < 24 || u32(b, off + 8) < Y2000) return false;
        return firstSet(b, off + 20, off + len, 0, 1);
    }

    private static boolean ipfix(ByteBuffer b, int off, int len) {
        if (u16(b, off + 2) != len || len < 20 || u32(b, off + 4) < Y2000) return false;
        return firstSet(b, off + 16, off + len, 2, 3);
    }

    private static boolean firstSet(ByteBuffer b, int p, int end, int template, int options) {
        int id = u16(b, p);
        int setLen = u16(b, p + 2);
        return (id == template || id == options || id >= 256) && setLen >= 4 && setLen <= end - p;
    }

    private static boolean sflow(ByteBuffer b, int off, int len) {
        long agentType = u32(b, off + 4);
        int p;
        if (agentType == 1) p = off + 12;
        else if (agentType == 2) p = off + 24;
        else return false;
        if (off + len - p < 16 + 8) return false;
        long samples = u32(b, p + 12);
        if (samples < 1 || samples > 1000) return false;
        long format = u32(b, p + 16);
        long sampleLen = u32(b, p + 20);
        return (format >>> 12) == 0 && (format & 0xfff) >= 1 && (format & 0xfff) <= 4
                && sampleLen <= off + len - (p + 24);
    }

    private static int u16(ByteBuffer b, int i) {
        return ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
    }

    private static long u32(ByteBuffer b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }
}
