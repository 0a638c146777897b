package io.sluice.protocol.dns;

/**
 * Decodes the first-level encoding of a NetBIOS name (RFC 1001 section 14.1: each byte as two
 * letters 'A'..'P'), as Zeek's {@code decode_netbios_name} does for dns.log rows on port 137:
 * the 15 name bytes, trailing spaces and NULs removed, the 16th byte (the name type) dropped.
 *
 * <p>Hook for issue 4: the NBNS dissector will reuse this, and the name type
 * ({@link #nameType}) for its own log.
 */
final class NetbiosName {
    private NetbiosName() {}

    /** The decoded name, or the empty string when the bytes are not an encoded NetBIOS name. */
    static String decode(byte[] encoded, int length) {
        if (length != 32) return "";
        char[] name = new char[15];
        int n = 0;
        for (int i = 0; i < 15; i++) {
            int b = pair(encoded, 2 * i);
            if (b < 0) return "";
            name[i] = (char) b;
        }
        if (pair(encoded, 30) < 0) return "";
        n = 15;
        while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == 0)) n--;
        return new String(name, 0, n);
    }

    /** The 16th byte (the NetBIOS suffix, e.g. 0x20 for the file server service), or 256 if invalid. */
    static int nameType(byte[] encoded, int length) {
        if (length != 32) return 256;
        int b = pair(encoded, 30);
        return b < 0 ? 256 : b;
    }

    /** The suffix as NetBIOS tools write it: "<1C>". */
    static String suffixText(int type) {
        return "<" + Character.toUpperCase(Character.forDigit(type >> 4, 16)) + Character.toUpperCase(Character.forDigit(type & 0xf, 16)) + ">";
    }

    /**
     * What a name type usually means (Microsoft's list of NetBIOS suffixes). The suffix alone is
     * ambiguous for 0x1C/0x1D/0x1E (group versus unique names share numbers with other uses); the
     * common meaning is given.
     */
    static String typeName(int type) {
        return switch (type) {
            case 0x00 -> "workstation";
            case 0x01 -> "messenger_or_master_browser";
            case 0x03 -> "messenger";
            case 0x06 -> "ras_server";
            case 0x1B -> "domain_master_browser";
            case 0x1C -> "domain_controllers";
            case 0x1D -> "master_browser";
            case 0x1E -> "browser_election";
            case 0x1F -> "netdde";
            case 0x20 -> "file_server";
            case 0x21 -> "ras_client";
            case 0x22 -> "exchange_interchange";
            case 0x23 -> "exchange_store";
            case 0x24 -> "exchange_directory";
            case 0x87 -> "exchange_mta";
            case 0x6A -> "exchange_imc";
            case 0xBE -> "network_monitor_agent";
            case 0xBF -> "network_monitor_application";
            default -> "unknown";
        };
    }

    private static int pair(byte[] encoded, int at) {
        int hi = letter(encoded[at]);
        int lo = letter(encoded[at + 1]);
        return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
    }

    private static int letter(byte b) {
        int c = b & 0xff;
        if (c >= 'a' && c <= 'p') return c - 'a';
        if (c >= 'A' && c <= 'P') return c - 'A';
        return -1;
    }
}
