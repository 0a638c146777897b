package io.sluice.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a pcapng file: any number of sections, each in its own byte order with its own interfaces;
 * packets from Enhanced, Simple and (obsolete) Packet Blocks; every other block is skipped by its
 * length after checking that its trailing length matches.
 *
 * <p>Each packet reports the link type of the interface it was captured on. Simple Packet Blocks
 * carry no timestamp; they report the timestamp of the previous packet of the file (0 before the
 * first), so time never runs backwards for the flow table. libpcap reports 0 for them.
 *
 * <p>Captured lengths are checked like {@link PcapReader}'s: above the interface's snap length
 * (when non-zero) or above {@value PcapReader#MAX_CAPLEN} bytes is damage.
 */
public final class PcapngReader extends CaptureReader {
    static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_FCSLEN = 13;
    private static final int OPT_IF_TSOFFSET = 14;
    private static final int DEFAULT_TSRESOL = 6;

    private boolean swap;
    private PcapngInterface[] interfaces = new PcapngInterface[4];
    private int interfaceCount;



    PcapngReader(CaptureInput in) throws CaptureException {
        super(in, 0);
        int i = window(0, 8);
        if (i < 0) {
            long end = in.end();
            throw fail(0, end == 0 ? "empty file"
                    : "truncated pcapng section header: the file has only " + end + " bytes");
        }
        int type = in.buffer().getInt(i);
        if (type != SHB) {
            throw fail(0, String.format("not a pcapng file (first block type 0x%08x)", type));
        }
        // Reading the first section header here reports a broken header at open, like pcap's.
        pos = sectionHeader(0);
    }

    @Override
    public boolean next() throws CaptureException {
        if (done) {
            return false;
        }
        while (true) {
            long p = pos;
            int i = window(p, 8);
            if (i < 0) {
                long end = in.end();
                if (end == p) {
                    done = true;
                    return false;
                }
                throw fail(p, "truncated block header: the file ends " + (end - p)
                        + " bytes into a block header");
            }
            ByteBuffer b = in.buffer();
            int type = u32(b, i);
            if (type == SHB) {
                pos = sectionHeader(p);
                continue;
            }
            long len = blockLength(p, u32(b, i + 4));
            switch (type) {
                case EPB -> {
                    packetBlock(p, len, false);
                    return true;
                }
                case SPB -> {
                    simplePacketBlock(p, len);
                    return true;
                }
                case OPB -> {
                    packetBlock(p, len, true);
                    return true;
                }
                case IDB -> interfaceDescription(p, len);
                default -> skipBlock(p, len);
            }
        }
    }

    /** Validates a block's total length field; returns it as an unsigned value. */
    private long blockLength(long p, int field) throws CaptureException {
        long len = field & 0xFFFFFFFFL;
        if (len < 12) {
            throw fail(p, "block length " + len + " is less than the 12-byte minimum: the file is damaged here");
        }
        if ((len & 3) != 0) {
            throw fail(p, "block length " + len + " is not a multiple of 4: the file is damaged here");
        }
        return len;
    }

    /**
     * Brings a whole block into the window and checks its trailing length.
     *
     * @return the index of the block in {@link CaptureInput#buffer()}
     */
    private int wholeBlock(long p, long len, int minimum, String what) throws CaptureException {
        if (len < minimum) {
            throw fail(p, what + " of " + len + " bytes is shorter than its " + minimum
                    + "-byte minimum: the file is damaged here");
        }
        if (len > CaptureInput.MAX_RECORD) {
            throw fail(p, what + " of " + len + " bytes is larger than the "
                    + CaptureInput.MAX_RECORD + "-byte limit: the file is damaged here");
        }
        int i = window(p, (int) len);
        if (i < 0) {
            throw truncatedBlock(p, len, what);
        }
        checkTrailer(p, len, in.buffer(), i + (int) len - 4);
        return i;
    }

    private CaptureException truncatedBlock(long p, long len, String what) {
        return fail(p, "truncated " + what + ": the file ends " + (in.end() - p) + " bytes into a "
                + len + "-byte block");
    }

    private void checkTrailer(long p, long len, ByteBuffer b, int at) throws CaptureException {
        long trailer = u32(b, at) & 0xFFFFFFFFL;
        if (trailer != len) {
            throw fail(p, "block length " + len + " at the start but " + trailer
                    + " at the end: the file is damaged here");
        }
    }

    /** Reads a Section Header Block at {@code p}; returns the position after it. */
    private long sectionHeader(long p) throws CaptureException {
        int i = window(p, 12);
        if (i < 0) {
            throw truncatedBlock(p, 28, "section header block");
        }
        ByteBuffer b = in.buffer();
        int bom = b.getInt(i + 8);
        if (bom == BYTE_ORDER_MAGIC) {
            swap = false;
        } else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            swap = true;
        } else {
            throw fail(p, String.format("section header has byte-order magic 0x%08x instead of 0x1a2b3c4d:"
                    + " the file is damaged here", bom));
        }
        long len = blockLength(p, u32(b, i + 4));
        i = wholeBlock(p, len, 28, "section header block");
        b = in.buffer();
        int major = u16(b, i + 12);
        if (major != 1) {
            throw fail(p, "unsupported pcapng version " + major + "." + u16(b, i + 14) + " (only 1.x exists)");
        }
        // The section length may be -1 (unknown) and is not needed: blocks are walked by length.
        interfaceCount = 0;
        return p + len;
    }

    private void interfaceDescription(long p, long len) throws CaptureException {
        int i = wholeBlock(p, len, 20, "interface description block");
        ByteBuffer b = in.buffer();
        int lt = u16(b, i + 8);
        long snap = u32(b, i + 12) & 0xFFFFFFFFL;
        int tsresol = DEFAULT_TSRESOL;
        long tsoffset = 0;
        int fcs = 0;
        int q = i + 16;
        int end = i + (int) len - 4;
        while (q + 4 <= end) {
            int code = u16(b, q);
            int olen = u16(b, q + 2);
            if (code == OPT_END) {
                break;
            }
            if (q + 4 + olen > end) {
                throw fail(p, "interface description option " + code + " of " + olen
                        + " bytes runs past the end of its block: the file is damaged here");
            }
            if (code == OPT_IF_TSRESOL && olen >= 1) {
                tsresol = b.get(q + 4) & 0xFF;
            } else if (code == OPT_IF_TSOFFSET && olen >= 8) {
                long v = b.getLong(q + 4);
                tsoffset = swap ? Long.reverseBytes(v) : v;
            } else if (code == OPT_IF_FCSLEN && olen >= 1) {
                fcs = (b.get(q + 4) & 0xFF) / 8; // the option counts bits
            }
            q += 4 + ((olen + 3) & ~3);
        }
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, interfaceCount * 2);
        }
        interfaces[interfaceCount++] = new PcapngInterface(lt, snap, fcs, tsresol, tsoffset);
        pos = p + len;
    }

    /**
     * Reads an Enhanced Packet Block, or an obsolete Packet Block whose interface id is 16 bits
     * followed by a 16-bit drop count.
     */
    private void packetBlock(long p, long len, boolean obsolete) throws CaptureException {
        String what = obsolete ? "packet block" : "enhanced packet block";
        int i = wholeBlock(p, len, 32, what);
        ByteBuffer b = in.buffer();
        int ifid = obsolete ? u16(b, i + 8) : u32(b, i + 8);
        PcapngInterface itf = iface(p, ifid, what);
        long raw = ((u32(b, i + 12) & 0xFFFFFFFFL) << 32) | (u32(b, i + 16) & 0xFFFFFFFFL);
        int cap = u32(b, i + 20);
        int orig = u32(b, i + 24);
        if (cap < 0 || cap > len - 32) {
            throw fail(p, what + " claims " + Integer.toUnsignedString(cap) + " captured bytes but the "
                    + len + "-byte block has room for " + (len - 32) + ": the file is damaged here");
        }
        checkCaptured(p, cap, itf, what);
        buf = b;
        offset = i + 28;
        capLen = cap;
        origLen = orig < 0 ? Integer.MAX_VALUE : orig;
        tsNanos = itf.nanos(raw);
        linkType = itf.linkType;
        fcsLength = itf.fcsLength;
        recordPos = p;
        pos = p + len;
    }

    private void simplePacketBlock(long p, long len) throws CaptureException {
        int i = wholeBlock(p, len, 16, "simple packet block");
        ByteBuffer b = in.buffer();
        PcapngInterface itf = iface(p, 0, "simple packet block");
        long orig = u32(b, i + 8) & 0xFFFFFFFFL;
        long cap = Math.min(orig, len - 16);
        if (itf.snaplen > 0) {
            cap = Math.min(cap, itf.snaplen);
        }
        checkCaptured(p, (int) cap, itf, "simple packet block");
        buf = b;
        offset = i + 12;
        capLen = (int) cap;
        origLen = (int) Math.min(orig, Integer.MAX_VALUE);
        // tsNanos stays at the previous packet's time: the block has none of its own.
        linkType = itf.linkType;
        fcsLength = itf.fcsLength;
        recordPos = p;
        pos = p + len;
    }

    private void checkCaptured(long p, int cap, PcapngInterface itf, String what) throws CaptureException {
        if (cap > PcapReader.MAX_CAPLEN) {
            throw fail(p, what + " claims " + cap + " captured bytes, more than the "
                    + PcapReader.MAX_CAPLEN + "-byte maximum: the file is damaged here");
        }
        if (itf.snaplen > 0 && cap > itf.snaplen) {
            throw fail(p, what + " claims " + cap + " captured bytes, more than its interface's snap length "
                    + itf.snaplen + ": the file is damaged here");
        }
    }

    private PcapngInterface iface(long p, int ifid, String what) throws CaptureException {
        if (ifid < 0 || ifid >= interfaceCount) {
            throw fail(p, what + " refers to interface " + Integer.toUnsignedString(ifid)
                    + " but its section defines " + interfaceCount + ": the file is damaged here");
        }
        return interfaces[ifid];
    }

    /** Skips a block this reader does not use, checking only that its two lengths agree. */
    private void skipBlock(long p, long len) throws CaptureException {
        int i = window(p + len - 4, 4);
        if (i < 0) {
            throw truncatedBlock(p, len, "block");
        }
        checkTrailer(p, len, in.buffer(), i);
        pos = p + len;
    }

    private int u32(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private int u16(ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (swap ? Short.reverseBytes(v) : v) & 0xFFFF;
    }
}
