package io.sluice.protocol.tls;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/** Builds TLS records and handshake messages for tests, byte by byte. */
final class TlsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static TlsBytes of() {
        return new TlsBytes();
    }

    TlsBytes u8(int v) {
        out.write(v);
        return this;
    }

    TlsBytes u16(int v) {
        return u8(v >> 8).u8(v & 0xff);
    }

    TlsBytes u24(int v) {
        return u8(v >> 16).u8((v >> 8) & 0xff).u8(v & 0xff);
    }

    TlsBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TlsBytes zeros(int n) {
        return bytes(new byte[n]);
    }

    /** 1-byte length then content. */
    TlsBytes vec8(byte[] b) {
        return u8(b.length).bytes(b);
    }

    TlsBytes vec16(byte[] b) {
        return u16(b.length).bytes(b);
    }

    TlsBytes vec24(byte[] b) {
        return u24(b.length).bytes(b);
    }

    byte[] build() {
        return out.toByteArray();
    }

    static byte[] u16s(int... values) {
        var b = of();
        for (int v : values) b.u16(v);
        return b.build();
    }

    static byte[] ext(int type, byte[] content) {
        return of().u16(type).vec16(content).build();
    }

    static byte[] concat(byte[]... parts) {
        var b = of();
        for (byte[] p : parts) b.bytes(p);
        return b.build();
    }

    static byte[] record(int type, byte[] body) {
        return of().u8(type).u16(0x0303).vec16(body).build();
    }

    static byte[] handshake(int type, byte[] body) {
        return of().u8(type).vec24(body).build();
    }

    static byte[] sni(String host) {
        byte[] h = host.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ext(0, of().vec16(of().u8(0).vec16(h).build()).build());
    }

    static byte[] alpn(String... protocols) {
        var list = of();
        for (String p : protocols) list.vec8(p.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return ext(16, of().vec16(list.build()).build());
    }

    static byte[] clientHelloBody(int version, byte[] sessionId, int[] ciphers, byte[]... extensions) {
        return of().u16(version).zeros(32).vec8(sessionId).vec16(u16s(ciphers)).vec8(new byte[] {0})
                .vec16(concat(extensions)).build();
    }

    static byte[] serverHelloBody(int version, byte[] random, byte[] sessionId, int cipher, byte[]... extensions) {
        var b = of().u16(version).bytes(random).vec8(sessionId).u16(cipher).u8(0);
        return extensions.length == 0 ? b.build() : b.vec16(concat(extensions)).build();
    }

    /** A self-signed EC P-384 certificate made with openssl for these tests (see X509ParserTest). */
    static final byte[] CERT_EC = Base64.getDecoder().decode(
            "MIIDVzCCAt6gAwIBAgIDAP8BMAoGCCqGSM49BAMCMIHJMRMwEQYKCZImiZPyLGQBGRYDb3JnMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTElMBAGCgmSJomT8ixkAQEMAnUxMBEGA1UECgwKQWNtZSwgSW5jLjEWMBQGA1UECwwNYTxiPmM7ZCJlXGY9ZzEZMBcGA1UEAwwQI2xlYWQgYW5kIHRyYWlsIDEdMBsGCSqGSIb3DQEJARYObWVAZXhhbXBsZS5vcmcxEDAOBgNVBAcMB1rDvHJpY2gxDjAMBgNVBAgMBWN0AXJsMB4XDTI2MTEyODA4MjMzMVoXDTI2MTIyODA4MjMzMVowgckxEzARBgoJkiaJk/IsZAEZFgNvcmcxFzAVBgoJkiaJk/IsZAEZFgdleGFtcGxlMSUwEAYKCZImiZPyLGQBAQwCdTEwEQYDVQQKDApBY21lLCBJbmMuMRYwFAYDVQQLDA1hPGI+YztkImVcZj1nMRkwFwYDVQQDDBAjbGVhZCBhbmQgdHJhaWwgMR0wGwYJKoZIhvcNAQkBFg5tZUBleGFtcGxlLm9yZzEQMA4GA1UEBwwHWsO8cmljaDEOMAwGA1UECAwFY3QBcmwwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAASR8pEjakQk4UeMJhr69mV/s+tjX5lBBjnF6JAB38sonfpEsIXL3F9eaySBKGAKqVSyPfZSVBm31ToQx0l1n+swTXsZsnbwssEdek6dgfYlmqryaYd7JMy/6sY6EpoOgp6jgZUwgZIwEgYDVR0TAQH/BAgwBgEB/wIBAjBdBgNVHREEVjBUgglhLmV4YW1wbGWCCyouYi5leGFtcGxlgQ14QGV4YW1wbGUub3JnhhNodHRwczovL3UuZXhhbXBsZS9whwTAAAIHhxAgAQ24AAAAAAAAAAAAAAABMB0GA1UdDgQWBBStvkLDlxy5QRTo2OGng1rBE3NzbzAKBggqhkjOPQQDAgNnADBkAjBAFOtXjnCcNdPTFYWVKcZgdfjgbUrdvGKHHGRb1iqg9H/unAurQ/tOi/fhbOVoDf4CMGzjeDOK48aR/XILNOs+h+SrSOKILN2FL3oLvLAl2XONrsaFJvNg1oPhNcIK6vKq/Q==");

    /** A version-1 RSA-1024 certificate with a negative serial, made with openssl. */
    static final byte[] CERT_RSA_V1 = Base64.getDecoder().decode(
            "MIIBjDCB9gID7Sl5MA0GCSqGSIb3DQEBCwUAMA4xDDAKBgNVBAMMA25lZzAeFw0yNjExMjgwODIzMjhaFw0yNjEyMjgwODIzMjhaMA4xDDAKBgNVBAMMA25lZzCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEA02uflD6Ti8KarH3daB6d5RrPT4q5/T3ssu1MNkCl76Lf8tazaW/lFe48v5dYuTL5qQ9F5ip3f11QRhypIHC3wAmQMzOSHpvxVsDKn1b9pl9YNu7ywVDai12Rzx5H5R8a3hVBrvtvttrdRFo/6kNYEeusP2Xpbo3rZ3jDDtqJrYMCAwEAATANBgkqhkiG9w0BAQsFAAOBgQB8r71T8GJP5YyDtaCyjDU1prQVmtiZebIt8NZDcIUEk8916ANphbH2/KxepBOnQMN6MRt8Gq0Ezq6428L1/nARDl7K1UV8bDcAuTTguzhQwZCAv/8EQXGFpjQzj8Pkp3PIBp4vuvwYxS0lYru9t594yriNAwcJT9JrM4/+Y7I7DA==");
}
