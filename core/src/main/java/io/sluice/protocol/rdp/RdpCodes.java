package io.sluice.protocol.rdp;

import java.util.Map;

/**
 * Names for RDP's codes as Zeek's base/protocols/rdp/consts.zeek writes them ([MS-RDPBCGR]),
 * unknown values as Zeek formats them ("security_protocol-N", "keyboard-N", ...).
 */
final class RdpCodes {
    private RdpCodes() {}

    static String securityProtocol(long p) {
        return p == 0 ? "RDP" : p == 1 ? "SSL" : p == 2 ? "HYBRID" : p == 8 ? "HYBRID_EX" : "security_protocol-" + p;
    }

    /** The flags of RDP_NEG_REQ's requestedProtocols, as the names above (0: standard RDP security only). */
    static java.util.List<String> requestedProtocols(long flags) {
        var out = new java.util.ArrayList<String>();
        if (flags == 0) out.add("RDP");
        if ((flags & 1) != 0) out.add("SSL");
        if ((flags & 2) != 0) out.add("HYBRID");
        if ((flags & 4) != 0) out.add("RDSTLS");
        if ((flags & 8) != 0) out.add("HYBRID_EX");
        if ((flags & 0x10) != 0) out.add("RDSAAD");
        return out;
    }

    static String failureCode(long c) {
        return switch ((int) c) {
            case 1 -> "SSL_REQUIRED_BY_SERVER";
            case 2 -> "SSL_NOT_ALLOWED_BY_SERVER";
            case 3 -> "SSL_CERT_NOT_ON_SERVER";
            case 4 -> "INCONSISTENT_FLAGS";
            case 5 -> "HYBRID_REQUIRED_BY_SERVER";
            case 6 -> "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER";
            default -> "failure_code-" + c;
        };
    }

    static String certType(long t) {
        return t == 1 ? "RSA" : t == 2 ? "X.509" : "cert_type-" + t;
    }

    static String encryptionMethod(long m) {
        return switch ((int) m) {
            case 0 -> "None";
            case 1 -> "40bit";
            case 2 -> "128bit";
            case 8 -> "56bit";
            case 10 -> "FIPS";
            default -> "encryption_method-" + m;
        };
    }

    static String encryptionLevel(long l) {
        return switch ((int) l) {
            case 0 -> "None";
            case 1 -> "Low";
            case 2 -> "Client compatible";
            case 3 -> "High";
            case 4 -> "FIPS";
            default -> "encryption_level-" + l;
        };
    }

    static String highColorDepth(int d) {
        return switch (d) {
            case 4 -> "4bit";
            case 8 -> "8bit";
            case 0x0f -> "15bit";
            case 0x10 -> "16bit";
            case 0x18 -> "24bit";
            default -> "high_color_depth-" + d;
        };
    }

    static String gccResult(int r) {
        return switch (r) {
            case 0 -> "Success";
            case 1 -> "User rejected";
            case 2 -> "Resources not available";
            case 3 -> "Rejected for symmetry breaking";
            case 4 -> "Locked conference";
            default -> "result-" + r;
        };
    }

    static String build(long b) {
        return switch ((int) b) {
            case 419 -> "RDP 4.0";
            case 2195, 2221 -> "RDP 5.0";
            case 2600 -> "RDP 5.1";
            case 3790 -> "RDP 5.2";
            case 6000 -> "RDP 6.0";
            case 6001 -> "RDP 6.1";
            case 6002 -> "RDP 6.2";
            case 7600 -> "RDP 7.0";
            case 7601 -> "RDP 7.1";
            case 9200 -> "RDP 8.0";
            case 9600 -> "RDP 8.1";
            case 25189, 25282 -> "RDP 8.0 (Mac)";
            default -> "client_build-" + b;
        };
    }

    /**
     * Keyboard layouts (Windows input locale ids). Only the common ones are named here; Zeek's table
     * has about 300 entries, the others print as Zeek prints unknown ones ("keyboard-N").
     */
    private static final Map<Long, String> LANGUAGES = Map.ofEntries(
            Map.entry(1033L, "English - United States"), Map.entry(2057L, "English - United Kingdom"),
            Map.entry(4105L, "English - Canada"), Map.entry(3081L, "English - Australia"),
            Map.entry(1031L, "German - Germany"), Map.entry(2055L, "German - Switzerland"),
            Map.entry(3079L, "German - Austria"), Map.entry(1036L, "French - France"),
            Map.entry(3084L, "French - Canada"), Map.entry(2060L, "French - Belgium"),
            Map.entry(4108L, "French - Switzerland"), Map.entry(1040L, "Italian - Italy"),
            Map.entry(3082L, "Spanish - Spain (Modern Sort)"), Map.entry(1034L, "Spanish - Spain (Traditional Sort)"),
            Map.entry(2058L, "Spanish - Mexico"), Map.entry(1043L, "Dutch - Netherlands"),
            Map.entry(2067L, "Dutch - Belgium"), Map.entry(1046L, "Portuguese - Brazil"),
            Map.entry(2070L, "Portuguese - Portugal"), Map.entry(1049L, "Russian"), Map.entry(1058L, "Ukrainian"),
            Map.entry(1045L, "Polish"), Map.entry(1029L, "Czech"), Map.entry(1038L, "Hungarian"),
            Map.entry(1053L, "Swedish"), Map.entry(1030L, "Danish"), Map.entry(1044L, "Norwegian (Bokmal)"),
            Map.entry(1035L, "Finnish"), Map.entry(1041L, "Japanese"), Map.entry(1042L, "Korean"),
            Map.entry(2052L, "Chinese - People's Republic of China"), Map.entry(1028L, "Chinese - Taiwan"),
            Map.entry(1055L, "Turkish"), Map.entry(1037L, "Hebrew"), Map.entry(1025L, "Arabic - Saudi Arabia"),
            Map.entry(1065L, "Farsi"), Map.entry(1032L, "Greek"), Map.entry(1048L, "Romanian"),
            Map.entry(1026L, "Bulgarian"), Map.entry(1050L, "Croatian"), Map.entry(1051L, "Slovak"),
            Map.entry(1060L, "Slovenian"), Map.entry(1081L, "Hindi"), Map.entry(1054L, "Thai"),
            Map.entry(1066L, "Vietnamese"), Map.entry(1057L, "Indonesian"),
            Map.entry(66569L, "English - United States (Dvorak)"),
            Map.entry(132105L, "English - United States (International)"));

    /** Zeek's rule: the exact id, else its low 16 bits as a best guess, else "keyboard-N". */
    static String keyboardLayout(long id) {
        String exact = LANGUAGES.get(id);
        if (exact != null) return exact;
        String low = LANGUAGES.get(id & 0xffff);
        if (low != null) return low + " (Best Guess for " + id + ")";
        return "keyboard-" + id;
    }
}
