package io.sluice.protocol.tls.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CertificateCacheTest {

    private static ParsedCertificate certificate(String subject) {
        return new ParsedCertificate(3, "01", subject, subject, 0L, 1L, "rsaEncryption", "sha256WithRSAEncryption",
                "rsa", 2048, "65537", null, null, null, null, null, null, null, List.of(), List.of(), List.of(),
                List.of(), true);
    }

    @Test
    void aFingerprintSeenAgainIsNotParsedAgain() {
        var parses = new AtomicInteger();
        CertificateCache.Parse parse = () -> {
            parses.incrementAndGet();
            return new CertificateCache.Entry(certificate("CN=again"), "ja4x-again");
        };
        var first = CertificateCache.get("fp-seen-again", parse);
        var second = CertificateCache.get("fp-seen-again", parse);
        assertThat(parses).hasValue(1);
        assertThat(second).isSameAs(first);
        assertThat(second.certificate().subject()).isEqualTo("CN=again");
        assertThat(second.ja4x()).isEqualTo("ja4x-again");
    }

    @Test
    void aDerThatDoesNotParseIsRememberedAsSuch() {
        var parses = new AtomicInteger();
        CertificateCache.Parse parse = () -> {
            parses.incrementAndGet();
            return null;
        };
        assertThat(CertificateCache.get("fp-unparsable", parse).certificate()).isNull();
        assertThat(CertificateCache.get("fp-unparsable", parse).certificate()).isNull();
        assertThat(parses).hasValue(1);
    }

    @Test
    void staysWithinItsCapacityDroppingTheLeastRecentlyUsed() {
        CertificateCache.get("fp-kept", () -> new CertificateCache.Entry(certificate("CN=kept"), "k"));
        for (int i = 0; i < CertificateCache.CAPACITY + 10; i++) {
            String fp = "fp-flood-" + i;
            CertificateCache.get(fp, () -> new CertificateCache.Entry(certificate("CN=" + fp), fp));
            if (i % 100 == 0) CertificateCache.get("fp-kept", () -> null); // used now and then: stays
        }
        assertThat(CertificateCache.size()).isEqualTo(CertificateCache.CAPACITY);
        var parses = new AtomicInteger();
        assertThat(CertificateCache.get("fp-kept", () -> {
            parses.incrementAndGet();
            return null;
        }).certificate().subject()).isEqualTo("CN=kept");
        assertThat(parses).hasValue(0);
        CertificateCache.get("fp-flood-0", () -> {
            parses.incrementAndGet();
            return new CertificateCache.Entry(certificate("CN=again"), "x");
        });
        assertThat(parses).hasValue(1); // the oldest flood entry had been dropped
    }
}
