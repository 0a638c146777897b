package io.sluice.protocol.dns;

import java.nio.charset.StandardCharsets;

/** Turns wire bytes into the text of a log field: one char per byte, so no byte is lost. */
final class DnsText {
    private DnsText() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Bytes as ISO-8859-1 characters (one copy, into the String), ASCII uppercase lowered when {@code lower}. */
    static String latin1(byte[] bytes, int length, boolean lower) {
        if (lower) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b >= 'A' && b <= 'Z') return lowered(bytes, length);
            }
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static String lowered(byte[] bytes, int length) {
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            copy[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }
        return new String(copy, StandardCharsets.ISO_8859_1);
    }

    static void appendHex(StringBuilder sb, int b) {
        sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
