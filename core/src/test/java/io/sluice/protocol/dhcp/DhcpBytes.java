package io.sluice.protocol.dhcp;

import java.io.ByteArrayOutputStream;

/** Builds DHCP messages for tests: the BOOTP header, the cookie and options. */
final class DhcpBytes {
    private final ByteArrayOutputStream options = new ByteArrayOutputStream();
    private final int op;
    private final int xid;
    private int ciaddr, yiaddr;
    private byte[] chaddr = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};

    DhcpBytes(int op, int xid) {
        this.op = op;
        this.xid = xid;
    }

    DhcpBytes yiaddr(int a) {
        yiaddr = a;
        return this;
    }

    DhcpBytes ciaddr(int a) {
        ciaddr = a;
        return this;
    }

    DhcpBytes chaddr(byte[] mac) {
        chaddr = mac;
        return this;
    }

    DhcpBytes option(int code, byte... value) {
        options.write(code);
        options.write(value.length);
        options.writeBytes(value);
        return this;
    }

    DhcpBytes type(int t) {
        return option(53, (byte) t);
    }

    DhcpBytes text(int code, String s) {
        return option(code, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    DhcpBytes raw(byte... b) {
        options.writeBytes(b);
        return this;
    }

    static byte[] addr(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    byte[] build(boolean end) {
        var out = java.nio.ByteBuffer.allocate(240 + options.size() + 1);
        out.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0);
        out.putInt(xid);
        out.putShort((short) 0).putShort((short) 0);
        out.putInt(ciaddr).putInt(yiaddr).putInt(0).putInt(0);
        out.put(chaddr);
        out.position(236);
        out.putInt(0x63825363);
        out.put(options.toByteArray());
        if (end) out.put((byte) 255);
        byte[] b = out.array();
        return end ? b : java.util.Arrays.copyOf(b, b.length - 1);
    }
}
