package io.sluice.protocol.ldap;

import io.sluice.protocol.asn1.BerReader;
import java.nio.charset.StandardCharsets;

/**
 * Renders an LDAP search filter (RFC 4511 4.5.1) as text the way Zeek's LDAP analyzer does
 * (ldap.spicy, {@code string_representation}): RFC 4515 notation, except that AND and OR with more
 * than two members nest to the left ({@code (&(&(a=1)(b=2))(c=3))}, as Wireshark shows them),
 * extensible matches print as {@code (type:rule:=value)}, and the CLDAP attributes DomainGuid,
 * objectSid, AAC, DomainSid and NtVer print their binary values decoded. A filter that does not
 * parse is {@code FILTER_PARSING_ERROR}, as in Zeek.
 */
final class LdapFilter {
    static final String PARSING_ERROR = "FILTER_PARSING_ERROR";
    /** Longest rendering kept; deeper or longer filters are cut (a bound on hostile input). */
    static final int MAX_LENGTH = 4096;

    private LdapFilter() {}

    /** The filter whose header {@code r} has just read; {@code r} stays at the same level. */
    static String render(BerReader r) {
        var sb = new StringBuilder();
        int depth = r.depth();
        boolean ok = append(r, sb);
        r.exitTo(depth);
        if (!ok || r.malformed()) return PARSING_ERROR;
        return sb.length() > MAX_LENGTH ? sb.substring(0, MAX_LENGTH) : sb.toString();
    }

    private static boolean append(BerReader r, StringBuilder sb) {
        if (sb.length() > MAX_LENGTH) return true;
        int tag = r.tag();
        switch (tag) {
            case 0xa0, 0xa1 -> {
                char op = tag == 0xa0 ? '&' : '|';
                if (!r.enter()) return false;
                // left-nested: (&f0f1) then (& (&f0f1) f2 ) ...
                int start = sb.length();
                int i = 0;
                while (r.next()) {
                    if (i == 0) {
                        sb.append('(').append(op);
                        if (!append(r, sb)) return false;
                    } else if (i == 1) {
                        if (!append(r, sb)) return false;
                        sb.append(')');
                    } else {
                        sb.insert(start, "(" + op);
                        if (!append(r, sb)) return false;
                        sb.append(')');
                    }
                    i++;
                }
                if (i == 1) sb.append(')');
                r.exit();
                return !r.malformed();
            }
            case 0xa2 -> {
                if (!r.enter() || !r.next()) return false;
                sb.append("(!");
                if (!append(r, sb)) return false;
                sb.append(')');
                r.exit();
                return true;
            }
            case 0xa3, 0xa5, 0xa6, 0xa8 -> {
                if (!r.enter()) return false;
                String attr = nextText(r);
                if (attr == null || !r.next()) return false;
                String value = decodeValue(attr, r);
                r.exit();
                String op = tag == 0xa3 ? "=" : tag == 0xa5 ? ">=" : tag == 0xa6 ? "<=" : "~=";
                sb.append('(').append(attr).append(op).append(value).append(')');
                return true;
            }
            case 0xa4 -> {
                if (!r.enter()) return false;
                String attr = nextText(r);
                if (attr == null || !r.expect(BerReader.SEQUENCE) || !r.enter()) return false;
                String initial = "", fin = "";
                var anys = new StringBuilder();
                while (r.next()) {
                    switch (r.tag()) {
                        case 0x80 -> initial = r.text();
                        case 0x81 -> anys.append(r.text()).append('*');
                        case 0x82 -> fin = r.text();
                        default -> {
                            return false;
                        }
                    }
                }
                r.exit();
                r.exit();
                sb.append('(').append(attr).append('=').append(initial).append('*').append(anys).append(fin).append(')');
                return !r.malformed();
            }
            case 0x87 -> {
                sb.append('(').append(new String(r.bytes(), r.valueStart(), r.valueLength(), StandardCharsets.US_ASCII))
                        .append("=*)");
                return true;
            }
            case 0xa9 -> {
                // read positionally as Zeek does: usually [1] matchingRule, [2] type, [3] matchValue
                if (!r.enter()) return false;
                String first = r.next() ? r.text() : "";
                String second = r.next() ? r.text() : "";
                String third = r.next() ? r.text() : "";
                r.exit();
                sb.append('(').append(second).append(':').append(first).append(":=").append(third).append(')');
                return !r.malformed();
            }
            default -> {
                return false;
            }
        }
    }

    private static String nextText(BerReader r) {
        return r.next() ? r.text() : null;
    }

    /** The assertion value read last, decoded for the CLDAP attributes Zeek decodes. */
    private static String decodeValue(String attr, BerReader r) {
        byte[] b = r.bytes();
        int p = r.valueStart(), n = r.valueLength();
        switch (attr) {
            case "DomainGuid" -> {
                if (n != 16) return "GUID_FORMAT_FAILED";
                var sb = new StringBuilder(36);
                int[] order = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
                for (int i : order) {
                    if (i < 0) sb.append('-'); else hex(sb, b[p + i]);
                }
                return sb.toString();
            }
            case "objectSid", "AAC" -> {
                var sb = new StringBuilder(n * 3);
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(':');
                    hex(sb, b[p + i]);
                }
                return sb.toString();
            }
            case "DomainSid" -> {
                if (n != 24) return "SID_FORMAT_FAILED";
                var sb = new StringBuilder("S-");
                sb.append(b[p] & 0xff).append('-');
                long authority = 0;
                for (int i = 2; i < 8; i++) authority = (authority << 8) | (b[p + i] & 0xff);
                sb.append(authority);
                for (int k = 8; k < 24; k += 4) {
                    long v = (b[p + k] & 0xffL) | (b[p + k + 1] & 0xffL) << 8 | (b[p + k + 2] & 0xffL) << 16
                            | (b[p + k + 3] & 0xffL) << 24;
                    sb.append('-').append(v);
                }
                return sb.toString();
            }
            case "NtVer" -> {
                if (n != 4) return "HEX_FORMAT_FAILED";
                var sb = new StringBuilder("0x");
                for (int i = 3; i >= 0; i--) hex(sb, b[p + i]);
                return sb.toString();
            }
            default -> {
                return r.text();
            }
        }
    }

    private static void hex(StringBuilder sb, byte v) {
        sb.append(Character.forDigit((v >> 4) & 0xf, 16)).append(Character.forDigit(v & 0xf, 16));
    }
}
