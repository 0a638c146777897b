package io.sluice.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file in little-endian byte order (what libpcap writes on x86 and ARM), with
 * microsecond or nanosecond timestamps. Packets longer than the snap length are cut to it, the way
 * a capture would have recorded them. Nothing is allocated per packet.
 */
public final class PcapWriter implements AutoCloseable {

    public enum Resolution {
        MICROS,
        NANOS
    }

    private final OutputStream out;
    private final int snaplen;
    private final Resolution resolution;
    private final byte[] header = new byte[24];
    private byte[] scratch = new byte[0];
    private long packets;

    /**
     * Writes the file header to {@code out}. {@code snaplen} 0 means {@value PcapReader#MAX_CAPLEN}.
     */
    public PcapWriter(OutputStream out, int linkType, int snaplen, Resolution resolution) throws IOException {
        if (snaplen < 0 || snaplen > PcapReader.MAX_CAPLEN) {
            throw new IllegalArgumentException("snap length must be 0.." + PcapReader.MAX_CAPLEN + ": " + snaplen);
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.snaplen = snaplen == 0 ? PcapReader.MAX_CAPLEN : snaplen;
        this.resolution = resolution;
        putInt(0, resolution == Resolution.NANOS ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        putShort(4, 2);
        putShort(6, 4);
        putInt(8, 0);
        putInt(12, 0);
        putInt(16, this.snaplen);
        putInt(20, linkType);
        this.out.write(header, 0, 24);
    }

    public static PcapWriter create(Path path, int linkType, int snaplen, Resolution resolution) throws IOException {
        OutputStream os = Files.newOutputStream(path);
        try {
            return new PcapWriter(os, linkType, snaplen, resolution);
        } catch (IOException | RuntimeException e) {
            os.close();
            throw e;
        }
    }

    /**
     * Writes one packet.
     *
     * @param tsNanos capture time, nanoseconds since the epoch (from 1970 to 2106)
     * @param len bytes available in {@code data} from {@code off}; more than the snap length are cut
     * @param origLen bytes the packet had on the wire; raised to the captured length if smaller
     */
    public void write(long tsNanos, byte[] data, int off, int len, int origLen) throws IOException {
        int cap = recordHeader(tsNanos, len, origLen);
        out.write(header, 0, 16);
        out.write(data, off, cap);
        packets++;
    }

    /** As {@link #write(long, byte[], int, int, int)}, reading {@code data} by absolute index. */
    public void write(long tsNanos, ByteBuffer data, int off, int len, int origLen) throws IOException {
        int cap = recordHeader(tsNanos, len, origLen);
        out.write(header, 0, 16);
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + off, cap);
        } else {
            if (scratch.length < cap) {
                scratch = new byte[Math.max(cap, 2048)];
            }
            data.get(off, scratch, 0, cap);
            out.write(scratch, 0, cap);
        }
        packets++;
    }

    private int recordHeader(long tsNanos, int len, int origLen) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length " + len);
        }
        int cap = Math.min(len, snaplen);
        long seconds = Math.floorDiv(tsNanos, 1_000_000_000L);
        long nanos = Math.floorMod(tsNanos, 1_000_000_000L);
        putInt(0, (int) seconds);
        putInt(4, (int) (resolution == Resolution.NANOS ? nanos : nanos / 1000));
        putInt(8, cap);
        putInt(12, Math.max(origLen, len));
        return cap;
    }

    /** Packets written so far. */
    public long packets() {
        return packets;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void putInt(int at, int v) {
        header[at] = (byte) v;
        header[at + 1] = (byte) (v >>> 8);
        header[at + 2] = (byte) (v >>> 16);
        header[at + 3] = (byte) (v >>> 24);
    }

    private void putShort(int at, int v) {
        header[at] = (byte) v;
        header[at + 1] = (byte) (v >>> 8);
    }
}
