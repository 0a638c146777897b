package io.sluice.event;

/**
 * The echo messages of an ICMP connection, summarised on its conn record (Sluice's addition; Zeek's
 * conn.log has no ICMP payload fields). Payload means the bytes after the 8-byte ICMP header, as
 * the IP length gives them; entropy is measured on the captured part only and is unset when the
 * content layer was off ({@code --flows-only}) or no echo carried a payload.
 *
 * @param messages       echo requests and replies in the connection
 * @param payloadBytes   their payload bytes, summed
 * @param payloadMin     the smallest payload
 * @param payloadMax     the largest payload
 * @param entropyMean    mean Shannon entropy of the payloads, bits per byte
 * @param entropyMax     highest entropy of one payload, bits per byte
 */
public record IcmpEchoSummary(long messages, long payloadBytes, int payloadMin, int payloadMax, Double entropyMean,
        Double entropyMax) {

    static LogSchema.Builder fields(LogSchema.Builder schema) {
        return schema.field("icmp_echo_msgs", "count")
                .field("icmp_echo_payload_bytes", "count")
                .field("icmp_echo_payload_min", "count")
                .field("icmp_echo_payload_max", "count")
                .field("icmp_echo_entropy_mean", "double")
                .field("icmp_echo_entropy_max", "double");
    }

    static void write(IcmpEchoSummary s, FieldSink out) {
        if (s == null) {
            out.unset(6);
            return;
        }
        out.count(s.messages);
        out.count(s.payloadBytes);
        out.count(s.payloadMin);
        out.count(s.payloadMax);
        writeDouble(s.entropyMean, out);
        writeDouble(s.entropyMax, out);
    }

    private static void writeDouble(Double v, FieldSink out) {
        if (v == null) out.unset(); else out.real(v);
    }
}
