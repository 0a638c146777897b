package io.sluice.protocol.tls.x509;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An X.501 Name rendered the way Zeek shows it: OpenSSL's {@code X509_NAME_print_ex} with
 * {@code XN_FLAG_RFC2253}. That is the RDNs in reverse order, joined by "," (attributes of one
 * multi-valued RDN by "+"), short attribute names, values converted to UTF-8 with RFC 2253
 * backslash escapes, control characters and every non-ASCII byte as {@code \XX}, and values of
 * non-string types as {@code #} followed by the hex of their DER encoding.
 *
 * @param text the rendered name
 * @param attributeOids hex of each attribute type OID in wire order (JA4X)
 * @param commonNames values of the CN attributes in wire order
 */
record DistinguishedName(String text, List<String> attributeOids, List<String> commonNames) {

    /** Parses the Name whose SEQUENCE is the TLV {@code name} read last. */
    static DistinguishedName parse(Der name) {
        var oids = new ArrayList<String>();
        var cns = new ArrayList<String>();
        var rendered = new ArrayList<String>();
        var setIndex = new ArrayList<Integer>();
        Der rdns = name.inside();
        int set = 0;
        while (rdns.hasMore()) {
            rdns.expect(Der.SET);
            Der atvs = rdns.inside();
            while (atvs.hasMore()) {
                atvs.expect(Der.SEQUENCE);
                Der atv = atvs.inside();
                atv.expect(Der.OID);
                String oid = atv.oid();
                oids.add(atv.valueHex());
                atv.next();
                String value = value(atv);
                String plain = oid.equals(Oids.COMMON_NAME) ? plain(atv) : null;
                if (plain != null) cns.add(plain);
                rendered.add(Oids.attribute(oid) + "=" + value);
                setIndex.add(set);
            }
            set++;
        }
        var sb = new StringBuilder();
        for (int i = rendered.size() - 1; i >= 0; i--) {
            if (i < rendered.size() - 1) sb.append(setIndex.get(i).equals(setIndex.get(i + 1)) ? '+' : ',');
            sb.append(rendered.get(i));
        }
        return new DistinguishedName(sb.toString(), List.copyOf(oids), List.copyOf(cns));
    }

    /** Bytes per character of a string type as OpenSSL reads it; -1 for types it dumps as DER. */
    private static int width(int tag) {
        return switch (tag) {
            case 12 -> 0; // UTF8String
            case 18, 19, 20, 22, 23, 24, 26 -> 1; // Numeric, Printable, T61, IA5, UTCTime, GeneralizedTime, Visible
            case 28 -> 4; // UniversalString
            case 30 -> 2; // BMPString
            default -> -1;
        };
    }

    private static String value(Der v) {
        int w = width(v.tag);
        if (w < 0) return "#" + Der.hex(v.b, v.start, v.vEnd, true);
        int[] cps = codePoints(v, w);
        var sb = new StringBuilder(cps.length + 8);
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c > 0x7f) {
                byte[] utf8 = new String(Character.toChars(c))
                        .getBytes(StandardCharsets.UTF_8);
                for (byte x : utf8) hexEscape(sb, x & 0xff);
            } else if (c < 0x20 || c == 0x7f) {
                hexEscape(sb, c);
            } else if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';'
                    || (i == 0 && (c == ' ' || c == '#')) || (i == cps.length - 1 && c == ' ')) {
                sb.append('\\').append((char) c);
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** The value as plain text (for host name matching), or null for non-string types. */
    private static String plain(Der v) {
        int w = width(v.tag);
        if (w < 0) return null;
        int[] cps = codePoints(v, w);
        return new String(cps, 0, cps.length);
    }

    private static int[] codePoints(Der v, int width) {
        int len = v.valueLength();
        if (width == 0) {
            String s = new String(v.b, v.vStart, len, StandardCharsets.UTF_8);
            return s.codePoints().toArray();
        }
        int[] out = new int[len / width];
        for (int i = 0; i < out.length; i++) {
            int c = 0;
            for (int k = 0; k < width; k++) c = (c << 8) | (v.b[v.vStart + i * width + k] & 0xff);
            out[i] = c < 0 || c > Character.MAX_CODE_POINT ? 0xfffd : c;
        }
        return out;
    }

    private static void hexEscape(StringBuilder sb, int x) {
        sb.append('\\').append(Character.toUpperCase(Character.forDigit(x >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
    }
}
