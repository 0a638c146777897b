package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * Recognises a protocol by content, not by port (DESIGN.md: port-independent identification).
 * Asked with the first payload bytes of a connection in either direction; the port is a hint to
 * break ties, never a requirement.
 */
public interface ProtocolSignature {

    /** Zeek's service name for the protocol ("dns", "http", "ssl", "ssh", "quic", ...). */
    String name();

    /** "tcp", "udp" or both: the transports on which {@link #matches} is asked. */
    boolean onTcp();

    boolean onUdp();

    /**
     * Whether these first bytes (of the direction {@code fromOrig}) look like this protocol. Must be
     * cheap, bounded, allocation-free and never throw on any input.
     */
    boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort);

    /** A fresh dissector for one connection. */
    Dissector create();

    /** The port(s) the protocol is registered on (for the non-standard-port record and ties). */
    boolean standardPort(int port);
}
