package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RDP connection-setup PDUs ([MS-RDPBCGR] 2.2.1), for tests and the traffic generator. */
public final class RdpBytes {
    private RdpBytes() {}

    public static byte[] tpkt(byte[] x224) {
        var out = new ByteArrayOutputStream();
        out.write(3);
        out.write(0);
        out.write((x224.length + 4) >> 8);
        out.write(x224.length + 4);
        out.writeBytes(x224);
        return out.toByteArray();
    }

    public static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    public static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    public static byte[] cat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** X.224 CR (code 0xE0) with a routing cookie and an RDP_NEG_REQ. */
    public static byte[] connectionRequest(String user, long requestedProtocols) {
        byte[] var = cat(("Cookie: mstshash=" + user + "\r\n").getBytes(StandardCharsets.US_ASCII),
                new byte[] {1, 0, 8, 0}, le32(requestedProtocols));
        byte[] hdr = {(byte) (6 + var.length), (byte) 0xe0, 0, 0, 0, 0, 0};
        return tpkt(cat(hdr, var));
    }

    /** X.224 CC (code 0xD0) with RDP_NEG_RSP (type 2) or RDP_NEG_FAILURE (type 3). */
    public static byte[] connectionConfirm(int type, long value) {
        byte[] var = cat(new byte[] {(byte) type, 0, 8, 0}, le32(value));
        byte[] hdr = {(byte) (6 + var.length), (byte) 0xd0, 0, 0, 0x12, 0x34, 0};
        return tpkt(cat(hdr, var));
    }

    public static byte[] utf16(String s, int size) {
        byte[] out = new byte[size];
        byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(b, 0, out, 0, Math.min(b.length, size - 2));
        return out;
    }

    /** X.224 DT + MCS Connect-Initial with GCC user data: client core data and network data. */
    public static byte[] clientData(String clientName, int width, int height, long layout, long build, String... channels) {
        byte[] core = cat(le16(0xc001), le16(216), le32(0x00080004), le16(width), le16(height), le16(0xca01), le16(0xaa03),
                le32(layout), le32(build), utf16(clientName, 32), le32(4), le32(0), le32(12), new byte[64],
                le16(0xca01), le16(1), le32(0), le16(24), le16(7), le16(0x0001), utf16("PRODUCT-ID", 64), new byte[6]);
        var net = new ByteArrayOutputStream();
        net.writeBytes(le32(channels.length));
        for (String c : channels) {
            byte[] name = new byte[8];
            byte[] cb = c.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(cb, 0, name, 0, Math.min(7, cb.length));
            net.writeBytes(name);
            net.writeBytes(le32(0x80800000L));
        }
        byte[] netBlock = cat(le16(0xc003), le16(4 + net.size()), net.toByteArray());
        byte[] blocks = cat(core, netBlock);
        byte[] gcc = cat(new byte[] {0, 5, 0, 0x14, 0x7c, 0, 1, (byte) 0x81, 0x26, 0, 8, 0, 0x10, 0, 1, (byte) 0xc0, 0},
                "Duca".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) (0x80 | (blocks.length >> 8)), (byte) blocks.length}, blocks);
        byte[] mcs = cat(new byte[] {0x7f, 0x65, (byte) 0x82, (byte) (gcc.length >> 8), (byte) gcc.length}, gcc);
        return tpkt(cat(new byte[] {2, (byte) 0xf0, (byte) 0x80}, mcs));
    }

    /** X.224 DT + MCS Connect-Response with the GCC result and server security data (an RSA certificate). */
    public static byte[] serverData(int gccResult, long method, long level, boolean temporary) {
        byte[] cert = cat(le32(1 | (temporary ? 0x80000000L : 0)), new byte[20]);
        byte[] sec = cat(le16(0x0c02), le16(20 + 32 + cert.length), le32(method), le32(level), le32(32), le32(cert.length),
                new byte[32], cert);
        byte[] gcc = cat(new byte[] {0, 5, 0, 0x14, 0x7c, 0, 1, 0x2a, 0x14, 0x76, 0x0a, 1, 1, (byte) gccResult, 1, (byte) 0xc0, 0},
                "McDn".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) sec.length}, sec);
        byte[] mcs = cat(new byte[] {0x7f, 0x66, (byte) 0x82, (byte) (gcc.length >> 8), (byte) gcc.length}, gcc);
        return tpkt(cat(new byte[] {2, (byte) 0xf0, (byte) 0x80}, mcs));
    }
}
