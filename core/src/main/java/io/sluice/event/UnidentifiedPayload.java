package io.sluice.event;

import java.util.HexFormat;

/**
 * The first payload bytes of a TCP or UDP connection that no dissector identified (conn.log's
 * {@code service} empty), measured per direction on its conn record (Sluice's addition; Zeek's
 * conn.log has none of it): custom C2 that encrypts with a symmetric cipher and no framing shows as
 * payload uniformly random from its first byte, where text and framed binary protocols do not.
 * Measured by the content layer on the first {@code sampleBytes} (256) bytes of each direction,
 * in stream order for TCP and datagram after datagram for UDP, up to the first gap; a direction
 * with fewer than 64 bytes has no entropy. Unset when the content layer was off, a dissector
 * confirmed a protocol, or neither direction carried payload.
 *
 * @param origSampled bytes of the originator's first payload measured (0: none)
 * @param origEntropy their Shannon entropy, bits per byte (null under 64 bytes)
 * @param origHead the first four of them, big-endian (-1 under 4 bytes): framing checks such as
 *     WireGuard's message type or an ESP SPI
 * @param respSampled the same for the responder
 * @param respEntropy the same for the responder
 * @param respHead the same for the responder
 * @param origText the originator's sample as text when it is mostly printable, else null; for the
 *     analytics (what a plaintext protocol no dissector knows said first), not logged
 * @param respText the same for the responder
 */
public record UnidentifiedPayload(int origSampled, Double origEntropy, long origHead, int respSampled,
        Double respEntropy, long respHead, String origText, String respText) {

    /** The measure without the text samples (read back from conn.log, or built by tests). */
    public UnidentifiedPayload(int origSampled, Double origEntropy, long origHead, int respSampled, Double respEntropy,
            long respHead) {
        this(origSampled, origEntropy, origHead, respSampled, respEntropy, respHead, null, null);
    }

    /** The direction's measure as one view. */
    public Side side(boolean orig) {
        return orig ? new Side(origSampled, origEntropy, origHead) : new Side(respSampled, respEntropy, respHead);
    }

    /** One direction: bytes measured, entropy (null under 64 bytes), first four bytes (-1 under 4). */
    public record Side(int sampled, Double entropy, long head) {}

    static LogSchema.Builder fields(LogSchema.Builder schema) {
        return schema.field("orig_payload_sampled", "count")
                .field("orig_payload_entropy", "double")
                .field("orig_payload_head", "string")
                .field("resp_payload_sampled", "count")
                .field("resp_payload_entropy", "double")
                .field("resp_payload_head", "string");
    }

    static void write(UnidentifiedPayload p, FieldSink out) {
        if (p == null) {
            out.unset(6);
            return;
        }
        side(p.origSampled, p.origEntropy, p.origHead, out);
        side(p.respSampled, p.respEntropy, p.respHead, out);
    }

    private static void side(int sampled, Double entropy, long head, FieldSink out) {
        if (sampled == 0) {
            out.unset(3);
            return;
        }
        out.count(sampled);
        if (entropy == null) out.unset(); else out.real(entropy);
        if (head < 0) out.unset(); else out.string(HexFormat.of().toHexDigits((int) head));
    }
}
