package io.sluice.protocol.dhcp;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one BOOTP/DHCP message (RFC 2131, options RFC 2132) held whole in a datagram. Every
 * length is checked against the datagram; a message that ends inside an option keeps what came
 * before and reports {@code truncated}. Strings are built only for the options that are present,
 * once per message that is emitted.
 */
final class DhcpMessageParser {
    /** op .. file: the fixed BOOTP header before the magic cookie. */
    static final int FIXED = 236;
    static final int MAGIC = 0x63825363;
    /** Option values are at most 255 bytes; a message has at most this many options worth reading. */
    private static final int MAX_OPTIONS = 255;

    /** Why the last message was cut short, or null. */
    String problem;
    /** The last message's JA4D ({@link Ja4d}). */
    String ja4d;
    private final int[] codes = new int[MAX_OPTIONS];

    /**
     * The message in {@code buf[offset, offset+length)}, or null when it is not a DHCP message (no
     * cookie, too short); {@link #problem} says why a returned message is incomplete.
     */
    DhcpMessage parse(ByteBuffer buf, int offset, int length, long ts, String uid, ConnId id, boolean fromOrig) {
        problem = null;
        if (length < FIXED + 4 || buf.getInt(offset + FIXED) != MAGIC) return null;
        int op = buf.get(offset) & 0xff;
        long xid = buf.getInt(offset + 4) & 0xffffffffL;
        String ciaddr = addrOrNull(buf.getInt(offset + 12));
        String yiaddr = addrOrNull(buf.getInt(offset + 16));
        String chaddr = mac(buf, offset + 28, 6);

        int type = 0;
        String clientIdMac = null, clientId = null, hostName = null, fqdn = null, domain = null, requested = null;
        String serverId = null, vendor = null, message = null;
        Long lease = null;
        List<String> routers = null, dns = null;
        List<Integer> params = null;

        int p = offset + FIXED + 4;
        int end = offset + length;
        int count = 0, maxSize = -1;
        boolean requestedOption = false, fqdnOption = false;
        for (int n = 0; p < end && n < MAX_OPTIONS; n++) {
            int code = buf.get(p) & 0xff;
            if (code == 0) { // pad
                p++;
                continue;
            }
            if (code == 255) break;
            codes[count++] = code;
            if (code == 50) requestedOption = true;
            if (code == 81) fqdnOption = true;
            if (p + 2 > end) {
                problem = "option " + code + " without length";
                break;
            }
            int len = buf.get(p + 1) & 0xff;
            int v = p + 2;
            if (v + len > end) {
                problem = "option " + code + " length " + len + " beyond the message";
                break;
            }
            switch (code) {
                case 53 -> { if (len >= 1) type = buf.get(v) & 0xff; }
                case 57 -> { if (len == 2) maxSize = buf.getShort(v) & 0xffff; }
                case 12 -> hostName = text(buf, v, len);
                case 15 -> domain = text(buf, v, withoutTrailingNuls(buf, v, len));
                case 81 -> { if (len >= 3) fqdn = fqdn(buf, v, len); }
                case 50 -> { if (len == 4) requested = IpAddress.formatV4(buf.getInt(v)); }
                case 51 -> { if (len == 4) lease = buf.getInt(v) & 0xffffffffL; }
                case 54 -> { if (len == 4) serverId = IpAddress.formatV4(buf.getInt(v)); }
                case 3 -> routers = addrs(buf, v, len);
                case 6 -> dns = addrs(buf, v, len);
                case 60 -> vendor = text(buf, v, len);
                case 56 -> message = text(buf, v, len);
                case 55 -> {
                    params = new ArrayList<>(len);
                    for (int i = 0; i < len; i++) params.add(buf.get(v + i) & 0xff);
                }
                case 61 -> {
                    if (len >= 1) {
                        clientId = hex(buf, v, len);
                        if ((buf.get(v) & 0xff) == 1 && len >= 7) clientIdMac = mac(buf, v + 1, 6);
                    }
                }
                default -> {}
            }
            p = v + len;
        }
        ja4d = Ja4d.of(type, maxSize, requestedOption, fqdnOption, codes, count, params);
        return new DhcpMessage(ts, uid, id, fromOrig, xid, op, type, chaddr, clientIdMac, clientId, ciaddr, yiaddr,
                hostName, fqdn, domain, requested, lease, serverId, routers, dns, vendor, params, message, false);
    }

    private static String addrOrNull(int v4) {
        return v4 == 0 ? null : IpAddress.formatV4(v4);
    }

    private static List<String> addrs(ByteBuffer buf, int v, int len) {
        var out = new ArrayList<String>(len / 4);
        for (int i = 0; i + 4 <= len; i += 4) out.add(IpAddress.formatV4(buf.getInt(v + i)));
        return out;
    }

    private static String text(ByteBuffer buf, int v, int len) {
        byte[] b = new byte[len];
        buf.get(v, b, 0, len);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * The length of an option value without its trailing NUL bytes. Zeek drops them from the domain
     * name (option 15) and only there: a host name keeps its NUL ("nas1\0" in suricata-verify's
     * dhcp-eve-extended), a domain name loses it ("unx.ca\0" is logged as unx.ca).
     */
    private static int withoutTrailingNuls(ByteBuffer buf, int v, int len) {
        while (len > 0 && buf.get(v + len - 1) == 0) len--;
        return len;
    }

    /**
     * Option 81: flags, two rcodes, then the name; with the E flag (0x04) the name is in DNS wire
     * format (RFC 4702), which is rendered as dotted labels, else it is ASCII as sent.
     */
    private static String fqdn(ByteBuffer buf, int v, int len) {
        int flags = buf.get(v) & 0xff;
        int p = v + 3, end = v + len;
        if ((flags & 0x04) == 0) return text(buf, p, end - p);
        var sb = new StringBuilder();
        while (p < end) {
            int l = buf.get(p) & 0xff;
            if (l == 0 || l > 63 || p + 1 + l > end) break;
            if (sb.length() > 0) sb.append('.');
            for (int i = 0; i < l; i++) sb.append((char) (buf.get(p + 1 + i) & 0xff));
            p += 1 + l;
        }
        return sb.toString();
    }

    static String mac(ByteBuffer buf, int v, int len) {
        var sb = new StringBuilder(len * 3);
        for (int i = 0; i < len; i++) {
            if (i > 0) sb.append(':');
            int b = buf.get(v + i) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    static String hex(ByteBuffer buf, int v, int len) {
        var sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            int b = buf.get(v + i) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
