package io.sluice.protocol.tls;

import io.sluice.protocol.ThreadDigests;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The SHA-256 fingerprints (lower-case hex) of recently seen certificate DERs, so that the same
 * certificate in the next handshake costs a byte comparison instead of a SHA-256 over 1-2 kB:
 * a server sends its chain in every handshake (on the benchmark capture 4,920 certificates are
 * 38 distinct ones, and hashing them was 2 % of the packet thread). Direct-mapped by a hash of
 * the length and a sample of the bytes; a hit is confirmed by comparing the whole DER, so a
 * fingerprint is never that of other bytes. Shared by every flow and thread, hence synchronized
 * (one short critical section per certificate).
 */
final class CertificateFingerprints {
    private static final int SLOTS = 256;
    /** A DER longer than this is hashed every time (no certificate chain member is that large). */
    private static final int MAX_KEPT = 16 * 1024;

    private record Known(byte[] der, String sha256Hex) {}

    private static final Known[] KNOWN = new Known[SLOTS];

    private CertificateFingerprints() {}

    static String sha256Hex(byte[] b, int off, int len) {
        if (len > MAX_KEPT) return Bytes.hex(sha256(b, off, len));
        int slot = slot(b, off, len);
        synchronized (KNOWN) {
            Known k = KNOWN[slot];
            if (k != null && Arrays.equals(k.der, 0, k.der.length, b, off, off + len)) return k.sha256Hex;
        }
        String hex = Bytes.hex(sha256(b, off, len));
        Known fresh = new Known(Arrays.copyOfRange(b, off, off + len), hex);
        synchronized (KNOWN) {
            KNOWN[slot] = fresh;
        }
        return hex;
    }

    /** The length and up to 64 bytes spread over the DER (its end is the signature: varied bytes). */
    private static int slot(byte[] b, int off, int len) {
        int h = len;
        if (len > 0) {
            int step = Math.max(1, len / 64);
            for (int i = len - 1; i >= 0; i -= step) h = h * 31 + b[off + i];
        }
        h ^= h >>> 16;
        return h & (SLOTS - 1);
    }

    static byte[] sha256(byte[] b, int off, int len) {
        MessageDigest md = ThreadDigests.sha256();
        md.update(b, off, len);
        return md.digest();
    }
}
