package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds BER/DER encodings for tests and the traffic generator (definite lengths, shortest form unless asked otherwise). */
public final class BerBytes {
    private BerBytes() {}

    public static byte[] tlv(int tag, byte[]... parts) {
        var body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        byte[] v = body.toByteArray();
        var out = new ByteArrayOutputStream();
        out.write(tag);
        writeLength(out, v.length);
        out.writeBytes(v);
        return out.toByteArray();
    }

    public static void writeLength(ByteArrayOutputStream out, int n) {
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
    }

    public static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    /** Context-specific constructed [n] (explicit tagging). */
    public static byte[] ctx(int n, byte[]... parts) {
        return tlv(0xa0 | n, parts);
    }

    public static byte[] integer(long v) {
        int n = 1;
        while (n < 8 && (v >> (8 * n - 1)) != 0 && (v >> (8 * n - 1)) != -1) n++;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[n - 1 - i] = (byte) (v >> (8 * i));
        return tlv(0x02, b);
    }

    public static byte[] enumerated(long v) {
        byte[] i = integer(v);
        i[0] = 0x0a;
        return i;
    }

    public static byte[] octets(String s) {
        return tlv(0x04, s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] generalString(String s) {
        return tlv(0x1b, s.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] bool(boolean b) {
        return tlv(0x01, new byte[] {(byte) (b ? 0xff : 0)});
    }

    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
