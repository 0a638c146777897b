package io.sluice.protocol.tls;

import io.sluice.protocol.ThreadDigests;
import java.nio.charset.StandardCharsets;

/**
 * JA3 and JA3S (Salesforce): decimal fields joined with commas, list values with dashes, GREASE
 * values removed, MD5 of that string.
 *
 * <pre>
 * JA3  = SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats   (ClientHello)
 * JA3S = SSLVersion,Cipher,Extensions                                             (ServerHello)
 * </pre>
 * SSLVersion is the legacy version field of the hello (771 for TLS 1.2 and 1.3).
 */
public final class Ja3 {
    private Ja3() {}

    public static String ja3String(ClientHello ch) {
        var sb = new StringBuilder(256);
        sb.append(ch.legacyVersion()).append(',');
        join(sb, ch.cipherSuites());
        sb.append(',');
        join(sb, ch.extensions());
        sb.append(',');
        join(sb, ch.supportedGroups());
        sb.append(',');
        join(sb, ch.ecPointFormats());
        return sb.toString();
    }

    public static String ja3sString(ServerHello sh) {
        var sb = new StringBuilder(64);
        sb.append(sh.legacyVersion()).append(',').append(sh.cipherSuite()).append(',');
        join(sb, sh.extensions());
        return sb.toString();
    }

    public static String ja3(ClientHello ch) {
        return md5(ja3String(ch));
    }

    public static String ja3s(ServerHello sh) {
        return md5(ja3sString(sh));
    }

    private static void join(StringBuilder sb, int[] values) {
        boolean first = true;
        for (int v : values) {
            if (Grease.is(v)) continue;
            if (!first) sb.append('-');
            sb.append(v);
            first = false;
        }
    }

    static String md5(String s) {
        return Bytes.hex(ThreadDigests.md5().digest(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
