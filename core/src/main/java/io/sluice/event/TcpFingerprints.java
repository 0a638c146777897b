package io.sluice.event;

/**
 * A TCP connection's handshake as FoxIO's JA4T, JA4TS and JA4L fingerprint it (technical_details
 * JA4T.md and JA4L.md), on its conn record (DS0029 Network Connection Creation: how the client's and
 * the server's TCP stacks open a connection; nmap's SYN is {@code 1024_2_1460_00}, zmap's
 * {@code 65535_00_00_00}). Holds what the flow layer measured; the texts are made when read, on
 * the thread that writes the logs, not on the packet thread.
 *
 * <ul>
 *   <li>JA4T, the client's SYN: {@code window_options_mss_scale}: the window field in decimal, the
 *       kinds of its TCP options in order, hyphen-joined (NOP and end-of-list bytes included), the
 *       MSS and window-scale values; {@code 00} for what is absent.
 *   <li>JA4TS, the server's SYN-ACK, the same, then, when the SYN-ACK was sent again, the seconds
 *       between one and the next (rounded) and an {@code R} with the seconds to a reset that ended
 *       them, e.g. {@code 62727_2_8961_00_1-2-4-8} or {@code ..._1-2-4-8-R6}.
 *   <li>JA4L (client) and JA4LS (server): half the time in microseconds from the SYN-ACK to the
 *       client's ACK, and from the SYN to the SYN-ACK, each with the sender's IP TTL (hop limit):
 *       {@code 14_64}.
 * </ul>
 *
 * <p>Two sources: {@link Measured}, the handshake the flow layer saw, and {@link Texts}, the values a
 * Zeek conn.log written with FoxIO's JA4+ package carries.
 */
public sealed interface TcpFingerprints {

    String ja4t();

    String ja4ts();

    String ja4l();

    String ja4ls();

    /** The values as a log gives them (FoxIO's Zeek package: {@code ja4t}, {@code ja4ts}, {@code ja4l}, {@code ja4ls}). */
    record Texts(String ja4t, String ja4ts, String ja4l, String ja4ls) implements TcpFingerprints {
        /** Null when the log has none of the four. */
        public static Texts of(String ja4t, String ja4ts, String ja4l, String ja4ls) {
            return ja4t == null && ja4ts == null && ja4l == null && ja4ls == null ? null : new Texts(ja4t, ja4ts, ja4l, ja4ls);
        }
    }

    /**
     * The handshake as measured; the texts are made when read.
     *
     * @param synWindow       window of the SYN, or -1 when no SYN was seen
     * @param synOptions      option kinds of the SYN (at most 40)
     * @param synMss          MSS option of the SYN, or -1
     * @param synScale        window-scale option of the SYN, or -1
     * @param synAckWindow    window of the first SYN-ACK, or -1 when none was seen
     * @param synAckOptions   option kinds of the first SYN-ACK
     * @param synAckMss       MSS option of the SYN-ACK, or -1
     * @param synAckScale     window-scale option of the SYN-ACK, or -1
     * @param retransmissions seconds between SYN-ACKs sent again, in order (at most 10)
     * @param resetSeconds    seconds from the last SYN-ACK to a reset that ended them, or -1
     * @param clientMicros    JA4L's client half: (ACK - SYN-ACK) / 2 in µs, or -1
     * @param clientTtl       the SYN's IP TTL
     * @param serverMicros    JA4L's server half: (SYN-ACK - SYN) / 2 in µs, or -1
     * @param serverTtl       the SYN-ACK's IP TTL
     */
    record Measured(int synWindow, byte[] synOptions, int synMss, int synScale, int synAckWindow, byte[] synAckOptions,
            int synAckMss, int synAckScale, int[] retransmissions, int resetSeconds, long clientMicros, int clientTtl,
            long serverMicros, int serverTtl) implements TcpFingerprints {

        @Override
        public String ja4t() {
            return synWindow < 0 ? null : tcp(synWindow, synOptions, synMss, synScale).toString();
        }

        @Override
        public String ja4ts() {
            if (synAckWindow < 0) return null;
            var s = tcp(synAckWindow, synAckOptions, synAckMss, synAckScale);
            if (retransmissions.length > 0 || resetSeconds >= 0) {
                s.append('_');
                for (int i = 0; i < retransmissions.length; i++) {
                    if (i > 0) s.append('-');
                    s.append(retransmissions[i]);
                }
                if (resetSeconds >= 0) s.append(retransmissions.length > 0 ? "-R" : "R").append(resetSeconds);
            }
            return s.toString();
        }

        @Override
        public String ja4l() {
            return clientMicros < 0 ? null : latency(clientMicros, clientTtl);
        }

        @Override
        public String ja4ls() {
            return serverMicros < 0 ? null : latency(serverMicros, serverTtl);
        }

        /** A StringBuilder, not string concatenation: the conn.log writer's JIT budget is tight (bench/README.md). */
        private static String latency(long micros, int ttl) {
            return new StringBuilder(16).append(micros).append('_').append(ttl).toString();
        }

        private static StringBuilder tcp(int window, byte[] options, int mss, int scale) {
            var s = new StringBuilder(48).append(window).append('_');
            if (options.length == 0) s.append("00");
            for (int i = 0; i < options.length; i++) {
                if (i > 0) s.append('-');
                s.append(options[i] & 0xff);
            }
            s.append('_');
            if (mss < 0) s.append("00"); else s.append(mss);
            s.append('_');
            if (scale < 0) s.append("00"); else s.append(scale);
            return s;
        }
    }

    static LogSchema.Builder fields(LogSchema.Builder schema) {
        return schema.field("ja4t", "string").field("ja4ts", "string").field("ja4l", "string").field("ja4ls", "string");
    }

    static void write(TcpFingerprints f, FieldSink out) {
        if (f == null) {
            out.unset(4);
            return;
        }
        out.stringOrUnset(f.ja4t());
        out.stringOrUnset(f.ja4ts());
        out.stringOrUnset(f.ja4l());
        out.stringOrUnset(f.ja4ls());
    }
}
