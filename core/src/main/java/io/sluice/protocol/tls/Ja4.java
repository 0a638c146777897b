package io.sluice.protocol.tls;

import io.sluice.protocol.ThreadDigests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

    /*
     * The fingerprints are written into one StringBuilder, hex lists and hashes included, without
     * string concatenation: they are built once per handshake, and each "+" costs C2 an inlined
     * concatenation body in the compiled method (this one came to 28 kB of code).
     */
    private static String build(ClientHello ch, char transport, boolean raw) {
        int[] ciphers = withoutGrease(ch.cipherSuites());
        int[] exts = withoutGrease(ch.extensions());
        var out = new StringBuilder(raw ? 256 : 40).append(transport).append(version(clientVersion(ch)))
                .append(ch.hasExtension(0) ? 'd' : 'i');
        count(out, ciphers.length);
        count(out, exts.length);
        appendAlpn(out, ch.alpn().isEmpty() ? null : ch.alpn().get(0));
        Arrays.sort(ciphers);
        int n = sortedWithoutSniAlpn(exts); // exts is withoutGrease's copy: sorted in place
        int[] sig = withoutGrease(ch.signatureAlgorithms());
        if (raw) {
            out.append('_');
            hexList(out, ciphers, ciphers.length);
            out.append('_');
            extensionsAndSignatures(out, exts, n, sig);
            return out.toString();
        }
        var list = new StringBuilder(Math.max(ciphers.length, n + sig.length) * 5 + 1);
        out.append('_');
        if (ciphers.length == 0) {
            out.append(EMPTY_HASH);
        } else {
            hexList(list, ciphers, ciphers.length);
            sha12(out, list);
        }
        out.append('_');
        if (n == 0) {
            out.append(EMPTY_HASH);
        } else {
            list.setLength(0);
            extensionsAndSignatures(list, exts, n, sig);
            sha12(out, list);
        }
        return out.toString();
    }

    /** The highest non-GREASE supported_versions value, else the legacy version field. */
    private static int clientVersion(ClientHello ch) {
        int version = ch.legacyVersion();
        if (ch.supportedVersions() != null) {
            int max = -1;
            for (int v : ch.supportedVersions()) if (!Grease.is(v) && v > max) max = v;
            if (max >= 0) version = max;
        }
        return version;
    }

    /** Moves the extensions other than SNI (0) and ALPN (16) to the front, sorted; returns their count. */
    private static int sortedWithoutSniAlpn(int[] exts) {
        int n = 0;
        for (int e : exts) if (e != 0x0000 && e != 0x0010) exts[n++] = e;
        Arrays.sort(exts, 0, n);
        return n;
    }

    /** The third part's input: sorted extensions, then "_" and the signature algorithms when there are any. */
    private static void extensionsAndSignatures(StringBuilder sb, int[] exts, int n, int[] sig) {
        hexList(sb, exts, n);
        if (sig.length > 0) {
            sb.append('_');
            hexList(sb, sig, sig.length);
        }
    }

    private static String buildServer(ServerHello sh, char transport, boolean raw) {
        int[] exts = sh.extensions();
        var out = new StringBuilder(raw ? 128 : 40).append(transport).append(version(sh.negotiatedVersion()));
        count(out, exts.length);
        appendAlpn(out, sh.alpn());
        out.append('_');
        hex4(out, sh.cipherSuite());
        out.append('_');
        if (raw) {
            hexList(out, exts, exts.length);
        } else if (exts.length == 0) {
            out.append(EMPTY_HASH);
        } else {
            var list = new StringBuilder(exts.length * 5);
            hexList(list, exts, exts.length);
            sha12(out, list);
        }
        return out.toString();
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
        return appendAlpn(new StringBuilder(2), value).toString();
    }

    private static StringBuilder appendAlpn(StringBuilder sb, String value) {
        if (value == null || value.isEmpty()) return sb.append("00");
        char first = value.charAt(0), last = value.charAt(value.length() - 1);
        if (alnum(first) && alnum(last)) return sb.append(first).append(last);
        return sb.append(Character.forDigit((first >> 4) & 0xf, 16)).append(Character.forDigit(last & 0xf, 16));
    }

    private static boolean alnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Two decimal digits, at most 99. */
    private static void count(StringBuilder sb, int n) {
        int c = Math.min(n, 99);
        sb.append((char) ('0' + c / 10)).append((char) ('0' + c % 10));
    }

    private static int[] withoutGrease(int[] in) {
        int n = 0;
        int[] out = new int[in.length];
        for (int v : in) if (!Grease.is(v)) out[n++] = v;
        return n == in.length ? out : Arrays.copyOf(out, n);
    }

    private static void hexList(StringBuilder sb, int[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            hex4(sb, v[i]);
        }
    }

    static String hex4(int v) {
        return hex4(new StringBuilder(4), v).toString();
    }

    private static StringBuilder hex4(StringBuilder sb, int v) {
        for (int shift = 12; shift >= 0; shift -= 4) sb.append(HEX[(v >>> shift) & 0xf]);
        return sb;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String sha12(String s) {
        return sha12(new StringBuilder(12), s.getBytes(StandardCharsets.US_ASCII)).toString();
    }

    /** Appends the first 12 hex digits of the SHA-256 of a hex list (ASCII only, as this class writes them). */
    private static void sha12(StringBuilder out, StringBuilder list) {
        byte[] ascii = new byte[list.length()];
        for (int i = 0; i < ascii.length; i++) ascii[i] = (byte) list.charAt(i);
        sha12(out, ascii);
    }

    private static StringBuilder sha12(StringBuilder out, byte[] ascii) {
        byte[] d = sha256().digest(ascii);
        for (int i = 0; i < 6; i++) out.append(HEX[(d[i] >> 4) & 0xf]).append(HEX[d[i] & 0xf]);
        return out;
    }

    private static MessageDigest sha256() {
        return ThreadDigests.sha256();
    }
}
