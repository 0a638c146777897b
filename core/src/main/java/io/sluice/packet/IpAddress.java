package io.sluice.packet;

import java.nio.charset.StandardCharsets;

/**
 * IP addresses as Sluice stores them: two longs (high and low 64 bits of an IPv6 address), IPv4
 * as IPv4-mapped {@code ::ffff:a.b.c.d}. Formatting follows Zeek: IPv4 (mapped) dotted quad, IPv6
 * RFC 5952 (lowercase hex, leading zeros dropped, the longest run of two or more zero groups
 * compressed to {@code ::}, the first run on a tie).
 *
 * <p>Parsing and formatting allocate; they are for events, configuration and tests, not for the
 * per-packet path.
 */
public final class IpAddress {
    /** The high long of every IPv4-mapped address. */
    public static final long V4_MAPPED_HI = 0L;
    /** The low long of an IPv4-mapped address with the IPv4 bits zero. */
    public static final long V4_MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    private IpAddress() {}

    /** True when (hi, lo) is an IPv4-mapped address. */
    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_LO_PREFIX;
    }

    /** The low long of the IPv4-mapped form of an IPv4 address given as a big-endian int. */
    public static long v4Lo(int v4) {
        return V4_MAPPED_LO_PREFIX | (v4 & 0xffff_ffffL);
    }

    /**
     * Dotted quad. Written byte by byte instead of with string concatenation: it runs twice per
     * connection for its records, and the concatenation's generated code made the record builders
     * several times larger for the JIT to compile.
     */
    public static String formatV4(int v4) {
        byte[] b = new byte[15];
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            int octet = (v4 >>> shift) & 0xff;
            if (octet >= 100) {
                b[n++] = (byte) ('0' + octet / 100);
                b[n++] = (byte) ('0' + octet / 10 % 10);
            } else if (octet >= 10) {
                b[n++] = (byte) ('0' + octet / 10);
            }
            b[n++] = (byte) ('0' + octet % 10);
            if (shift > 0) b[n++] = '.';
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            return formatV4((int) lo);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        var sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * Parses a literal IPv4 ("10.0.0.1") or IPv6 ("2001:db8::1", "::ffff:1.2.3.4") address into
     * 16 bytes (IPv4 mapped).
     *
     * @throws IllegalArgumentException when the text is not an address literal
     */
    public static byte[] parse(String text) {
        byte[] out = new byte[16];
        if (text.indexOf(':') < 0) {
            int v4 = parseV4(text);
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            putInt(out, 12, v4);
            return out;
        }
        String s = text;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            throw bad(text);
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int nh = groups(dbl >= 0 ? s.substring(0, dbl) : s, head, text);
        int nt = dbl >= 0 ? groups(s.substring(dbl + 2), tail, text) : 0;
        if (dbl < 0 && nh != 8 || dbl >= 0 && nh + nt > 7) {
            throw bad(text);
        }
        for (int i = 0; i < nh; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < nt; i++) {
            int k = 8 - nt + i;
            out[2 * k] = (byte) (tail[i] >>> 8);
            out[2 * k + 1] = (byte) tail[i];
        }
        return out;
    }

    /** Parses text and returns the high long. */
    public static long parseHi(String text) {
        return getLong(parse(text), 0);
    }

    /** Parses text and returns the low long. */
    public static long parseLo(String text) {
        return getLong(parse(text), 8);
    }

    /** Parses a dotted-quad IPv4 address into a big-endian int. */
    public static int parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(text);
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw bad(text);
            }
            int b = Integer.parseInt(p);
            if (b > 255) {
                throw bad(text);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    private static int groups(String s, int[] into, String text) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (n + 2 > 8) {
                    throw bad(text);
                }
                int v4 = parseV4(p);
                into[n++] = v4 >>> 16;
                into[n++] = v4 & 0xffff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n >= 8) {
                throw bad(text);
            }
            try {
                into[n++] = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw bad(text);
            }
        }
        return n;
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("not an IP address literal: \"" + text + "\"");
    }
}
