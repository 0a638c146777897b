package io.sluice.ingest.linux;

import io.sluice.packet.IpAddress;

/**
 * The {@code saddr=} of an audit SOCKADDR record: the kernel's {@code struct sockaddr} in hex.
 * The family is a 16-bit number in the machine's byte order (little-endian on x86 and arm, read
 * either way here since 2 and 10 are unambiguous); the port and address are in network order.
 * AF_INET: family(2) port(2) address(4); AF_INET6: family(2) port(2) flowinfo(4) address(16)
 * scope(4). Other families (AF_UNIX 1, AF_NETLINK 16, ...) are not network connections.
 *
 * @param address the canonical address text
 */
record SocketAddress(int family, String address, int port) {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    /** The address, or a record with a null address and the family for non-IP families; null when not hex. */
    static SocketAddress parse(String hex) {
        if (hex == null || hex.length() < 4 || (hex.length() & 1) != 0) return null;
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16), lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) return null;
            b[i] = (byte) (hi << 4 | lo);
        }
        int le = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        int be = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        int family = le == AF_INET || le == AF_INET6 ? le : be == AF_INET || be == AF_INET6 ? be : le;
        if (family == AF_INET && b.length >= 8) {
            int port = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            int v4 = (b[4] & 0xff) << 24 | (b[5] & 0xff) << 16 | (b[6] & 0xff) << 8 | (b[7] & 0xff);
            return new SocketAddress(family, IpAddress.formatV4(v4), port);
        }
        if (family == AF_INET6 && b.length >= 24) {
            int port = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) hi = hi << 8 | (b[8 + i] & 0xff);
            for (int i = 0; i < 8; i++) lo = lo << 8 | (b[16 + i] & 0xff);
            return new SocketAddress(family, IpAddress.format(hi, lo), port);
        }
        return new SocketAddress(family, null, -1);
    }
}
