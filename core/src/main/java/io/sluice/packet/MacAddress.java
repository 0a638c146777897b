package io.sluice.packet;

/** MAC addresses as Sluice stores them: the 48 bits in the low bits of a long. */
public final class MacAddress {
    private MacAddress() {}

    /** Lowercase colon-separated, as Zeek writes MACs ("00:1b:21:3a:4f:02"). */
    public static String format(long mac) {
        var sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
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
