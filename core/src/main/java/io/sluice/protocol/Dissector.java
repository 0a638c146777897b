package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * Parses one protocol on one connection (DESIGN.md: Network Traffic Content). Created by its
 * {@link ProtocolSignature} when a connection's first payload looks like the protocol; fed bytes in
 * order per direction as they arrive: reassembled stream bytes for TCP, one datagram per call for
 * UDP. It never assumes a message arrives whole, checks every length it reads against what is left
 * and against its limits, and reports violations through {@link DissectorContext#weird} instead of
 * throwing. It builds strings and records only for what it emits.
 *
 * <p>Ownership: the bytes in {@code buf} are valid only during the call (absolute indexing, never
 * change the buffer's position, limit or order); a dissector that needs them later copies the part
 * it needs into its own bounded state.
 */
public interface Dissector {

    /**
     * Payload of one direction.
     *
     * @param fromOrig true for bytes the originator sent
     */
    void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx);

    /** {@code bytes} of a TCP direction were never seen (capture loss); the stream resumes after them. */
    default void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {}

    /**
     * One packet of the connection, before its payload (if any) is delivered, for fingerprints
     * built from packet sizes (JA4SSH). Called for every packet that passed the checksum test,
     * in arrival order, from the packet whose payload got the connection identified on, while
     * {@link #wantsMore()} is true and the connection's content is still inspected.
     *
     * @param payloadLength TCP or UDP payload length as the headers state it
     * @param bareAck a TCP packet with no payload and no SYN, FIN or RST, only ACK
     */
    default void onPacket(boolean fromOrig, int payloadLength, boolean bareAck, DissectorContext ctx) {}

    /** The connection ended (closed, timed out, evicted or end of input): emit what is pending. */
    default void onEnd(DissectorContext ctx) {}

    /**
     * Asked after each {@link #onData}: -1 while the connection carries this protocol. Otherwise the
     * connection has just become a tunnel for another protocol (an HTTP {@code CONNECT} the proxy
     * answered with 200, where Zeek's HTTP analyzer hands the stream to protocol detection), and the
     * value is how many bytes at the end of that call's chunk already belong to the tunnelled
     * protocol. The stream layer then identifies that protocol from there on, in both directions, as
     * for a new connection; this dissector gets no more data or packets, only its {@link #onEnd}.
     */
    default int tunnelledBytes() {
        return -1;
    }

    /**
     * False once the dissector has nothing more to learn from this connection (for example TLS
     * after the handshake); the stream is then only metered, which keeps long transfers cheap.
     */
    default boolean wantsMore() {
        return true;
    }
}
