package io.sluice.protocol.dns;

/** Turns wire bytes into the text of a log field: one char per byte, so no byte is lost. */
final class DnsText {
    private DnsText() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Bytes as ISO-8859-1 characters, ASCII uppercase lowered when {@code lower}. */
    static String latin1(byte[] bytes, int length, boolean lower) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if (lower && b >= 'A' && b <= 'Z') b += 32;
            c[i] = (char) b;
        }
        return new String(c);
    }

    static void appendHex(StringBuilder sb, int b) {
        sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
