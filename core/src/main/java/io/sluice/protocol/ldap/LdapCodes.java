package io.sluice.protocol.ldap;

/** Names Zeek's base/protocols/ldap/consts.zeek gives LDAP's codes (RFC 4511 and its extensions). */
final class LdapCodes {
    private LdapCodes() {}

    static final int BIND_REQUEST = 0, BIND_RESPONSE = 1, UNBIND_REQUEST = 2, SEARCH_REQUEST = 3,
            SEARCH_RESULT_ENTRY = 4, SEARCH_RESULT_DONE = 5, MODIFY_REQUEST = 6, MODIFY_RESPONSE = 7,
            ADD_REQUEST = 8, ADD_RESPONSE = 9, DEL_REQUEST = 10, DEL_RESPONSE = 11, MOD_DN_REQUEST = 12,
            MOD_DN_RESPONSE = 13, COMPARE_REQUEST = 14, COMPARE_RESPONSE = 15, ABANDON_REQUEST = 16,
            SEARCH_RESULT_REFERENCE = 19, EXTENDED_REQUEST = 23, EXTENDED_RESPONSE = 24, INTERMEDIATE_RESPONSE = 25;

    static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";

    private static final String[] OPCODES = new String[26];
    private static final String[] RESULTS = new String[124];

    static {
        String[][] ops = {
            {"0", "bind"}, {"1", "bind"}, {"2", "unbind"}, {"3", "search"}, {"4", "search"}, {"5", "search"},
            {"6", "modify"}, {"7", "modify"}, {"8", "add"}, {"9", "add"}, {"10", "delete"}, {"11", "delete"},
            {"12", "modify"}, {"13", "modify"}, {"14", "compare"}, {"15", "compare"}, {"16", "abandon"},
            {"19", "search"}, {"23", "extended"}, {"24", "extended"}, {"25", "intermediate"},
        };
        for (String[] o : ops) OPCODES[Integer.parseInt(o[0])] = o[1];
        String[][] res = {
            {"0", "success"}, {"1", "operations error"}, {"2", "protocol error"}, {"3", "time limit exceeded"},
            {"4", "size limit exceeded"}, {"5", "compare false"}, {"6", "compare true"},
            {"7", "auth method not supported"}, {"8", "stronger auth required"}, {"9", "partial results"},
            {"10", "referral"}, {"11", "admin limit exceeded"}, {"12", "unavailable critical extension"},
            {"13", "confidentiality required"}, {"14", "SASL bind in progress"}, {"16", "no such attribute"},
            {"17", "undefined attribute type"}, {"18", "inappropriate matching"}, {"19", "constraint violation"},
            {"20", "attribute or value exists"}, {"21", "invalid attribute syntax"}, {"32", "no such object"},
            {"33", "alias problem"}, {"34", "invalid DN syntax"}, {"36", "alias dereferencing problem"},
            {"48", "inappropriate authentication"}, {"49", "invalid credentials"},
            {"50", "insufficient access rights"}, {"51", "busy"}, {"52", "unavailable"},
            {"53", "unwilling to perform"}, {"54", "loop detect"}, {"60", "sort control missing"},
            {"61", "offset range error"}, {"64", "naming violation"}, {"65", "object class violation"},
            {"66", "not allowed on non-leaf"}, {"67", "not allowed on RDN"}, {"68", "entry already exists"},
            {"69", "object class mods prohibited"}, {"70", "results too large"}, {"71", "affects multiple DSAs"},
            {"76", "control error"}, {"80", "other"}, {"81", "server down"}, {"82", "local error"},
            {"83", "encoding error"}, {"84", "decoding error"}, {"85", "timeout"}, {"86", "auth unknown"},
            {"87", "filter error"}, {"88", "user canceled"}, {"89", "param error"}, {"90", "no memory"},
            {"91", "connect error"}, {"92", "not supported"}, {"93", "control not found"},
            {"94", "no results returned"}, {"95", "more results to return"}, {"96", "client loop"},
            {"97", "referral limit exceeded"}, {"100", "invalid response"}, {"101", "ambiguous response"},
            {"112", "TLS not supported"}, {"113", "intermediate response"}, {"114", "unknown type"},
            {"115", "LCUP invalid data"}, {"116", "LCUP unsupported scheme"}, {"117", "LCUP reload required"},
            {"118", "canceled"}, {"119", "no such operation"}, {"120", "too late"}, {"121", "cannot cancel"},
            {"122", "assertion failed"}, {"123", "authorization denied"},
        };
        for (String[] r : res) RESULTS[Integer.parseInt(r[0])] = r[1];
    }

    static boolean knownOpcode(int op) {
        return op >= 0 && op < OPCODES.length && OPCODES[op] != null;
    }

    /** Zeek's PROTOCOL_OPCODES, "unknown" for others. */
    static String opcode(int op) {
        return knownOpcode(op) ? OPCODES[op] : "unknown";
    }

    /** Zeek's RESULT_CODES, "unknown" for others. */
    static String result(long code) {
        return code >= 0 && code < RESULTS.length && RESULTS[(int) code] != null ? RESULTS[(int) code] : "unknown";
    }

    static String scope(long s) {
        return s == 0 ? "base" : s == 1 ? "single" : s == 2 ? "tree" : "unknown";
    }

    static String deref(long d) {
        return d == 0 ? "never" : d == 1 ? "searching" : d == 2 ? "finding" : d == 3 ? "always" : "unknown";
    }

    /** Zeek's EXTENDED_REQUESTS. */
    static String extendedRequest(String oid) {
        return switch (oid) {
            case START_TLS_OID -> "StartTLS";
            case "1.3.6.1.4.1.4203.1.11.3" -> "whoami";
            default -> "unknown";
        };
    }
}
