package io.sluice.capture;

import java.nio.ByteBuffer;

/**
 * Reads a classic pcap file (libpcap savefile): microsecond and nanosecond magics in either byte
 * order, and the 24-byte record headers of the "modified" (Kuznetzov) variant.
 *
 * <p>Per packet it reads the four record-header ints in place and hands out a view of the packet
 * bytes in the input's window; nothing is allocated.
 *
 * <p>A record whose captured length exceeds the header's snap length (when that is non-zero) or
 * {@value #MAX_CAPLEN} bytes is reported as damage. libpcap instead tolerates captured lengths
 * above the snap length (up to its per-link-type maximum) and truncates them; no capture in the
 * project corpus needs that, and a length beyond the snap length is far more often the first sign
 * of a corrupt file than a real packet.
 */
public final class PcapReader extends CaptureReader {
    /** libpcap's maximum snap length for all but a few exotic link types. */
    public static final int MAX_CAPLEN = 262_144;

    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;
    /** Alexey Kuznetzov's patched libpcap: 8 more bytes (ifindex, protocol, pkt_type) per record. */
    static final int MAGIC_KUZNETZOV = 0xa1b2cd34;

    private static final int FILE_HEADER = 24;

    private final boolean swap;
    private final long fracToNanos;
    private final int recordHeader;
    private final long snaplen;



    PcapReader(CaptureInput in) throws CaptureException {
        super(in, FILE_HEADER);
        int i = window(0, FILE_HEADER);
        if (i < 0) {
            throw truncatedHeader();
        }
        ByteBuffer b = in.buffer();
        int magic = b.getInt(i);
        boolean swapped = false;
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS && magic != MAGIC_KUZNETZOV) {
            magic = Integer.reverseBytes(magic);
            swapped = true;
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS && magic != MAGIC_KUZNETZOV) {
            throw fail(0, String.format("not a pcap file (magic 0x%08x)", b.getInt(i)));
        }
        this.swap = swapped;
        this.fracToNanos = magic == MAGIC_NANOS ? 1 : 1000;
        this.recordHeader = magic == MAGIC_KUZNETZOV ? 24 : 16;
        int major = u16(b, i + 4);
        int minor = u16(b, i + 6);
        if (major != 2) {
            throw fail(0, "unsupported pcap version " + major + "." + minor + " (only 2.x exists)");
        }
        this.snaplen = u32(b, i + 16) & 0xFFFFFFFFL;
        int network = u32(b, i + 20);
        // The upper 16 bits carry the FCS length (in 16-bit words) when bit 26 is set.
        this.linkType = network & 0xFFFF;
        this.fcsLength = (network & 0x0400_0000) != 0 ? ((network >>> 28) & 0xF) * 2 : 0;
    }

    private CaptureException truncatedHeader() {
        long end = in.end();
        if (end == 0) {
            return fail(0, "empty file");
        }
        return fail(0, "truncated pcap file header: the file has " + end + " of " + FILE_HEADER + " bytes");
    }

    @Override
    public boolean next() throws CaptureException {
        if (done) {
            return false;
        }
        long p = pos;
        int i = window(p, recordHeader);
        if (i < 0) {
            long end = in.end();
            if (end == p) {
                done = true;
                return false;
            }
            throw fail(p, "truncated record header: the file ends " + (end - p) + " bytes into a "
                    + recordHeader + "-byte record header");
        }
        ByteBuffer b = in.buffer();
        int sec = b.getInt(i);
        int frac = b.getInt(i + 4);
        int cap = b.getInt(i + 8);
        int orig = b.getInt(i + 12);
        if (swap) {
            sec = Integer.reverseBytes(sec);
            frac = Integer.reverseBytes(frac);
            cap = Integer.reverseBytes(cap);
            orig = Integer.reverseBytes(orig);
        }
        if (cap < 0 || cap > MAX_CAPLEN) {
            throw fail(p, "record claims " + Integer.toUnsignedString(cap) + " captured bytes, more than the "
                    + MAX_CAPLEN + "-byte maximum: the file is damaged here");
        }
        if (cap > snaplen && snaplen > 0) {
            throw fail(p, "record claims " + cap + " captured bytes, more than the file's snap length "
                    + snaplen + ": the file is damaged here");
        }
        int size = recordHeader + cap;
        int j = window(p, size);
        if (j < 0) {
            throw fail(p, "truncated packet record: the file ends " + (in.end() - p) + " bytes into a "
                    + size + "-byte record");
        }
        buf = in.buffer();
        offset = j + recordHeader;
        capLen = cap;
        origLen = orig < 0 ? Integer.MAX_VALUE : orig;
        tsNanos = (sec & 0xFFFFFFFFL) * 1_000_000_000L + (frac & 0xFFFFFFFFL) * fracToNanos;
        recordPos = p;
        pos = p + size;
        return true;
    }

    private int u32(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private int u16(ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (swap ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    /** The snap length from the file header (0 when the writer left it unset). */
    public long snaplen() {
        return snaplen;
    }

    /** True when timestamps in the file have nanosecond resolution. */
    public boolean nanosecondResolution() {
        return fracToNanos == 1;
    }
}
