package io.sluice.protocol.snmp;

import java.io.ByteArrayOutputStream;

/** Builds BER-encoded SNMP messages for tests. */
final class SnmpBytes {
    private SnmpBytes() {}

    static byte[] tlv(int tag, byte[]... parts) {
        var body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        byte[] b = body.toByteArray();
        var out = new ByteArrayOutputStream();
        out.write(tag);
        if (b.length < 0x80) {
            out.write(b.length);
        } else if (b.length < 0x100) {
            out.write(0x81);
            out.write(b.length);
        } else {
            out.write(0x82);
            out.write(b.length >> 8);
            out.write(b.length);
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] integer(long v) {
        if (v >= -128 && v < 128) return tlv(0x02, new byte[] {(byte) v});
        return tlv(0x02, new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    static byte[] octets(String s) {
        return tlv(0x04, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            while ((v >> (7 * groups)) != 0) groups++;
            for (int g = groups - 1; g >= 0; g--) out.write((int) ((v >> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
        }
        return tlv(0x06, out.toByteArray());
    }

    static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] binding(String oid, byte[] value) {
        return tlv(0x30, oid(oid), value);
    }

    static byte[] pdu(int tag, long requestId, long second, long third, byte[]... bindings) {
        return tlv(tag, integer(requestId), integer(second), integer(third), tlv(0x30, bindings));
    }

    /** A v1 (version 0) or v2c (1) message. */
    static byte[] community(int version, String community, byte[] pdu) {
        return tlv(0x30, integer(version), octets(community), pdu);
    }

    /** A v3 message with USM parameters and a plaintext scoped PDU (or encrypted bytes). */
    static byte[] v3(String user, byte[] pduOrNull, boolean encrypted) {
        byte[] global = tlv(0x30, integer(1), integer(65507), tlv(0x04, new byte[] {4}), integer(3));
        byte[] usm = tlv(0x04, tlv(0x30, octets("\u0080\u0000"), integer(1), integer(2), octets(user), octets(""), octets("")));
        byte[] data = encrypted ? octets("ciphertext") : tlv(0x30, octets(""), octets(""), pduOrNull);
        return tlv(0x30, integer(3), global, usm, data);
    }
}
