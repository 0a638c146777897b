package io.sluice.protocol.socks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** SOCKS messages for tests, written field by field from the protocol notes and RFC 1928/1929. */
final class SocksBytes {
    private SocksBytes() {}

    /** SOCKS 4 request: VN=4, CD, DSTPORT, DSTIP, USERID, NUL; with a host name, SOCKS 4a (DSTIP 0.0.0.1). */
    static byte[] v4Request(int command, int port, int[] ip, String user, String host) {
        var b = new ByteArrayOutputStream();
        b.write(4);
        b.write(command);
        b.write(port >> 8);
        b.write(port);
        if (host == null) for (int x : ip) b.write(x);
        else b.writeBytes(new byte[] {0, 0, 0, 1});
        b.writeBytes(user.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        if (host != null) {
            b.writeBytes(host.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
        return b.toByteArray();
    }

    /** SOCKS 4 reply: VN=0, CD, DSTPORT, DSTIP. */
    static byte[] v4Reply(int code, int port, int[] ip) {
        return new byte[] {0, (byte) code, (byte) (port >> 8), (byte) port, (byte) ip[0], (byte) ip[1], (byte) ip[2], (byte) ip[3]};
    }

    static byte[] v5Greeting(int... methods) {
        var b = new byte[2 + methods.length];
        b[0] = 5;
        b[1] = (byte) methods.length;
        for (int i = 0; i < methods.length; i++) b[2 + i] = (byte) methods[i];
        return b;
    }

    static byte[] v5Method(int method) {
        return new byte[] {5, (byte) method};
    }

    /** RFC 1929 login: VER=1, ULEN, UNAME, PLEN, PASSWD. */
    static byte[] login(String user, String password) {
        var b = new ByteArrayOutputStream();
        b.write(1);
        b.write(user.length());
        b.writeBytes(user.getBytes(StandardCharsets.US_ASCII));
        b.write(password.length());
        b.writeBytes(password.getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static byte[] loginStatus(int status) {
        return new byte[] {1, (byte) status};
    }

    /** RFC 1928 request (VER 5, CMD, RSV, ATYP 3 = domain name) or reply (REP in place of CMD). */
    static byte[] v5WithName(int commandOrReply, String name, int port) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {5, (byte) commandOrReply, 0, 3, (byte) name.length()});
        b.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        b.write(port >> 8);
        b.write(port);
        return b.toByteArray();
    }

    /** RFC 1928 request or reply with an IPv4 address (ATYP 1). */
    static byte[] v5WithV4(int commandOrReply, int[] ip, int port) {
        return new byte[] {5, (byte) commandOrReply, 0, 1, (byte) ip[0], (byte) ip[1], (byte) ip[2], (byte) ip[3],
            (byte) (port >> 8), (byte) port};
    }

    /** RFC 1928 request or reply with an IPv6 address (ATYP 4). */
    static byte[] v5WithV6(int commandOrReply, byte[] ip16, int port) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {5, (byte) commandOrReply, 0, 4});
        b.writeBytes(ip16);
        b.write(port >> 8);
        b.write(port);
        return b.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        var b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
