package io.sluice.protocol.tls.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * X.509 parsing against what OpenSSL prints for the same certificates (and so what Zeek logs):
 * the certificates were made with {@code openssl req -x509} for these tests and the expected
 * values read with {@code openssl x509 -noout -subject -serial -dates -text -nameopt RFC2253}.
 */
class X509ParserTest {

    static final byte[] EC = Base64.getDecoder().decode(
            "MIIDVzCCAt6gAwIBAgIDAP8BMAoGCCqGSM49BAMCMIHJMRMwEQYKCZImiZPyLGQBGRYDb3JnMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTElMBAGCgmSJomT8ixkAQEMAnUxMBEGA1UECgwKQWNtZSwgSW5jLjEWMBQGA1UECwwNYTxiPmM7ZCJlXGY9ZzEZMBcGA1UEAwwQI2xlYWQgYW5kIHRyYWlsIDEdMBsGCSqGSIb3DQEJARYObWVAZXhhbXBsZS5vcmcxEDAOBgNVBAcMB1rDvHJpY2gxDjAMBgNVBAgMBWN0AXJsMB4XDTI2MTEyODA4MjMzMVoXDTI2MTIyODA4MjMzMVowgckxEzARBgoJkiaJk/IsZAEZFgNvcmcxFzAVBgoJkiaJk/IsZAEZFgdleGFtcGxlMSUwEAYKCZImiZPyLGQBAQwCdTEwEQYDVQQKDApBY21lLCBJbmMuMRYwFAYDVQQLDA1hPGI+YztkImVcZj1nMRkwFwYDVQQDDBAjbGVhZCBhbmQgdHJhaWwgMR0wGwYJKoZIhvcNAQkBFg5tZUBleGFtcGxlLm9yZzEQMA4GA1UEBwwHWsO8cmljaDEOMAwGA1UECAwFY3QBcmwwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAASR8pEjakQk4UeMJhr69mV/s+tjX5lBBjnF6JAB38sonfpEsIXL3F9eaySBKGAKqVSyPfZSVBm31ToQx0l1n+swTXsZsnbwssEdek6dgfYlmqryaYd7JMy/6sY6EpoOgp6jgZUwgZIwEgYDVR0TAQH/BAgwBgEB/wIBAjBdBgNVHREEVjBUgglhLmV4YW1wbGWCCyouYi5leGFtcGxlgQ14QGV4YW1wbGUub3JnhhNodHRwczovL3UuZXhhbXBsZS9whwTAAAIHhxAgAQ24AAAAAAAAAAAAAAABMB0GA1UdDgQWBBStvkLDlxy5QRTo2OGng1rBE3NzbzAKBggqhkjOPQQDAgNnADBkAjBAFOtXjnCcNdPTFYWVKcZgdfjgbUrdvGKHHGRb1iqg9H/unAurQ/tOi/fhbOVoDf4CMGzjeDOK48aR/XILNOs+h+SrSOKILN2FL3oLvLAl2XONrsaFJvNg1oPhNcIK6vKq/Q==");

    static final byte[] RSA_V1 = Base64.getDecoder().decode(
            "MIIBjDCB9gID7Sl5MA0GCSqGSIb3DQEBCwUAMA4xDDAKBgNVBAMMA25lZzAeFw0yNjExMjgwODIzMjhaFw0yNjEyMjgwODIzMjhaMA4xDDAKBgNVBAMMA25lZzCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEA02uflD6Ti8KarH3daB6d5RrPT4q5/T3ssu1MNkCl76Lf8tazaW/lFe48v5dYuTL5qQ9F5ip3f11QRhypIHC3wAmQMzOSHpvxVsDKn1b9pl9YNu7ywVDai12Rzx5H5R8a3hVBrvtvttrdRFo/6kNYEeusP2Xpbo3rZ3jDDtqJrYMCAwEAATANBgkqhkiG9w0BAQsFAAOBgQB8r71T8GJP5YyDtaCyjDU1prQVmtiZebIt8NZDcIUEk8916ANphbH2/KxepBOnQMN6MRt8Gq0Ezq6428L1/nARDl7K1UV8bDcAuTTguzhQwZCAv/8EQXGFpjQzj8Pkp3PIBp4vuvwYxS0lYru9t594yriNAwcJT9JrM4/+Y7I7DA==");

    @Test
    void rendersNamesAsOpenSslRfc2253AndReadsEveryZeekField() {
        ParsedCertificate c = X509Parser.parse(EC, 0, EC.length);
        assertThat(c).isNotNull();
        // openssl: subject=ST=ct\01rl,L=Z\C3\BCrich,emailAddress=me@example.org,CN=\#lead and trail\ ,
        //          OU=a\<b\>c\;d\"e\\f=g,O=Acme\, Inc.+UID=u1,DC=example,DC=org
        String expected = "ST=ct\\01rl,L=Z\\C3\\BCrich,emailAddress=me@example.org,CN=\\#lead and trail\\ ,"
                + "OU=a\\<b\\>c\\;d\\\"e\\\\f=g,O=Acme\\, Inc.+UID=u1,DC=example,DC=org";
        assertThat(c.subject()).isEqualTo(expected);
        assertThat(c.issuer()).isEqualTo(expected);
        assertThat(c.selfIssued()).isTrue();
        assertThat(c.version()).isEqualTo(3);
        assertThat(c.serial()).isEqualTo("FF01");
        assertThat(c.notValidBeforeNanos()).isEqualTo(1795854211L * 1_000_000_000L);
        assertThat(c.notValidAfterNanos()).isEqualTo(1798446211L * 1_000_000_000L);
        assertThat(c.keyAlg()).isEqualTo("id-ecPublicKey");
        assertThat(c.sigAlg()).isEqualTo("ecdsa-with-SHA256");
        assertThat(c.keyType()).isEqualTo("ecdsa");
        assertThat(c.keyLength()).isEqualTo(384);
        assertThat(c.curve()).isEqualTo("secp384r1");
        assertThat(c.exponent()).isNull();
        assertThat(c.sanDns()).containsExactly("a.example", "*.b.example");
        assertThat(c.sanEmail()).containsExactly("x@example.org");
        assertThat(c.sanUri()).containsExactly("https://u.example/p");
        assertThat(c.sanIp()).containsExactly("192.0.2.7", "2001:db8::1");
        assertThat(c.basicConstraintsCa()).isTrue();
        assertThat(c.basicConstraintsPathLen()).isEqualTo(2);
        assertThat(c.subjectCommonNames()).containsExactly("#lead and trail ");
        // DC, DC, UID, O, OU, CN, emailAddress, L, ST in wire order
        assertThat(c.subjectOids()).containsExactly("0992268993f22c640119", "0992268993f22c640119",
                "0992268993f22c640101", "55040a", "55040b", "550403", "2a864886f70d010901", "550407", "550408");
        assertThat(c.extensionOids()).containsExactly("551d13", "551d11", "551d0e");
    }

    @Test
    void versionOneRsaWithNegativeSerial() {
        ParsedCertificate c = X509Parser.parse(RSA_V1, 0, RSA_V1.length);
        assertThat(c).isNotNull();
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.serial()).isEqualTo("-12D687"); // openssl: serial=-12D687
        assertThat(c.subject()).isEqualTo("CN=neg");
        assertThat(c.keyAlg()).isEqualTo("rsaEncryption");
        assertThat(c.sigAlg()).isEqualTo("sha256WithRSAEncryption");
        assertThat(c.keyType()).isEqualTo("rsa");
        assertThat(c.keyLength()).isEqualTo(1024);
        assertThat(c.exponent()).isEqualTo("65537");
        assertThat(c.curve()).isNull();
        assertThat(c.sanDns()).isNull();
        assertThat(c.basicConstraintsCa()).isNull();
        assertThat(c.extensionOids()).isEmpty();
    }

    @Test
    void utcTimeCenturyAndOffsets() {
        assertThat(time(0x17, "500101000000Z")).isEqualTo(-631152000L);
        assertThat(time(0x17, "491231235959Z")).isEqualTo(2524607999L);
        assertThat(time(0x18, "20000101000000+0100")).isEqualTo(946681200L);
        assertThat(time(0x17, "0001010000Z")).isEqualTo(946684800L); // seconds are optional
        assertThat(time(0x17, "nonsense!!")).isNull();
    }

    private static Long time(int tag, String text) {
        byte[] v = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tlv = new byte[v.length + 2];
        tlv[0] = (byte) tag;
        tlv[1] = (byte) v.length;
        System.arraycopy(v, 0, tlv, 2, v.length);
        Long nanos = X509Parser.time(new Der(tlv, 0, tlv.length));
        return nanos == null ? null : nanos / 1_000_000_000L;
    }

    @Test
    void everyTruncationAndManyMutationsEndWithoutException() {
        for (byte[] der : List.of(EC, RSA_V1)) {
            for (int n = 0; n < der.length; n++) {
                int len = n;
                assertThatCode(() -> X509Parser.parse(der, 0, len)).doesNotThrowAnyException();
                assertThat(X509Parser.parse(der, 0, len)).as("a truncated certificate is not a certificate").isNull();
            }
            var rnd = new Random(7);
            for (int i = 0; i < 20_000; i++) {
                byte[] m = der.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                assertThatCode(() -> X509Parser.parse(m, 0, m.length)).doesNotThrowAnyException();
            }
        }
        assertThat(X509Parser.parse(new byte[0], 0, 0)).isNull();
        assertThat(X509Parser.parse(EC, 10, EC.length)).isNull(); // range past the end
    }
}
