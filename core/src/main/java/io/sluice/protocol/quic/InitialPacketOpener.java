package io.sluice.protocol.quic;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes the protection of one Initial packet (RFC 9001 5.3 and 5.4): header protection with an
 * AES-128-ECB mask over a 16-byte sample taken 4 bytes after the packet number's start, then
 * AES-128-GCM over the payload with the header as associated data and the packet number XORed
 * into the IV as nonce. Works on a copy of the packet the caller owns; the two ciphers are the
 * thread's ({@link InitialCrypto}). A failure (wrong keys, damaged packet) returns -1, never throws.
 */
final class InitialPacketOpener {
    static final int SAMPLE = 16, TAG = 16;

    private final byte[] mask = new byte[16];
    private final byte[] nonce = new byte[12];
    /** The packet number the last successful call decoded. */
    long packetNumber;

    /**
     * Opens the packet {@code pkt[start, end)} in place, whose packet number starts at
     * {@code pnOffset}, writing the plaintext frames to {@code out} from 0.
     *
     * @param largestPn the largest packet number opened so far in this direction, -1 if none (RFC 9000 A.3)
     * @return the plaintext length, or -1 if the packet does not open with these keys
     */
    int open(InitialKeys keys, byte[] pkt, int start, int pnOffset, int end, long largestPn, byte[] out) {
        if (pnOffset + 4 + SAMPLE > end) return -1;
        InitialCrypto crypto = InitialCrypto.get();
        try {
            // AES key expansion is most of the cost of a small packet: each set of keys keeps its ciphers
            Cipher ecb = crypto.ecb(keys);
            ecb.doFinal(pkt, pnOffset + 4, SAMPLE, mask, 0);
            // long header: the low 4 bits of the first byte are protected
            pkt[start] ^= (byte) (mask[0] & 0x0f);
            int pnLen = (pkt[start] & 0x03) + 1;
            long truncated = 0;
            for (int i = 0; i < pnLen; i++) {
                pkt[pnOffset + i] ^= mask[1 + i];
                truncated = (truncated << 8) | (pkt[pnOffset + i] & 0xff);
            }
            long pn = decodePacketNumber(largestPn, truncated, pnLen * 8);
            int payload = pnOffset + pnLen;
            int cipherLen = end - payload;
            if (cipherLen < TAG || out.length < cipherLen - TAG) return -1;
            System.arraycopy(keys.iv(), 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (pn >>> (8 * i));
            Cipher gcm = crypto.gcm(keys);
            // the JDK's AES keeps its key schedule while the key bytes stay the same
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(pkt, start, payload - start);
            int n = gcm.doFinal(pkt, payload, cipherLen, out, 0);
            packetNumber = pn;
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            crypto.failed(keys); // a cipher that threw may be left uninitialised
            // AEADBadTagException for the wrong keys or a damaged packet: the caller reports a weird
            return -1;
        }
    }

    /** RFC 9000 A.3: the full packet number closest to the next expected one. */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long win = 1L << bits, half = win / 2, mask = win - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - half && candidate < (1L << 62) - win) return candidate + win;
        if (candidate > expected + half && candidate >= win) return candidate - win;
        return candidate;
    }
}
