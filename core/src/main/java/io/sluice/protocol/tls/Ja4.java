package io.sluice.protocol.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * JA4 (TLS client) and JA4S (TLS server) fingerprints after FoxIO's specification
 * (technical_details/JA4.md and JA4S.md). GREASE values are ignored everywhere; hashes are the
 * first 12 hex digits of SHA-256, or {@code 000000000000} when the hashed list is empty.
 *
 * <pre>
 * JA4  = {t|q|d}{version}{d|i}{#ciphers}{#extensions}{alpn}_{sha(sorted ciphers)}_{sha(sorted extensions without SNI/ALPN "_" signature algorithms)}
 * JA4S = {t|q|d}{version}{#extensions}{alpn}_{cipher}_{sha(extensions in order)}
 * </pre>
 */
public final class Ja4 {
    public static final char TCP = 't';
    public static final char QUIC = 'q';
    public static final char DTLS = 'd';

    private static final String EMPTY_HASH = "000000000000";

    private Ja4() {}

    public static String ja4(ClientHello ch, char transport) {
        return build(ch, transport, false);
    }

    /** The raw (unhashed, sorted) form, JA4_r. */
    public static String ja4Raw(ClientHello ch, char transport) {
        return build(ch, transport, true);
    }

    public static String ja4s(ServerHello sh, char transport) {
        return buildServer(sh, transport, false);
    }

    public static String ja4sRaw(ServerHello sh, char transport) {
        return buildServer(sh, transport, true);
    }

    private static String build(ClientHello ch, char transport, boolean raw) {
        int version = ch.legacyVersion();
        if (ch.supportedVersions() != null) {
            int max = -1;
            for (int v : ch.supportedVersions()) if (!Grease.is(v) && v > max) max = v;
            if (max >= 0) version = max;
        }
        int[] ciphers = withoutGrease(ch.cipherSuites());
        int[] exts = withoutGrease(ch.extensions());
        var a = new StringBuilder(10).append(transport).append(version(version))
                .append(ch.hasExtension(0) ? 'd' : 'i')
                .append(count(ciphers.length)).append(count(exts.length))
                .append(alpn(ch.alpn().isEmpty() ? null : ch.alpn().get(0)));

        Arrays.sort(ciphers);
        String cipherList = hexList(ciphers, ciphers.length);
        int[] sorted = new int[exts.length];
        int n = 0;
        for (int e : exts) if (e != 0x0000 && e != 0x0010) sorted[n++] = e;
        Arrays.sort(sorted, 0, n);
        String extList = hexList(sorted, n);
        int[] sig = withoutGrease(ch.signatureAlgorithms());
        String c = sig.length == 0 ? extList : extList + "_" + hexList(sig, sig.length);
        if (raw) return a + "_" + cipherList + "_" + c;
        return a + "_" + (ciphers.length == 0 ? EMPTY_HASH : sha12(cipherList)) + "_" + (n == 0 ? EMPTY_HASH : sha12(c));
    }

    private static String buildServer(ServerHello sh, char transport, boolean raw) {
        int[] exts = sh.extensions();
        String a = new StringBuilder(8).append(transport).append(version(sh.negotiatedVersion()))
                .append(count(exts.length)).append(alpn(sh.alpn())).toString();
        String cipher = hex4(sh.cipherSuite());
        String extList = hexList(exts, exts.length);
        if (raw) return a + "_" + cipher + "_" + extList;
        return a + "_" + cipher + "_" + (exts.length == 0 ? EMPTY_HASH : sha12(extList));
    }

    static String version(int v) {
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /**
     * First and last character of the first ALPN value; if either is not alphanumeric, first and
     * last character of the value's hex form; "00" when there is none.
     */
    static String alpn(String value) {
        if (value == null || value.isEmpty()) return "00";
        char first = value.charAt(0), last = value.charAt(value.length() - 1);
        if (alnum(first) && alnum(last)) return "" + first + last;
        return "" + Character.forDigit((first >> 4) & 0xf, 16) + Character.forDigit(last & 0xf, 16);
    }

    private static boolean alnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String count(int n) {
        int c = Math.min(n, 99);
        return c < 10 ? "0" + c : Integer.toString(c);
    }

    private static int[] withoutGrease(int[] in) {
        int n = 0;
        int[] out = new int[in.length];
        for (int v : in) if (!Grease.is(v)) out[n++] = v;
        return n == in.length ? out : Arrays.copyOf(out, n);
    }

    private static String hexList(int[] v, int n) {
        var sb = new StringBuilder(n * 5);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append(hex4(v[i]));
        }
        return sb.toString();
    }

    static String hex4(int v) {
        String h = Integer.toHexString(v & 0xffff);
        return "0000".substring(h.length()) + h;
    }

    static String sha12(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
            return Bytes.hex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
