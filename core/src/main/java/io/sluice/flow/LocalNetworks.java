package io.sluice.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks whose addresses count as local ({@code local_orig}, {@code local_resp}), as Zeek's
 * {@code Site::local_nets}. Addresses are the 128-bit form of {@link io.sluice.packet.Packet}
 * (IPv4 mapped into {@code ::ffff:0:0/96}), so an IPv4 CIDR only matches IPv4 addresses, as in Zeek.
 *
 * <p>Checked once per connection when its record is built, never per packet.
 */
public final class LocalNetworks {

    /**
     * Zeek's {@code Site::private_address_space} (scripts/base/utils/site.zeek, the IANA IPv4 and
     * IPv6 special-purpose registries), which Zeek copies into {@code Site::local_nets} because
     * {@code Site::private_address_space_is_local} is true by default.
     */
    public static final List<String> ZEEK_PRIVATE_ADDRESS_SPACE = List.of(
            "0.0.0.0/8", "2002::/24",
            "10.0.0.0/8", "2002:a00::/24",
            "100.64.0.0/10", "2002:6440::/26",
            "127.0.0.0/8", "2002:7f00::/24",
            "169.254.0.0/16", "2002:a9fe::/32",
            "172.16.0.0/12", "2002:ac10::/28",
            "192.0.0.0/24", "2002:c000::/40",
            "192.0.2.0/24", "2002:c000:200::/40",
            "192.168.0.0/16", "2002:c0a8::/32",
            "198.18.0.0/15", "2002:c612::/31",
            "198.51.100.0/24", "2002:c633:6400::/40",
            "203.0.113.0/24", "2002:cb00:7100::/40",
            "240.0.0.0/4", "2002:f000::/20",
            "255.255.255.255/32", "2002:ffff:ffff::/48",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:2::/48",
            "2001:db8::/32", "fc00::/7", "fe80::/10");

    private final long[] netHi;
    private final long[] netLo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final List<String> cidrs;

    private LocalNetworks(List<String> cidrs) {
        this.cidrs = List.copyOf(cidrs);
        int n = cidrs.size();
        netHi = new long[n];
        netLo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        for (int i = 0; i < n; i++) parse(i, cidrs.get(i));
    }

    /** Zeek's default: the private address space is local. */
    public static LocalNetworks zeekDefault() {
        return new LocalNetworks(ZEEK_PRIVATE_ADDRESS_SPACE);
    }

    public static LocalNetworks none() {
        return new LocalNetworks(List.of());
    }

    /**
     * @param cidrs entries such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or {@code [fe80::]/10}
     * @throws IllegalArgumentException naming the entry that is not a CIDR
     */
    public static LocalNetworks of(List<String> cidrs) {
        return new LocalNetworks(cidrs);
    }

    public List<String> cidrs() {
        return cidrs;
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    public boolean contains(long hi, long lo) {
        for (int i = 0; i < netHi.length; i++) {
            if ((hi & maskHi[i]) == netHi[i] && (lo & maskLo[i]) == netLo[i]) return true;
        }
        return false;
    }

    private void parse(int i, String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) addr = addr.substring(1, addr.length() - 1);
        byte[] bytes;
        try {
            if (!addr.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException(addr);
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a network in CIDR notation: " + cidr);
        }
        int maxBits = bytes.length * 8;
        int bits;
        try {
            bits = slash < 0 ? maxBits : Integer.parseInt(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        if (bits < 0 || bits > maxBits) throw new IllegalArgumentException("bad prefix length in " + cidr);
        long hi = 0, lo = 0;
        if (bytes.length == 4) {
            lo = 0xFFFF00000000L | ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFFL) << 16)
                    | ((bytes[2] & 0xFFL) << 8) | (bytes[3] & 0xFFL);
            bits += 96;
        } else {
            for (int b = 0; b < 8; b++) hi = (hi << 8) | (bytes[b] & 0xFFL);
            for (int b = 8; b < 16; b++) lo = (lo << 8) | (bytes[b] & 0xFFL);
        }
        long mh = bits >= 64 ? -1L : (bits == 0 ? 0 : -1L << (64 - bits));
        long ml = bits <= 64 ? 0 : (bits == 128 ? -1L : -1L << (128 - bits));
        maskHi[i] = mh;
        maskLo[i] = ml;
        netHi[i] = hi & mh;
        netLo[i] = lo & ml;
    }
}
