package io.sluice.capture;

import java.nio.ByteBuffer;

/**
 * A stream of captured packets, read one at a time as a reusable view.
 *
 * <p>Ownership: the buffer returned by {@link #buffer()} belongs to the source. The bytes at
 * {@code [offset(), offset() + capturedLength())} are valid only until the next call to
 * {@link #next()}; a consumer that needs them longer copies them. Absolute indexing only: the
 * buffer's position and limit carry no meaning and must not be changed by consumers. The buffer's
 * byte order is big-endian (network order) whatever the capture file's byte order is; it may be a
 * different buffer after each {@link #next()}, so consumers fetch it per packet.
 *
 * <p>Typical use, with nothing allocated per packet: {@code while (src.next()) { decode(src.buffer(),
 * src.offset(), src.capturedLength()); }}
 */
public interface PacketSource extends AutoCloseable {

    /**
     * Advances to the next packet.
     *
     * @return false at the clean end of the input
     * @throws CaptureException when the input is damaged; every packet returned before stays valid
     *     and the source is finished
     */
    boolean next() throws CaptureException;

    /** Capture timestamp, nanoseconds since the Unix epoch. */
    long timestampNanos();

    /** The link type of this packet (a {@code LINKTYPE_*} value, see {@code io.sluice.packet.LinkType}). */
    int linkType();

    /**
     * Bytes of frame check sequence at the end of each frame of this packet's link, when the
     * capture records it (pcap link-type FCS bits, pcapng {@code if_fcslen}); 0 when absent or
     * unknown.
     */
    default int fcsLength() {
        return 0;
    }

    ByteBuffer buffer();

    int offset();

    /** Bytes present in the capture (at most the snap length). */
    int capturedLength();

    /** Bytes the packet had on the wire. */
    int originalLength();

    /** Byte offset in the input of the record that holds the current packet (for error messages). */
    long recordPosition();

    /** Bytes of the input consumed so far, for progress. */
    long bytesRead();

    /** Total size of the input in bytes, or -1 when unknown (standard input, pipes). */
    long totalBytes();

    /** A name for messages: the file path, or "-" for standard input. */
    String name();

    @Override
    void close();
}
