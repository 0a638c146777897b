package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;

/** Builds TLS records and handshake messages byte by byte, for tests and the traffic generator. */
public final class TlsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static TlsBytes of() {
        return new TlsBytes();
    }

    public TlsBytes u8(int v) {
        out.write(v);
        return this;
    }

    public TlsBytes u16(int v) {
        return u8(v >> 8).u8(v & 0xff);
    }

    public TlsBytes u24(int v) {
        return u8(v >> 16).u8((v >> 8) & 0xff).u8(v & 0xff);
    }

    public TlsBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public TlsBytes zeros(int n) {
        return bytes(new byte[n]);
    }

    /** 1-byte length then content. */
    public TlsBytes vec8(byte[] b) {
        return u8(b.length).bytes(b);
    }

    public TlsBytes vec16(byte[] b) {
        return u16(b.length).bytes(b);
    }

    public TlsBytes vec24(byte[] b) {
        return u24(b.length).bytes(b);
    }

    public byte[] build() {
        return out.toByteArray();
    }

    public static byte[] u16s(int... values) {
        var b = of();
        for (int v : values) b.u16(v);
        return b.build();
    }

    public static byte[] ext(int type, byte[] content) {
        return of().u16(type).vec16(content).build();
    }

    public static byte[] concat(byte[]... parts) {
        var b = of();
        for (byte[] p : parts) b.bytes(p);
        return b.build();
    }

    public static byte[] record(int type, byte[] body) {
        return record(type, 0x0303, body);
    }

    /** A record with another legacy version: clients write 0x0301 on their first, as RFC 8446 5.1 allows. */
    public static byte[] record(int type, int version, byte[] body) {
        return of().u8(type).u16(version).vec16(body).build();
    }

    public static byte[] handshake(int type, byte[] body) {
        return of().u8(type).vec24(body).build();
    }

    public static byte[] sni(String host) {
        byte[] h = host.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ext(0, of().vec16(of().u8(0).vec16(h).build()).build());
    }

    public static byte[] alpn(String... protocols) {
        var list = of();
        for (String p : protocols) list.vec8(p.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return ext(16, of().vec16(list.build()).build());
    }

    public static byte[] clientHelloBody(int version, byte[] sessionId, int[] ciphers, byte[]... extensions) {
        return of().u16(version).zeros(32).vec8(sessionId).vec16(u16s(ciphers)).vec8(new byte[] {0})
                .vec16(concat(extensions)).build();
    }

    public static byte[] serverHelloBody(int version, byte[] random, byte[] sessionId, int cipher, byte[]... extensions) {
        var b = of().u16(version).bytes(random).vec8(sessionId).u16(cipher).u8(0);
        return extensions.length == 0 ? b.build() : b.vec16(concat(extensions)).build();
    }
}
