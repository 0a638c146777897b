package io.sluice.app;

import java.nio.ByteBuffer;

/**
 * Datagrams handed from a socket's receiving thread to its decoding thread, without an object per
 * datagram: the payloads are copied back to back into one preallocated byte array and their
 * length, sender and arrival time into parallel arrays. One producer and one consumer thread
 * (single-producer single-consumer); the producer never waits: when the ring is full (too many
 * datagrams or too many bytes held) {@link #offer} returns false and the caller counts the drop.
 *
 * <p>Byte positions are virtual (they only grow); a payload that would straddle the end of the
 * array starts at the next lap instead, so every payload is contiguous for the decoder.
 */
final class DatagramRing {
    private final int mask;
    private final byte[] bytes;
    private final long[] start;
    private final int[] length;
    private final long[] senderHi;
    private final long[] senderLo;
    private final int[] senderPort;
    private final long[] receivedNanos;

    /** Datagrams published by the producer (the next slot it fills); written by the producer only. */
    private volatile long head;
    /** Datagrams released by the consumer; written by the consumer only. */
    private volatile long tail;
    /** Virtual byte position just past the last released payload; written by the consumer only. */
    private volatile long releasedBytes;
    /** Virtual byte position where the next payload goes; producer only. */
    private long writeBytes;

    /**
     * @param datagrams the most datagrams held (rounded up to a power of two)
     * @param capacityBytes the most payload bytes held; at least 65,536 so any datagram fits
     */
    DatagramRing(int datagrams, int capacityBytes) {
        int n = Integer.highestOneBit(Math.max(2, datagrams - 1)) << 1;
        mask = n - 1;
        bytes = new byte[Math.max(capacityBytes, 65536)];
        start = new long[n];
        length = new int[n];
        senderHi = new long[n];
        senderLo = new long[n];
        senderPort = new int[n];
        receivedNanos = new long[n];
    }

    int slots() {
        return mask + 1;
    }

    int capacityBytes() {
        return bytes.length;
    }

    /**
     * Producer: copies the {@code src} buffer's remaining bytes in as one datagram; false when
     * there is no room (the datagram is not taken).
     */
    boolean offer(ByteBuffer src, long hi, long lo, int port, long nanos) {
        long h = head;
        long t = tail; // read before releasedBytes: the consumer writes them in the other order
        if (h - t > mask) return false;
        int len = src.remaining();
        int cap = bytes.length;
        long pos = writeBytes;
        int at = (int) (pos % cap);
        if (at + len > cap) { // would straddle the end: start the next lap
            pos += cap - at;
            at = 0;
        }
        // Room unless the payload's end would reach the oldest byte still held; an empty ring has room
        // for any datagram wherever the next lap starts.
        if (h != t && pos + len - releasedBytes > cap) return false;
        src.get(bytes, at, len);
        int s = (int) (h & mask);
        start[s] = pos;
        length[s] = len;
        senderHi[s] = hi;
        senderLo[s] = lo;
        senderPort[s] = port;
        receivedNanos[s] = nanos;
        writeBytes = pos + len;
        head = h + 1; // volatile write publishes the slot and its bytes
        return true;
    }

    /** Consumer: the slot of the oldest datagram, or -1 when empty. Valid until {@link #release}. */
    int peek() {
        long t = tail;
        return t == head ? -1 : (int) (t & mask);
    }

    /** Consumer: frees the datagram returned by the last {@link #peek}. */
    void release(int slot) {
        releasedBytes = start[slot] + length[slot];
        tail = tail + 1;
    }

    /** Datagrams waiting (approximate when read outside the two threads). */
    int size() {
        return (int) (head - tail);
    }

    byte[] bytes() {
        return bytes;
    }

    int offset(int slot) {
        return (int) (start[slot] % bytes.length);
    }

    int length(int slot) {
        return length[slot];
    }

    long senderHi(int slot) {
        return senderHi[slot];
    }

    long senderLo(int slot) {
        return senderLo[slot];
    }

    int senderPort(int slot) {
        return senderPort[slot];
    }

    long receivedNanos(int slot) {
        return receivedNanos[slot];
    }
}
