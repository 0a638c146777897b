package io.sluice.protocol.dns;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a (possibly compressed) domain name of a DNS message into a reusable byte array, the way
 * Zeek's {@code DNS_Interpreter::ExtractName} does: labels joined with dots, the trailing dot
 * dropped, the root as the empty name, a compression pointer followed only backwards (a pointer at
 * or beyond its own position is a {@code DNS_label_forward_compress_offset}), and a pointed-to
 * name read only up to the pointer, so compression cannot loop. On top of Zeek's guards the number
 * of pointers followed is capped and the name is capped at 255 bytes (Zeek's buffer is 512; it
 * only reports {@code DNS_NAME_too_long} at 255).
 *
 * <p>Positions are relative to the message start; reads are bounded by the message length. Not
 * thread-safe; one per parser. Allocates only when a caller asks for the name as a String.
 */
final class DnsNameReader {
    /** The longest name kept: 253 characters plus a trailing dot fit, as RFC 1035 allows. */
    static final int MAX_NAME = 255;
    /** Pointers followed for one name; a legal name has at most 127 labels, so at most that many. */
    static final int MAX_POINTERS = 127;

    private final byte[] name = new byte[MAX_NAME];
    private int length;

    /** Where weirds go; the parser bounds how many it forwards. */
    interface Weirds {
        void weird(String name, String addl);
    }

    /**
     * Reads the name at {@code pos} of the message in {@code buf} starting at {@code base} with
     * {@code msgLen} bytes. Returns the position just after the name in the message (after the
     * first pointer when the name is compressed). The name is then in {@link #bytes()}.
     *
     * @param longLabels whether labels longer than 63 bytes are allowed (NetBIOS name service)
     */
    int read(ByteBuffer buf, int base, int msgLen, int pos, boolean longLabels, Weirds weirds) {
        int n = 0;
        int limit = msgLen;
        int resume = -1;
        int pointers = 0;
        while (true) {
            if (pos >= limit) break;
            int labelLen = buf.get(base + pos) & 0xff;
            pos++;
            if (pos >= limit) break; // Zeek stops when the length byte was the last one
            if (labelLen == 0) break;
            if ((labelLen & 0xc0) == 0xc0) {
                int offset = ((labelLen & 0x3f) << 8) | (buf.get(base + pos) & 0xff);
                pos++;
                int pointerAt = pos - 2;
                if (offset >= pointerAt) {
                    weirds.weird("DNS_label_forward_compress_offset", null);
                    break;
                }
                if (resume < 0) resume = pos;
                if (++pointers > MAX_POINTERS) {
                    weirds.weird("DNS_name_too_many_pointers", null);
                    break;
                }
                // The pointed-to name may only run up to the pointer itself (Zeek's recursion bound).
                limit = pointerAt;
                pos = offset;
                continue;
            }
            if (labelLen > limit - pos) {
                weirds.weird("DNS_label_len_gt_pkt", null);
                pos = limit;
                break;
            }
            if (labelLen > 63 && !longLabels) {
                weirds.weird("DNS_label_too_long", null);
                break;
            }
            if (labelLen + 1 > MAX_NAME - n) {
                weirds.weird("DNS_NAME_too_long", null);
                break;
            }
            buf.get(base + pos, name, n, labelLen);
            n += labelLen;
            name[n++] = '.';
            pos += labelLen;
        }
        if (n >= 2 && name[n - 1] == '.') n--;
        length = n;
        return resume >= 0 ? resume : pos;
    }

    /** Lowercases ASCII letters of the last name read, as Zeek normalises names. */
    void lowercase() {
        for (int i = 0; i < length; i++) {
            byte b = name[i];
            if (b >= 'A' && b <= 'Z') name[i] = (byte) (b + 32);
        }
    }

    /** Whether the last name read has an ASCII uppercase letter. */
    boolean hasUppercase() {
        for (int i = 0; i < length; i++) {
            byte b = name[i];
            if (b >= 'A' && b <= 'Z') return true;
        }
        return false;
    }

    byte[] bytes() {
        return name;
    }

    int length() {
        return length;
    }

    /** The last name read, one char per byte (ISO-8859-1), so no byte is lost or replaced. */
    String text() {
        return new String(name, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether an uncompressed name starts at {@code pos} and ends before {@code end}: labels of 1 to
     * 63 bytes (or up to 255 with {@code longLabels}), at most 255 bytes, no pointer. Returns the
     * position after the name, or -1. A name cut off by {@code end} returns {@code end} (the bytes
     * seen so far were plausible). Allocation-free, for the signature.
     */
    static int skipPlainName(ByteBuffer buf, int pos, int end, boolean longLabels) {
        int total = 0;
        while (pos < end) {
            int labelLen = buf.get(pos) & 0xff;
            pos++;
            if (labelLen == 0) return pos;
            if (labelLen > 63 && (!longLabels || (labelLen & 0xc0) == 0xc0)) return -1;
            total += labelLen + 1;
            if (total > MAX_NAME) return -1;
            pos += labelLen;
        }
        return end;
    }
}
