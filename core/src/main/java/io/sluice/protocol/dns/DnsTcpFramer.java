package io.sluice.protocol.dns;

import java.nio.ByteBuffer;

/**
 * Splits one direction of a DNS-over-TCP stream into messages (RFC 1035 4.2.2: a two-byte length,
 * then the message), incrementally across calls. A message that arrives whole in one call is
 * handed over in place; otherwise it is gathered in a buffer of at most 65,535 bytes (the largest
 * length the prefix can state), allocated on first need and reused.
 *
 * <p>After a gap the framer skips the rest of the damaged message when the gap ended inside it;
 * when the gap swallowed a message boundary it waits for a chunk that starts with a plausible
 * length and header (segments usually start at message boundaries) and gives the direction up
 * after {@value #MAX_RESYNC_CHUNKS} chunks that do not.
 */
final class DnsTcpFramer {
    static final int MAX_RESYNC_CHUNKS = 16;

    interface Messages {
        void message(ByteBuffer buf, int base, int length);
    }

    private enum State { LEN_HI, LEN_LO, BODY, SKIP, RESYNC, DEAD }

    private final boolean netbios;
    private State state = State.LEN_HI;
    private int messageLength;
    private int buffered;
    private long skip;
    private int resyncChunks;
    private byte[] message;
    private ByteBuffer messageView;

    DnsTcpFramer(boolean netbios) {
        this.netbios = netbios;
    }

    void data(ByteBuffer buf, int offset, int length, Messages out) {
        while (length > 0) {
            switch (state) {
                case LEN_HI -> {
                    if (length >= 2) {
                        int size = DnsHeader.u16(buf, offset);
                        if (length - 2 >= size) {
                            out.message(buf, offset + 2, size);
                            offset += 2 + size;
                            length -= 2 + size;
                            continue;
                        }
                    }
                    messageLength = (buf.get(offset) & 0xff) << 8;
                    state = State.LEN_LO;
                    offset++;
                    length--;
                }
                case LEN_LO -> {
                    messageLength |= buf.get(offset) & 0xff;
                    offset++;
                    length--;
                    buffered = 0;
                    state = State.BODY;
                    if (messageLength == 0) {
                        state = State.LEN_HI;
                        out.message(buf, offset, 0);
                    } else {
                        ensureCapacity(messageLength);
                    }
                }
                case BODY -> {
                    int n = Math.min(length, messageLength - buffered);
                    buf.get(offset, message, buffered, n);
                    buffered += n;
                    offset += n;
                    length -= n;
                    if (buffered == messageLength) {
                        state = State.LEN_HI;
                        buffered = 0;
                        out.message(messageView, 0, messageLength);
                    }
                }
                case SKIP -> {
                    int n = (int) Math.min(length, skip);
                    skip -= n;
                    offset += n;
                    length -= n;
                    if (skip == 0) state = State.LEN_HI;
                }
                case RESYNC -> {
                    if (DnsSignature.looksLikeTcpStart(buf, offset, length, netbios, false)) {
                        state = State.LEN_HI;
                        resyncChunks = 0;
                        continue;
                    }
                    if (++resyncChunks >= MAX_RESYNC_CHUNKS) state = State.DEAD;
                    return;
                }
                case DEAD -> {
                    return;
                }
            }
        }
    }

    /** {@code bytes} of this direction were lost. */
    void gap(long bytes) {
        if (bytes <= 0) return;
        switch (state) {
            case BODY -> {
                long rest = messageLength - buffered;
                buffered = 0;
                if (bytes < rest) {
                    skip = rest - bytes;
                    state = State.SKIP;
                } else {
                    state = bytes == rest ? State.LEN_HI : State.RESYNC;
                }
            }
            case SKIP -> {
                if (bytes < skip) {
                    skip -= bytes;
                } else {
                    state = bytes == skip ? State.LEN_HI : State.RESYNC;
                    skip = 0;
                }
            }
            case LEN_HI, LEN_LO -> state = State.RESYNC;
            case RESYNC, DEAD -> { }
        }
    }

    /** The stream ended: hands over a partly received message, as Zeek does when a connection closes. */
    void flush(Messages out) {
        if (state == State.BODY && buffered > 0) {
            int n = buffered;
            buffered = 0;
            state = State.LEN_HI;
            out.message(messageView, 0, n);
        }
    }

    boolean dead() {
        return state == State.DEAD;
    }

    private void ensureCapacity(int size) {
        if (message != null && message.length >= size) return;
        int capacity = message == null ? Math.max(size, 512) : Math.max(size, Math.min(65_535, message.length * 2));
        message = new byte[capacity];
        messageView = ByteBuffer.wrap(message);
    }
}
