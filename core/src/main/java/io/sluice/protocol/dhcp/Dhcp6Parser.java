package io.sluice.protocol.dhcp;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one DHCPv6 message (RFC 8415) held whole in a datagram into a {@link DhcpMessage} (see
 * its {@code v6} parameter for the mapping). Relay messages are unwrapped to the message they
 * carry (option 9), at most {@value #MAX_RELAY_DEPTH} deep. Every option length is checked;
 * {@link #problem} says where a message was cut short.
 */
final class Dhcp6Parser {
    static final int MAX_RELAY_DEPTH = 8;
    private static final int MAX_OPTIONS = 128;

    String problem;

    DhcpMessage parse(ByteBuffer buf, int offset, int length, long ts, String uid, ConnId id, boolean fromOrig) {
        problem = null;
        int depth = 0;
        while (length >= 1 && ((buf.get(offset) & 0xff) == 12 || (buf.get(offset) & 0xff) == 13)) {
            if (++depth > MAX_RELAY_DEPTH || length < 34) {
                problem = "relay message too deep or too short";
                return null;
            }
            int inner = findOption(buf, offset + 34, offset + length, 9);
            if (inner < 0) return null;
            length = buf.getShort(inner + 2) & 0xffff;
            offset = inner + 4;
        }
        if (length < 4) return null;
        int type = buf.get(offset) & 0xff;
        if (type < 1 || type > 11) return null;
        long xid = ((buf.get(offset + 1) & 0xffL) << 16) | ((buf.get(offset + 2) & 0xffL) << 8) | (buf.get(offset + 3) & 0xffL);
        boolean server = type == 2 || type == 7 || type == 10;

        String mac = null, duid = null, fqdn = null, domain = null, address = null, vendor = null, message = null;
        Long lease = null;
        List<String> dns = null;
        List<Integer> params = null;
        int p = offset + 4, end = offset + length;
        for (int n = 0; p < end && n < MAX_OPTIONS; n++) {
            if (p + 4 > end) {
                problem = "option header beyond the message";
                break;
            }
            int code = buf.getShort(p) & 0xffff;
            int len = buf.getShort(p + 2) & 0xffff;
            int v = p + 4;
            if (v + len > end) {
                problem = "option " + code + " length " + len + " beyond the message";
                break;
            }
            switch (code) {
                case 1 -> {
                    duid = DhcpMessageParser.hex(buf, v, len);
                    mac = duidMac(buf, v, len);
                }
                case 3 -> { // IA_NA: IAID, T1, T2, then options; the first IAADDR counts
                    int a = findOption(buf, v + 12, v + len, 5);
                    if (len >= 12 && a >= 0 && (buf.getShort(a + 2) & 0xffff) >= 24) {
                        address = IpAddress.format(buf.getLong(a + 4), buf.getLong(a + 12));
                        lease = buf.getInt(a + 24) & 0xffffffffL;
                    }
                }
                case 6 -> {
                    params = new ArrayList<>(len / 2);
                    for (int i = 0; i + 2 <= len; i += 2) params.add(buf.getShort(v + i) & 0xffff);
                }
                case 23 -> {
                    dns = new ArrayList<>(len / 16);
                    for (int i = 0; i + 16 <= len; i += 16) dns.add(IpAddress.format(buf.getLong(v + i), buf.getLong(v + i + 8)));
                }
                case 24 -> domain = wireName(buf, v, v + len);
                case 39 -> { if (len >= 1) fqdn = wireName(buf, v + 1, v + len); }
                case 16 -> { // enterprise number, then length-prefixed class data
                    if (len >= 6) {
                        int l = buf.getShort(v + 4) & 0xffff;
                        if (v + 6 + l <= v + len) vendor = text(buf, v + 6, l);
                    }
                }
                case 13 -> { if (len >= 2) message = text(buf, v + 2, len - 2); }
                default -> {}
            }
            p = v + len;
        }
        return new DhcpMessage(ts, uid, id, fromOrig, xid, server ? 2 : 1, type, mac, null, duid, null,
                server ? address : null, null, fqdn, domain, server ? null : address, lease, null, null, dns, vendor,
                params, message, true);
    }

    /** Where option {@code code} starts in {@code [p, end)}, or -1. */
    private static int findOption(ByteBuffer buf, int p, int end, int code) {
        for (int n = 0; p + 4 <= end && n < MAX_OPTIONS; n++) {
            int len = buf.getShort(p + 2) & 0xffff;
            if (p + 4 + len > end) return -1;
            if ((buf.getShort(p) & 0xffff) == code) return p;
            p += 4 + len;
        }
        return -1;
    }

    /** The Ethernet address in a DUID-LLT (type 1) or DUID-LL (type 3) with hardware type 1, else null. */
    private static String duidMac(ByteBuffer buf, int v, int len) {
        if (len < 4) return null;
        int type = buf.getShort(v) & 0xffff;
        int hw = buf.getShort(v + 2) & 0xffff;
        int at = type == 1 ? v + 8 : type == 3 ? v + 4 : -1;
        if (at < 0 || hw != 1 || at + 6 > v + len) return null;
        return DhcpMessageParser.mac(buf, at, 6);
    }

    /** The first name of a DNS wire-format list (no compression in DHCPv6), dotted. */
    private static String wireName(ByteBuffer buf, int p, int end) {
        var sb = new StringBuilder();
        while (p < end) {
            int l = buf.get(p) & 0xff;
            if (l == 0 || l > 63 || p + 1 + l > end) break;
            if (sb.length() > 0) sb.append('.');
            sb.append(text(buf, p + 1, l));
            p += 1 + l;
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String text(ByteBuffer buf, int v, int len) {
        byte[] b = new byte[len];
        buf.get(v, b, 0, len);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
