package io.sluice.protocol.asn1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal TLS 1.2 ClientHello record with SNI, for the tests of dissectors that hand their stream
 * to the TLS dissector (LDAP StartTLS, RDP). The TLS package's own builder is private to its tests.
 */
public final class TlsHelloBytes {
    private TlsHelloBytes() {}

    public static byte[] clientHello(String serverName) {
        byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
        var sni = new ByteArrayOutputStream();
        u16(sni, name.length + 3);
        sni.write(0);
        u16(sni, name.length);
        sni.writeBytes(name);
        var ext = new ByteArrayOutputStream();
        u16(ext, 0);
        u16(ext, sni.size());
        ext.writeBytes(sni.toByteArray());
        var body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        body.writeBytes(new byte[32]);
        body.write(0); // session id
        u16(body, 4);
        u16(body, 0xc02f);
        u16(body, 0x009c);
        body.write(1);
        body.write(0); // null compression
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        var hs = new ByteArrayOutputStream();
        hs.write(1);
        hs.write(0);
        u16(hs, body.size());
        hs.writeBytes(body.toByteArray());
        var rec = new ByteArrayOutputStream();
        rec.write(0x16);
        rec.write(3);
        rec.write(1);
        u16(rec, hs.size());
        rec.writeBytes(hs.toByteArray());
        return rec.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
