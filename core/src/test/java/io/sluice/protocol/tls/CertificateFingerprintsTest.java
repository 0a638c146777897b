package io.sluice.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A remembered fingerprint must always be the SHA-256 of exactly the bytes asked about. */
class CertificateFingerprintsTest {

    private static String reference(byte[] b, int off, int len) throws Exception {
        var md = MessageDigest.getInstance("SHA-256");
        md.update(b, off, len);
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void sameBytesAgainAndAtAnotherOffsetGiveTheSameFingerprint() throws Exception {
        byte[] der = new byte[1500];
        new Random(7).nextBytes(der);
        String first = CertificateFingerprints.sha256Hex(der, 0, der.length);
        byte[] shifted = new byte[der.length + 37];
        System.arraycopy(der, 0, shifted, 37, der.length);
        assertThat(first).isEqualTo(reference(der, 0, der.length));
        assertThat(CertificateFingerprints.sha256Hex(shifted, 37, der.length)).isEqualTo(first);
    }

    /** Bytes that differ only where the slot's sample does not look must not get the cached answer. */
    @Property(tries = 300)
    void anyChangedByteChangesTheFingerprint(@ForAll @IntRange(min = 1, max = 3000) int len,
            @ForAll @IntRange(min = 0, max = 2999) int flip, @ForAll long seed) throws Exception {
        byte[] der = new byte[len];
        new Random(seed).nextBytes(der);
        assertThat(CertificateFingerprints.sha256Hex(der, 0, len)).isEqualTo(reference(der, 0, len));
        der[flip % len] ^= 0x5a;
        assertThat(CertificateFingerprints.sha256Hex(der, 0, len)).isEqualTo(reference(der, 0, len));
    }
}
