package io.sluice.event;

/**
 * DS0029 Network Traffic Content: what a protocol dissector found (a DNS transaction, an HTTP
 * request, a TLS handshake, a weird). Left open (non-sealed) so that each protocol keeps its record
 * in its own package under {@code io.sluice.protocol}, as STYLE.md asks; a sealed hierarchy across
 * packages would need core to be a named JPMS module. Flow-level events stay sealed above.
 */
public non-sealed interface ContentEvent extends Event {

    /** The uid of the connection it belongs to (null only for a {@link Weird} outside any connection). */
    String uid();

    @Override
    default Ds0029Component component() {
        return Ds0029Component.NETWORK_TRAFFIC_CONTENT;
    }
}
