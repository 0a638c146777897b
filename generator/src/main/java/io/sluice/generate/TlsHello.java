package io.sluice.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * TLS records the generator sends (RFC 8446 / RFC 5246): a ClientHello as browsers write it (SNI,
 * supported groups, point formats, signature algorithms, ALPN, and for TLS 1.3 supported versions,
 * a key share and PSK modes), the ServerHello that answers it, and application-data records of
 * random bytes standing in for encrypted traffic. No certificate: in TLS 1.3 it is encrypted, and
 * the TLS 1.2 hellos here stop before it.
 */
final class TlsHello {
    private static final int[] CIPHERS_13 = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
        0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    private static final int[] CIPHERS_12 = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xc013, 0xc014, 0x009c, 0x002f, 0x0035, 0x000a};

    private TlsHello() {}

    static byte[] client(SplittableRandom r, String serverName, boolean tls13) {
        var ext = new ByteArrayOutputStream();
        if (r.nextInt(8) == 0) extension(ext, 0x0a0a, new byte[0]); // GREASE, as Chrome sends it
        byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
        var sni = new ByteArrayOutputStream();
        u16(sni, name.length + 3);
        sni.write(0);
        u16(sni, name.length);
        sni.writeBytes(name);
        extension(ext, 0x0000, sni.toByteArray());
        extension(ext, 0x0017, new byte[0]); // extended master secret
        extension(ext, 0xff01, new byte[] {0}); // renegotiation info
        extension(ext, 0x000a, list16(0x001d, 0x0017, 0x0018, 0x0019)); // groups
        extension(ext, 0x000b, new byte[] {1, 0}); // point formats: uncompressed
        extension(ext, 0x0023, new byte[0]); // session ticket
        byte[] alpn = r.nextInt(3) == 0 ? new byte[] {0, 9, 8, 'h', 't', 't', 'p', '/', '1', '.', '1'}
                : new byte[] {0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
        extension(ext, 0x0010, alpn);
        extension(ext, 0x000d, list16(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601));
        if (tls13) {
            extension(ext, 0x002b, new byte[] {4, 0x03, 0x04, 0x03, 0x03}); // supported versions
            extension(ext, 0x002d, new byte[] {1, 1}); // PSK with (EC)DHE
            var share = new ByteArrayOutputStream();
            u16(share, 36);
            u16(share, 0x001d);
            u16(share, 32);
            share.writeBytes(random(r, 32));
            extension(ext, 0x0033, share.toByteArray());
        }
        var body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(random(r, 32));
        body.write(32);
        body.writeBytes(random(r, 32)); // session id
        int[] ciphers = tls13 ? CIPHERS_13 : CIPHERS_12;
        u16(body, ciphers.length * 2);
        for (int c : ciphers) u16(body, c);
        body.write(1);
        body.write(0); // null compression
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        return record(0x16, handshake(1, body.toByteArray()));
    }

    static byte[] server(SplittableRandom r, boolean tls13) {
        var ext = new ByteArrayOutputStream();
        if (tls13) {
            extension(ext, 0x002b, new byte[] {0x03, 0x04});
            var share = new ByteArrayOutputStream();
            u16(share, 0x001d);
            u16(share, 32);
            share.writeBytes(random(r, 32));
            extension(ext, 0x0033, share.toByteArray());
        } else {
            extension(ext, 0xff01, new byte[] {0});
            extension(ext, 0x000b, new byte[] {1, 0});
            extension(ext, 0x0017, new byte[0]);
        }
        var body = new ByteArrayOutputStream();
        u16(body, 0x0303);
        body.writeBytes(random(r, 32));
        body.write(32);
        body.writeBytes(random(r, 32));
        u16(body, tls13 ? 0x1301 + r.nextInt(2) : 0xc02f);
        body.write(0);
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        byte[] hello = handshake(2, body.toByteArray());
        if (tls13) return concat(record(0x16, hello), record(0x14, new byte[] {1}), encrypted(r, 2_000 + r.nextInt(3_000)));
        // TLS 1.2: the server's flight up to ServerHelloDone (its certificate left out, see above)
        var kx = new ByteArrayOutputStream();
        kx.write(3); // named curve
        u16(kx, 0x001d);
        kx.write(32);
        kx.writeBytes(random(r, 32));
        u16(kx, 0x0804);
        u16(kx, 256);
        kx.writeBytes(random(r, 256));
        return record(0x16, concat(hello, handshake(12, kx.toByteArray()), handshake(14, new byte[0])));
    }

    /** TLS 1.2: the client's key exchange, ChangeCipherSpec and encrypted Finished. */
    static byte[] clientFinish(SplittableRandom r) {
        byte[] kx = new byte[33];
        kx[0] = 32;
        System.arraycopy(random(r, 32), 0, kx, 1, 32);
        return concat(record(0x16, handshake(16, kx)), record(0x14, new byte[] {1}), record(0x16, random(r, 40)));
    }

    /** TLS 1.2: the server's ChangeCipherSpec and encrypted Finished. */
    static byte[] serverFinish(SplittableRandom r) {
        return concat(record(0x14, new byte[] {1}), record(0x16, random(r, 40)), new byte[0]);
    }

    /** Application data: records of at most 16 KiB of random bytes. */
    static byte[] encrypted(SplittableRandom r, int length) {
        var out = new ByteArrayOutputStream();
        for (int left = length; left > 0; left -= 16_384) out.writeBytes(record(0x17, random(r, Math.min(left, 16_384))));
        return out.toByteArray();
    }

    private static byte[] handshake(int type, byte[] body) {
        byte[] h = new byte[4 + body.length];
        h[0] = (byte) type;
        h[1] = (byte) (body.length >>> 16);
        h[2] = (byte) (body.length >>> 8);
        h[3] = (byte) body.length;
        System.arraycopy(body, 0, h, 4, body.length);
        return h;
    }

    private static byte[] record(int type, byte[] body) {
        byte[] rec = new byte[5 + body.length];
        rec[0] = (byte) type;
        rec[1] = 0x03;
        rec[2] = (byte) (type == 0x16 ? 0x01 : 0x03);
        rec[3] = (byte) (body.length >>> 8);
        rec[4] = (byte) body.length;
        System.arraycopy(body, 0, rec, 5, body.length);
        return rec;
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] list16(int... values) {
        var out = new ByteArrayOutputStream();
        u16(out, values.length * 2);
        for (int v : values) u16(out, v);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
