package io.sluice.flow;

/** Zeek's TCP endpoint states ({@code TCP_ENDPOINT_*}), as small ints kept in {@link TcpEndpoint}. */
public final class TcpState {
    private TcpState() {}

    /** No SYN (or other packet) seen from this side. */
    public static final int INACTIVE = 0;
    /** SYN seen, no ack. */
    public static final int SYN_SENT = 1;
    /** SYN-ACK seen, no initial SYN. */
    public static final int SYN_ACK_SENT = 2;
    /** Data seen, but no SYN. */
    public static final int PARTIAL = 3;
    /** SYN-ACK seen (implicitly for a SYN sent by the responder). */
    public static final int ESTABLISHED = 4;
    /** FIN seen. */
    public static final int CLOSED = 5;
    /** RST seen. */
    public static final int RESET = 6;

    public static String name(int state) {
        return switch (state) {
            case INACTIVE -> "INACTIVE";
            case SYN_SENT -> "SYN_SENT";
            case SYN_ACK_SENT -> "SYN_ACK_SENT";
            case PARTIAL -> "PARTIAL";
            case ESTABLISHED -> "ESTABLISHED";
            case CLOSED -> "CLOSED";
            case RESET -> "RESET";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    static boolean isHandshake(int state) {
        return state == INACTIVE || state == SYN_SENT || state == SYN_ACK_SENT;
    }
}
