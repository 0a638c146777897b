package io.sluice.packet;

import java.nio.charset.StandardCharsets;

/** MAC addresses as Sluice stores them: the 48 bits in the low bits of a long. */
public final class MacAddress {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private MacAddress() {}

    /** Lowercase colon-separated, as Zeek writes MACs ("00:1b:21:3a:4f:02"). */
    public static String format(long mac) {
        byte[] b = new byte[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (mac >>> (40 - 8 * i)) & 0xff;
            b[3 * i] = HEX[octet >>> 4];
            b[3 * i + 1] = HEX[octet & 0xf];
            if (i < 5) b[3 * i + 2] = ':';
        }
        return new String(b, 0, 17, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses "00:1b:21:3a:4f:02" (or with '-').
     *
     * @throws IllegalArgumentException when the text is not six hex pairs
     */
    public static long parse(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2 && p.length() != 1) {
                throw new IllegalArgumentException("not a MAC address: \"" + text + "\"");
            }
            try {
                v = (v << 8) | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: \"" + text + "\"", e);
            }
        }
        return v;
    }
}
