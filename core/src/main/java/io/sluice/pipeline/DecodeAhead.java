package io.sluice.pipeline;

import io.sluice.capture.CaptureException;
import io.sluice.capture.PacketSource;
import io.sluice.packet.Checksums;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads, decodes and checksums packets on a thread of its own, a few batches ahead of the thread
 * that meters them. With flows only, reading the capture, decoding headers and verifying checksums
 * are about a third of the packet thread's work; here they overlap with flow metering and
 * dissection, which stay on one thread because flow state is not shared.
 *
 * <p>Ownership, as in Netty, passes with the batch: a {@link Batch} (packets and the bytes they
 * point into) belongs to the reading thread until it is put on {@code full}, then to the metering
 * thread until it goes back on {@code free}. A source's bytes are valid only until its next packet,
 * so each frame is copied into the batch; a datagram reassembled from IP fragments lives in the
 * decoder's buffer, which the next reassembly reuses, so it is copied too and the packet's offsets
 * move with it. Packets are handed over a batch at a time, so the two threads meet once per
 * {@link #BATCH} packets rather than once per packet; nothing is allocated per packet.
 *
 * <p>The packets come out in capture order, decoded exactly as {@link PacketDecoder#decode} would
 * have on the metering thread. Damage to the input ends the stream after every packet before it
 * ({@link #damage}); a bug in decoding is rethrown on the metering thread. A batch is handed over
 * when it is full or the input ends, which suits files; a live source would also need a time bound.
 */
final class DecodeAhead implements AutoCloseable {
    /** Packets per batch: enough that handing over a batch costs little per packet. */
    static final int BATCH = 256;
    /** Frame bytes per batch; a batch is handed over early when the next frame does not fit. */
    static final int BATCH_BYTES = 512 << 10;
    /** Batches in flight: how far reading may run ahead (about 2,000 packets). */
    static final int BATCHES = 8;
    private static final long POLL_MILLIS = 20;

    private final PacketSource source;
    private final PacketDecoder decoder;
    private final boolean verifyChecksums;
    private final ArrayBlockingQueue<Batch> free;
    private final ArrayBlockingQueue<Batch> full;
    private final Thread thread;
    private volatile boolean cancelled;

    // the metering thread's side
    private Batch current;
    private int index;
    private long bytesRead;
    private CaptureException damage;

    /**
     * @param decoder decodes every outermost packet; it belongs to the reading thread until {@link
     *     #close} returns
     */
    DecodeAhead(PacketSource source, PacketDecoder decoder, boolean verifyChecksums) {
        this(source, decoder, verifyChecksums, BATCH, BATCH_BYTES, BATCHES);
    }

    /** Sizes chosen by tests, to cross batch and chunk boundaries often. */
    DecodeAhead(PacketSource source, PacketDecoder decoder, boolean verifyChecksums, int batch, int batchBytes,
            int batches) {
        this.source = source;
        this.decoder = decoder;
        this.verifyChecksums = verifyChecksums;
        this.free = new ArrayBlockingQueue<>(batches);
        this.full = new ArrayBlockingQueue<>(batches);
        for (int i = 0; i < batches; i++) free.add(new Batch(batch, batchBytes));
        this.thread = new Thread(this::read, "sluice-decode");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * The next packet in capture order, or null at the end of the input (then see {@link #damage}).
     * The packet returned before is given back: it is valid until this is called again.
     */
    Packet next() {
        while (true) {
            Batch b = current;
            if (b != null && index < b.count) {
                bytesRead = b.bytesRead[index];
                return b.packets[index++];
            }
            if (b != null) {
                if (b.last) {
                    damage = b.damage;
                    if (b.failure != null) throw rethrown(b.failure);
                    return null;
                }
                current = null;
                free.add(b); // never full: there are only as many batches as places
            }
            current = take();
            index = 0;
        }
    }

    /** Bytes of the input read up to the packet last returned, for progress. */
    long bytesRead() {
        return bytesRead;
    }

    /** The damage that ended the input, once {@link #next} returned null; null after a clean end. */
    CaptureException damage() {
        return damage;
    }

    /**
     * Waits for the reading thread, stopping it first when the metering thread gave up before the
     * end. A thread blocked in a read of a pipe that never ends is left behind after a while (it is a
     * daemon): the run is being abandoned then anyway.
     */
    @Override
    public void close() {
        cancelled = true;
        boolean interrupted = false;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (thread.isAlive() && System.nanoTime() < until) {
            try {
                thread.join(POLL_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private Batch take() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    Batch b = full.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (b != null) return b;
                    if (!thread.isAlive() && full.isEmpty()) {
                        throw new IllegalStateException("the decoding thread ended without finishing its input");
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the reading thread

    private void read() {
        Batch b = nextFree();
        if (b == null) return;
        try {
            while (!cancelled && source.next()) {
                int len = source.capturedLength();
                if (b.count == b.packets.length || (b.used + len > b.data.length && b.count > 0)) {
                    if (!handOver(b)) return;
                    b = nextFree();
                    if (b == null) return;
                }
                decodeInto(b, len);
            }
        } catch (CaptureException e) {
            b.damage = e;
        } catch (Throwable bug) {
            b.failure = bug;
        }
        b.last = true;
        handOver(b);
    }

    private void decodeInto(Batch b, int len) {
        Packet p = b.packets[b.count];
        if (len <= b.data.length - b.used) {
            source.buffer().get(source.offset(), b.data, b.used, len);
            p.frame(source.timestampNanos(), b.buf, source.linkType(), b.used, len, source.originalLength());
            b.used += len;
        } else {
            // larger than a whole batch's bytes (a pcapng block of megabytes): rare, so its own array
            byte[] own = new byte[len];
            source.buffer().get(source.offset(), own, 0, len);
            p.frame(source.timestampNanos(), ByteBuffer.wrap(own), source.linkType(), 0, len, source.originalLength());
        }
        decoder.decode(p);
        if (p.reassembled) keepReassembled(b, p);
        if (verifyChecksums) checksums(p);
        b.bytesRead[b.count] = source.bytesRead();
        b.count++;
    }

    /** Copies a reassembled datagram out of the decoder's buffer, which the next reassembly reuses. */
    private static void keepReassembled(Batch b, Packet p) {
        int from = p.l3Offset;
        int len = Math.max(0, Math.min(p.ipLength, p.buf.limit() - from));
        ByteBuffer to;
        int at;
        if (len <= b.data.length - b.used) {
            to = b.buf;
            at = b.used;
            b.used += len;
        } else {
            to = ByteBuffer.wrap(new byte[len]);
            at = 0;
        }
        p.buf.get(from, to.array(), at, len);
        int delta = at - from;
        p.buf = to;
        p.l3Offset += delta;
        if (p.l4Offset >= 0) p.l4Offset += delta;
        if (p.payloadOffset >= 0) p.payloadOffset += delta;
        if (p.innerOffset >= 0) p.innerOffset += delta;
    }

    /** The verdicts the metering thread would work out; it takes them as they are. */
    private static void checksums(Packet p) {
        if (p.ipVersion == 4) {
            boolean ok = Checksums.ipv4HeaderValid(p);
            p.ipChecksum = ok ? Packet.VALID : Packet.BAD;
            if (!ok) return; // dropped before the flow table
        }
        if (p.l4Offset >= 0) p.transportChecksum = TransportChecksums.compute(p) ? Packet.VALID : Packet.BAD;
    }

    private Batch nextFree() {
        while (!cancelled) {
            try {
                Batch b = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (b != null) {
                    b.clear();
                    return b;
                }
            } catch (InterruptedException e) {
                // only close() stops this thread, through cancelled
            }
        }
        return null;
    }

    private boolean handOver(Batch b) {
        while (!cancelled) {
            try {
                if (full.offer(b, POLL_MILLIS, TimeUnit.MILLISECONDS)) return true;
            } catch (InterruptedException e) {
                // only close() stops this thread, through cancelled
            }
        }
        return false;
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("decoding failed", t);
    }

    /** Up to {@code n} decoded packets and the bytes they point into. */
    private static final class Batch {
        final Packet[] packets;
        final long[] bytesRead;
        final byte[] data;
        final ByteBuffer buf;
        int count;
        int used;
        boolean last;
        CaptureException damage;
        Throwable failure;

        Batch(int n, int bytes) {
            packets = new Packet[n];
            for (int i = 0; i < n; i++) packets[i] = new Packet();
            bytesRead = new long[n];
            data = new byte[bytes];
            buf = ByteBuffer.wrap(data);
        }

        void clear() {
            count = 0;
            used = 0;
            last = false;
            damage = null;
            failure = null;
        }
    }
}
