package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds NTLMSSP messages (MS-NLMP 2.2.1) for tests and the traffic generator. */
public final class NtlmMessages {
    private NtlmMessages() {}

    public static final byte[] SIG = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    public static byte[] negotiate() {
        var b = new byte[32];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 1);
        le32(b, 12, 0xe2088297);
        return b;
    }

    /** A CHALLENGE whose target info names the server. */
    public static byte[] challenge(String nbComputer, String dnsComputer, String tree) {
        var ti = new ByteArrayOutputStream();
        av(ti, 2, "DOM");
        av(ti, 1, nbComputer);
        av(ti, 4, "dom.example");
        av(ti, 3, dnsComputer);
        av(ti, 5, tree);
        ti.writeBytes(new byte[4]); // MsvAvEOL
        byte[] info = ti.toByteArray();
        var b = new byte[56 + info.length];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 2);
        le32(b, 20, 0xe2898215);
        for (int i = 0; i < 8; i++) b[24 + i] = (byte) (0x11 * (i + 1));
        le16(b, 40, info.length);
        le16(b, 42, info.length);
        le32(b, 44, 56);
        System.arraycopy(info, 0, b, 56, info.length);
        return b;
    }

    /** An AUTHENTICATE with Unicode names. */
    public static byte[] authenticate(String domain, String user, String workstation) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
        byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
        byte[] w = workstation.getBytes(StandardCharsets.UTF_16LE);
        int payload = 88;
        var b = new byte[payload + d.length + u.length + w.length + 24];
        System.arraycopy(SIG, 0, b, 0, 8);
        le32(b, 8, 3);
        int p = payload;
        p = field(b, 28, d, p);
        p = field(b, 36, u, p);
        p = field(b, 44, w, p);
        byte[] nt = new byte[24];
        field(b, 20, nt, p);
        le32(b, 60, 0xe2888215); // includes NTLMSSP_NEGOTIATE_UNICODE
        return b;
    }

    private static int field(byte[] b, int at, byte[] value, int p) {
        le16(b, at, value.length);
        le16(b, at + 2, value.length);
        le32(b, at + 4, p);
        System.arraycopy(value, 0, b, p, value.length);
        return p + value.length;
    }

    private static void av(ByteArrayOutputStream o, int id, String v) {
        byte[] s = v.getBytes(StandardCharsets.UTF_16LE);
        o.write(id);
        o.write(0);
        o.write(s.length & 0xff);
        o.write(s.length >> 8);
        o.writeBytes(s);
    }

    public static void le16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >> 8);
    }

    public static void le32(byte[] b, int i, int v) {
        le16(b, i, v);
        le16(b, i + 2, v >>> 16);
    }
}
