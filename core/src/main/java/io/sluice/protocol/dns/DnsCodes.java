package io.sluice.protocol.dns;

/**
 * The names Zeek's dns.log gives to DNS numbers (Zeek's {@code base/protocols/dns/consts.zeek}):
 * query types, classes, response codes and opcodes, with Zeek's fallbacks for unknown values
 * ({@code query-N}, {@code qclass-N}, {@code rcode-N}, {@code opcode-N}). Strings are constants
 * except for those fallbacks, so naming a known value never allocates.
 */
final class DnsCodes {
    private DnsCodes() {}

    static final int TYPE_A = 1, TYPE_NS = 2, TYPE_CNAME = 5, TYPE_SOA = 6, TYPE_NULL = 10, TYPE_WKS = 11,
            TYPE_PTR = 12, TYPE_HINFO = 13, TYPE_MX = 15, TYPE_TXT = 16, TYPE_AAAA = 28, TYPE_LOC = 29,
            TYPE_NBS = 32, TYPE_SRV = 33, TYPE_NAPTR = 35, TYPE_A6 = 38, TYPE_OPT = 41, TYPE_DS = 43,
            TYPE_SSHFP = 44, TYPE_RRSIG = 46, TYPE_NSEC = 47, TYPE_DNSKEY = 48, TYPE_NSEC3 = 50,
            TYPE_NSEC3PARAM = 51, TYPE_SVCB = 64, TYPE_HTTPS = 65, TYPE_SPF = 99, TYPE_TSIG = 250,
            TYPE_CAA = 257, TYPE_BINDS = 65534;

    static final int OPCODE_QUERY = 0, OPCODE_NOTIFY = 4, OPCODE_UPDATE = 5;

    /** Zeek tracks standard queries, NOTIFY and dynamic updates; other opcodes produce no dns.log row. */
    static boolean tracked(int opcode) {
        return opcode == OPCODE_QUERY || opcode == OPCODE_NOTIFY || opcode == OPCODE_UPDATE;
    }

    private static final String[] TYPES = new String[258];

    static {
        String[] low = {null, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS", "PTR",
            "HINFO", "MINFO", "MX", "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP-PTR", "SIG", "KEY",
            "PX", "GPOS", "AAAA", "LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6",
            "DNAME", "SINK", "OPT", "APL", "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3",
            "NSEC3PARAM", "TLSA", "SMIMEA", null, "HIP", "NINFO", "RKEY", "TALINK", "CDS", "CDNSKEY",
            "OPENPGPKEY", "CSYNC", "ZONEMD", "SVCB", "HTTPS"};
        System.arraycopy(low, 0, TYPES, 0, low.length);
        String[] spf = {"SPF", "UINFO", "UID", "GID", "UNSPEC", "NID", "L32", "L64", "LP", "EUI48", "EUI64"};
        System.arraycopy(spf, 0, TYPES, 99, spf.length);
        String[] meta = {"TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "*", "URI", "CAA"};
        System.arraycopy(meta, 0, TYPES, 249, meta.length);
    }

    /** Zeek's {@code query_types} table. */
    static String typeName(int type) {
        if (type >= 0 && type < TYPES.length && TYPES[type] != null) return TYPES[type];
        return switch (type) {
            case 32768 -> "TA";
            case 32769 -> "DLV";
            case 65281 -> "WINS";
            case 65282 -> "WINS-R";
            case 65422 -> "XPF";
            case 65521 -> "INTEGRITY";
            default -> "query-" + type;
        };
    }

    /** Zeek's {@code classes} table. */
    static String className(int qclass) {
        return switch (qclass) {
            case 1 -> "C_INTERNET";
            case 2 -> "C_CSNET";
            case 3 -> "C_CHAOS";
            case 4 -> "C_HESIOD";
            case 254 -> "C_NONE";
            case 255 -> "C_ANY";
            default -> "qclass-" + qclass;
        };
    }

    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSet", "NOTAUTH", "NOTZONE", "unassigned-11", "unassigned-12",
        "unassigned-13", "unassigned-14", "unassigned-15", "BADVERS", "BADKEY", "BADTIME", "BADMODE",
        "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};

    /** Zeek's {@code base_errors} table (the header's four rcode bits, so 0..15 in practice). */
    static String rcodeName(int rcode) {
        if (rcode >= 0 && rcode < RCODES.length) return RCODES[rcode];
        return rcode == 3842 ? "BADSIG" : "rcode-" + rcode;
    }

    /** Zeek's {@code opcodes} table, or {@code netbios_opcodes} for NetBIOS name service traffic. */
    static String opcodeName(int opcode, boolean netbios) {
        if (netbios) {
            return switch (opcode) {
                case 0 -> "netbios-query";
                case 5 -> "netbios-registration";
                case 6 -> "netbios-release";
                case 7 -> "netbios-wack";
                case 8 -> "netbios-refresh";
                default -> "netbios-opcode-" + opcode;
            };
        }
        return switch (opcode) {
            case 0 -> "query";
            case 1 -> "iquery";
            case 2 -> "server-status";
            case 4 -> "notify";
            case 5 -> "dynamic-update";
            case 6 -> "dso";
            default -> "opcode-" + opcode;
        };
    }
}
