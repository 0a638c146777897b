package io.sluice.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reassembles IPv4 and IPv6 fragments, bounded in every dimension so that hostile traffic can
 * only cost the configured memory: datagrams in flight, bytes buffered, datagram size (65535) and
 * age (packet time). On overlap the first data received wins; fragments that contradict the
 * datagram (two different ends, data past the end, a non-final fragment whose length is not a
 * multiple of 8, a datagram too large) drop the whole datagram.
 *
 * <p>Datagrams are keyed by (source, destination, protocol, 16-bit id) for IPv4 and (source,
 * destination, 32-bit id) for IPv6, in a chained hash table of pooled nodes: no allocation per
 * fragment, one allocation per datagram only while the pool is empty. Data is tracked in 8-byte
 * blocks (a bitmap), the unit fragment offsets are counted in.
 *
 * <p>A completed datagram is written, with its IP header patched (lengths, no fragment fields,
 * IPv4 checksum recomputed; IPv6 gets the fragment header's next-header and drops the
 * unfragmentable extension headers), into an output buffer per tunnel depth, so that an inner
 * packet's reassembly never overwrites the outer packet's datagram. It stays valid until the next
 * datagram completes at the same depth. Not thread-safe: one per decoder thread.
 */
public final class FragmentReassembler {
    public static final int DEFAULT_MAX_DATAGRAMS = 4096;
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    public static final long DEFAULT_TIMEOUT_NANOS = 30_000_000_000L;
    /** Largest IPv4 total length / IPv6 payload length. */
    static final int MAX_DATAGRAM = 65535;
    static final int INCOMPLETE = 0;
    static final int DROPPED = -1;
    private static final int POOL_LIMIT = 64;

    private final int maxDatagrams;
    private final long maxBytes;
    private final long timeoutNanos;
    private final Datagram[] table;
    private final int mask;
    private Datagram oldest, newest;
    private Datagram pool;
    private int poolSize;
    private final byte[][] outputs;
    private final ByteBuffer[] outputBuffers;

    private int inFlight;
    private long bytesBuffered;
    private long completed, dropped, evicted;

    public FragmentReassembler() {
        this(DEFAULT_MAX_DATAGRAMS, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_NANOS);
    }

    public FragmentReassembler(int maxDatagrams, long maxBytes, long timeoutNanos) {
        if (maxDatagrams < 1 || maxBytes < 1 || timeoutNanos < 1) {
            throw new IllegalArgumentException("fragment limits must be positive");
        }
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        int size = Integer.highestOneBit(Math.max(16, maxDatagrams * 2 - 1)) << 1;
        this.table = new Datagram[size];
        this.mask = size - 1;
        int depths = PacketDecoder.MAX_TUNNEL_DEPTH + 1;
        this.outputs = new byte[depths][];
        this.outputBuffers = new ByteBuffer[depths];
    }

    public int inFlight() {
        return inFlight;
    }

    public long bytesBuffered() {
        return bytesBuffered;
    }

    public long completed() {
        return completed;
    }

    /** Datagrams dropped as inconsistent or oversized, plus fragments that could not be used (truncated by the snap length). */
    public long dropped() {
        return dropped;
    }

    /** Datagrams removed incomplete because they timed out or a limit needed room. */
    public long evicted() {
        return evicted;
    }

    void countDropped() {
        dropped++;
    }

    /** The buffer holding the last datagram completed at this tunnel depth (big-endian, from offset 0). */
    ByteBuffer output(int depth) {
        return outputBuffers[Math.min(depth, outputBuffers.length - 1)];
    }

    /** Evicts datagrams whose first fragment is older than the timeout at packet time {@code nowNanos}. */
    public void expire(long nowNanos) {
        while (oldest != null && nowNanos - oldest.firstSeen > timeoutNanos) {
            remove(oldest);
            evicted++;
        }
    }

    /**
     * Adds one fragment whose data bytes are fully captured.
     *
     * @param key 4/6 marker, protocol and id packed by the caller ({@link #v4Key}, {@link #v6Key})
     * @param headerOff offset of the IP header (copied from the fragment at offset 0)
     * @param headerLen IPv4 header length; 40 for IPv6
     * @param nextHeader IPv6: the fragment header's next header; IPv4: ignored
     * @return the datagram length in {@link #output} when this fragment completed it,
     *     {@link #INCOMPLETE}, or {@link #DROPPED}
     */
    int add(long now, long srcHi, long srcLo, long dstHi, long dstLo, long key, ByteBuffer buf,
            int headerOff, int headerLen, int nextHeader, int dataOff, int dataLen, int fragOffset, boolean more, int depth) {
        expire(now);
        boolean v6 = (key >>> 40) == 6;
        int end = fragOffset + dataLen;
        int limit = v6 ? MAX_DATAGRAM : MAX_DATAGRAM - headerLen;
        int hash = hash(srcHi, srcLo, dstHi, dstLo, key);
        Datagram d = find(hash, srcHi, srcLo, dstHi, dstLo, key);
        if ((more && (dataLen == 0 || (dataLen & 7) != 0)) || end > limit) {
            return drop(d);
        }
        if (d == null) {
            if (inFlight >= maxDatagrams) {
                remove(oldest);
                evicted++;
            }
            d = create(hash, srcHi, srcLo, dstHi, dstLo, key, now);
        }
        if (!more) {
            if ((d.total >= 0 && d.total != end) || d.highest > end) {
                return drop(d);
            }
            d.total = end;
        } else if (d.total >= 0 && end > d.total) {
            return drop(d);
        }
        if (!ensureCapacity(d, end)) {
            return drop(d);
        }
        fill(d, buf, dataOff, fragOffset, end);
        if (fragOffset == 0 && d.headerLen == 0) {
            buf.get(headerOff, d.header, 0, headerLen);
            d.headerLen = headerLen;
            d.nextHeader = nextHeader;
        }
        d.highest = Math.max(d.highest, end);
        if (d.total < 0 || d.headerLen == 0 || d.filled != (d.total + 7) >>> 3) {
            return INCOMPLETE;
        }
        int n = emit(d, v6, depth);
        remove(d);
        completed++;
        return n;
    }

    static long v4Key(int protocol, int id) {
        return (4L << 40) | ((long) (protocol & 0xff) << 32) | (id & 0xffff);
    }

    static long v6Key(long id) {
        return (6L << 40) | (id & 0xffff_ffffL);
    }

    private int drop(Datagram d) {
        if (d != null) {
            remove(d);
        }
        dropped++;
        return DROPPED;
    }

    private boolean ensureCapacity(Datagram d, int end) {
        if (d.data.length >= end) {
            return true;
        }
        int cap = Math.min(MAX_DATAGRAM + 1, Math.max(2048, Integer.highestOneBit(Math.max(1, end - 1)) << 1));
        long grow = cap - d.data.length;
        // Make room by evicting other datagrams, oldest first.
        for (Datagram x = oldest; x != null && bytesBuffered + grow > maxBytes; ) {
            Datagram next = x.newer;
            if (x != d) {
                remove(x);
                evicted++;
            }
            x = next;
        }
        if (bytesBuffered + grow > maxBytes) {
            return false;
        }
        d.data = Arrays.copyOf(d.data, cap);
        bytesBuffered += grow;
        return true;
    }

    /** Copies the runs of 8-byte blocks not yet filled (first data wins). */
    private static void fill(Datagram d, ByteBuffer buf, int dataOff, int fragOffset, int end) {
        int first = fragOffset >>> 3;
        int last = (end + 7) >>> 3; // exclusive
        int blk = first;
        while (blk < last) {
            if (d.isSet(blk)) {
                blk++;
                continue;
            }
            int runStart = blk;
            while (blk < last && !d.isSet(blk)) {
                d.set(blk);
                d.filled++;
                blk++;
            }
            int from = runStart << 3;
            int to = Math.min(blk << 3, end);
            buf.get(dataOff + (from - fragOffset), d.data, from, to - from);
        }
        d.maxBlock = Math.max(d.maxBlock, last);
    }

    private int emit(Datagram d, boolean v6, int depth) {
        int idx = Math.min(depth, outputs.length - 1);
        if (outputs[idx] == null) {
            outputs[idx] = new byte[MAX_DATAGRAM + 64];
            outputBuffers[idx] = ByteBuffer.wrap(outputs[idx]);
        }
        byte[] out = outputs[idx];
        int hl = d.headerLen;
        System.arraycopy(d.header, 0, out, 0, hl);
        System.arraycopy(d.data, 0, out, hl, d.total);
        if (v6) {
            out[4] = (byte) (d.total >>> 8);
            out[5] = (byte) d.total;
            out[6] = (byte) d.nextHeader;
        } else {
            int total = hl + d.total;
            out[2] = (byte) (total >>> 8);
            out[3] = (byte) total;
            out[6] &= 0x40; // keep DF, clear MF and the offset
            out[7] = 0;
            out[10] = 0;
            out[11] = 0;
            long s = 0;
            for (int i = 0; i < hl; i += 2) {
                s += ((out[i] & 0xff) << 8) | (out[i + 1] & 0xff);
            }
            while ((s >>> 16) != 0) {
                s = (s & 0xffff) + (s >>> 16);
            }
            int c = (int) (~s & 0xffff);
            out[10] = (byte) (c >>> 8);
            out[11] = (byte) c;
        }
        return hl + d.total;
    }

    private static int hash(long srcHi, long srcLo, long dstHi, long dstLo, long key) {
        long h = srcHi * 0x9E3779B97F4A7C15L;
        h = (h ^ srcLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ dstHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ dstLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ key) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private Datagram find(int hash, long srcHi, long srcLo, long dstHi, long dstLo, long key) {
        for (Datagram d = table[hash & mask]; d != null; d = d.chain) {
            if (d.hash == hash && d.key == key && d.srcLo == srcLo && d.dstLo == dstLo && d.srcHi == srcHi && d.dstHi == dstHi) {
                return d;
            }
        }
        return null;
    }

    private Datagram create(int hash, long srcHi, long srcLo, long dstHi, long dstLo, long key, long now) {
        Datagram d = pool;
        if (d != null) {
            pool = d.chain;
            poolSize--;
        } else {
            d = new Datagram();
        }
        d.hash = hash;
        d.srcHi = srcHi;
        d.srcLo = srcLo;
        d.dstHi = dstHi;
        d.dstLo = dstLo;
        d.key = key;
        d.firstSeen = now;
        d.total = -1;
        d.highest = 0;
        d.filled = 0;
        d.headerLen = 0;
        bytesBuffered += d.data.length;
        int b = hash & mask;
        d.chain = table[b];
        table[b] = d;
        d.older = newest;
        d.newer = null;
        if (newest != null) {
            newest.newer = d;
        } else {
            oldest = d;
        }
        newest = d;
        inFlight++;
        return d;
    }

    private void remove(Datagram d) {
        int b = d.hash & mask;
        if (table[b] == d) {
            table[b] = d.chain;
        } else {
            for (Datagram x = table[b]; x != null; x = x.chain) {
                if (x.chain == d) {
                    x.chain = d.chain;
                    break;
                }
            }
        }
        if (d.older != null) {
            d.older.newer = d.newer;
        } else {
            oldest = d.newer;
        }
        if (d.newer != null) {
            d.newer.older = d.older;
        } else {
            newest = d.older;
        }
        d.older = d.newer = null;
        inFlight--;
        bytesBuffered -= d.data.length;
        Arrays.fill(d.blocks, 0, (d.maxBlock + 63) >>> 6, 0L);
        d.maxBlock = 0;
        if (poolSize < POOL_LIMIT) {
            d.chain = pool;
            pool = d;
            poolSize++;
        } else {
            d.chain = null;
        }
    }

    private static final class Datagram {
        int hash;
        long srcHi, srcLo, dstHi, dstLo, key;
        long firstSeen;
        Datagram chain, older, newer;
        byte[] data = new byte[0];
        final long[] blocks = new long[(MAX_DATAGRAM + 1 + 511) / 512];
        int maxBlock, filled, total = -1, highest;
        final byte[] header = new byte[60];
        int headerLen, nextHeader;

        boolean isSet(int blk) {
            return (blocks[blk >>> 6] & (1L << blk)) != 0;
        }

        void set(int blk) {
            blocks[blk >>> 6] |= 1L << blk;
        }
    }
}
