package io.sluice.protocol.dns;

import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;

/**
 * Checks the rdata of one resource record and renders it the way Zeek's dns.log shows it in
 * {@code answers} (Zeek's {@code DNS.cc} parsers plus the {@code dns_*_reply} handlers of
 * {@code base/protocols/dns/main.zeek}):
 *
 * <ul>
 *   <li>A, AAAA, A6: the address; NS, CNAME, PTR: the name; MX: the exchange; SRV: the target;
 *       SOA: the primary name server (mname);
 *   <li>TXT and SPF: {@code "TXT <len> <string>"} per character-string, joined by a space;
 *   <li>RRSIG: {@code "RRSIG <type covered> <signer>"} ({@code <Root>} for the root); DNSKEY:
 *       {@code "DNSKEY <algorithm>"}; DS: {@code "DS <algorithm> <digest type>"}; NSEC:
 *       {@code "NSEC <owner> <next>"}; NSEC3 and NSEC3PARAM: the type name; SSHFP:
 *       {@code "SSHFP: <hex fingerprint>"}; LOC: {@code "LOC:  <size> <horiz> <vert>"}; NAPTR:
 *       {@code "NAPTR <order> <preference> <flags> <service> <regexp> <replacement>"}; BIND9's
 *       private type 65534: {@code "BIND9 signing signal"};
 *   <li>WKS: nothing appended, but the record still counts as a reply (rtt, AA, RA);
 *   <li>HINFO, CAA, SVCB, HTTPS, OPT, TSIG and NetBIOS NB/NBSTAT: no reply at all, because
 *       Zeek's base scripts handle none of their events;
 *   <li>any other type: {@code "<unknown type=N>"} and a {@code DNS_RR_unknown_type} weird.
 * </ul>
 *
 * <p>Each decoder returns false where Zeek's parser returns false, which ends the message's
 * record parsing. Unlike Zeek, fixed-size fields are bounded by the rdata length rather than by
 * the rest of the message, so a short rdata never reads into the next record.
 */
final class DnsRdata {
    private DnsRdata() {}

    /**
     * Decodes the rdata of {@code r} (whose type, class, ttl and rdata window are set), sets
     * {@code r.reply} and, when {@code render}, {@code r.text}. Returns false to stop parsing the
     * message.
     */
    static boolean decode(DnsRecord r, boolean render, boolean netbios, DnsNameReader names, StringBuilder sb,
            DnsNameReader.Weirds weirds) {
        r.reply = false;
        r.text = null;
        ByteBuffer buf = r.buffer;
        int base = r.base;
        int p = r.rdataOffset;
        int rdlen = r.rdataLength;
        int end = p + rdlen;
        sb.setLength(0);
        switch (r.type) {
            case DnsCodes.TYPE_A -> {
                if (rdlen != 4) {
                    weirds.weird("DNS_RR_bad_length", null);
                    return false;
                }
                if (render) r.text = IpAddress.formatV4((int) DnsHeader.u32(buf, base + p));
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_AAAA, DnsCodes.TYPE_A6 -> {
                if (rdlen < 16) {
                    weirds.weird(r.type == DnsCodes.TYPE_AAAA ? "DNS_AAAA_neg_length" : "DNS_A6_neg_length", null);
                    return false;
                }
                if (render) r.text = IpAddress.format(u64(buf, base + p), u64(buf, base + p + 8));
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_NS, DnsCodes.TYPE_CNAME, DnsCodes.TYPE_PTR -> {
                int after = readName(r, p, names, weirds);
                lengthCheck(after, end, weirds);
                if (render) r.text = lowered(names);
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_SOA -> {
                int after = readName(r, p, names, weirds);
                String mname = render ? lowered(names) : null;
                after = readName(r, after, names, weirds);
                if (end - after < 20) return false;
                lengthCheck(after + 20, end, weirds);
                r.text = mname;
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_MX -> {
                int after = readName(r, p + 2, names, weirds);
                lengthCheck(after, end, weirds);
                if (render) r.text = lowered(names);
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_SRV -> {
                if (netbios) return true; // NBSTAT reuses the SRV number; Zeek does not parse it
                if (rdlen < 6) {
                    weirds.weird("DNS_RR_length_mismatch", null);
                    return true;
                }
                int after = readName(r, p + 6, names, weirds);
                lengthCheck(after, end, weirds);
                if (render) r.text = lowered(names);
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_WKS -> {
                r.reply = true;
                if (render) r.text = "";
                return true;
            }
            case DnsCodes.TYPE_TXT, DnsCodes.TYPE_SPF -> {
                return characterStrings(r, render, r.type == DnsCodes.TYPE_TXT ? "TXT " : "SPF ", sb, weirds);
            }
            case DnsCodes.TYPE_HINFO, DnsCodes.TYPE_CAA, DnsCodes.TYPE_NBS, DnsCodes.TYPE_TSIG -> {
                return true;
            }
            case DnsCodes.TYPE_OPT -> {
                return ednsOptions(buf, base, p, end, weirds);
            }
            case DnsCodes.TYPE_SVCB, DnsCodes.TYPE_HTTPS -> {
                if (rdlen < 3) {
                    weirds.weird("DNS_SVBC_wrong_length", null);
                    return false;
                }
                return true;
            }
            default -> {
                return decodeRare(r, render, names, sb, weirds);
            }
        }
    }

    /**
     * The DNSSEC types, LOC, NAPTR, SSHFP, BIND9's signal and unknown types: apart from
     * {@link #decode}, which the common types keep small enough for the JIT to compile cheaply.
     */
    private static boolean decodeRare(DnsRecord r, boolean render, DnsNameReader names, StringBuilder sb,
            DnsNameReader.Weirds weirds) {
        ByteBuffer buf = r.buffer;
        int base = r.base;
        int p = r.rdataOffset;
        int rdlen = r.rdataLength;
        int end = p + rdlen;
        switch (r.type) {
            case DnsCodes.TYPE_RRSIG -> {
                if (rdlen < 18) return false;
                int typeCovered = DnsHeader.u16(buf, base + p);
                int algorithm = buf.get(base + p + 2) & 0xff;
                readName(r, p + 18, names, weirds);
                algorithmWeird("DNSSEC_RRSIG_", algorithm, weirds);
                if (render) {
                    sb.append("RRSIG ").append(typeCovered).append(' ');
                    if (names.length() == 0) sb.append("<Root>"); else sb.append(lowered(names));
                    r.text = sb.toString();
                }
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_DNSKEY -> {
                if (rdlen < 4) return false;
                int flags = DnsHeader.u16(buf, base + p);
                int protocol = buf.get(base + p + 2) & 0xff;
                int algorithm = buf.get(base + p + 3) & 0xff;
                if ((flags & 0xfe7e) != 0) weirds.weird("DNSSEC_DNSKEY_Invalid_Flag", Integer.toString(flags));
                if ((flags & 0x0181) == 0x0181) weirds.weird("DNSSEC_DNSKEY_Revoked_KSK", Integer.toString(flags));
                if (protocol != 3) weirds.weird("DNSSEC_DNSKEY_Invalid_Protocol", Integer.toString(protocol));
                algorithmWeird("DNSSEC_DNSKEY_", algorithm, weirds);
                if (render) r.text = "DNSKEY " + algorithm;
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_DS -> {
                if (rdlen < 4) return false;
                int algorithm = buf.get(base + p + 2) & 0xff;
                int digestType = buf.get(base + p + 3) & 0xff;
                if (digestType == 0) {
                    weirds.weird("DNSSEC_DS_ReservedDigestType", Integer.toString(digestType));
                } else if (digestType > 4) {
                    weirds.weird("DNSSEC_DS_unknown_DigestType", Integer.toString(digestType));
                }
                if (render) r.text = "DS " + algorithm + " " + digestType;
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_NSEC -> {
                int after = readName(r, p, names, weirds);
                typeBitmaps(buf, base, after, end, "DNSSEC_NSEC_bitmapLen0", weirds);
                if (render) r.text = "NSEC " + r.ownerName() + " " + lowered(names);
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_NSEC3 -> {
                if (rdlen < 6) return false;
                int q = p + 4;
                int saltLen = buf.get(base + q) & 0xff;
                q += 1 + saltLen;
                if (q < end) {
                    int hashLen = buf.get(base + q) & 0xff;
                    q += 1 + hashLen;
                }
                typeBitmaps(buf, base, q, end, "DNSSEC_NSEC3_bitmapLen0", weirds);
                if (render) r.text = "NSEC3";
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_NSEC3PARAM -> {
                if (rdlen < 5) return false;
                if (render) r.text = "NSEC3PARAM";
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_BINDS -> {
                if (rdlen < 5) return false;
                if (render) r.text = "BIND9 signing signal";
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_SSHFP -> {
                if (rdlen < 2) return false;
                if (render) {
                    sb.append("SSHFP: ");
                    for (int i = p + 2; i < end; i++) DnsText.appendHex(sb, buf.get(base + i));
                    r.text = sb.toString();
                }
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_LOC -> {
                if (rdlen < 16) return false;
                int version = buf.get(base + p) & 0xff;
                if (version != 0) weirds.weird("DNS_LOC_version_unrecognized", Integer.toString(version));
                if (render) {
                    sb.append("LOC:  ").append(buf.get(base + p + 1) & 0xff).append(' ')
                            .append(buf.get(base + p + 2) & 0xff).append(' ').append(buf.get(base + p + 3) & 0xff);
                    r.text = sb.toString();
                }
                r.reply = true;
                return true;
            }
            case DnsCodes.TYPE_NAPTR -> {
                return naptr(r, render, names, sb, weirds);
            }
            default -> {
                weirds.weird("DNS_RR_unknown_type", Integer.toString(r.type));
                if (render) r.text = "<unknown type=" + r.type + ">";
                r.reply = true;
                return true;
            }
        }
    }

    /** Big-endian regardless of the buffer's byte order, which belongs to the caller. */
    private static long u64(ByteBuffer buf, int at) {
        return (DnsHeader.u32(buf, at) << 32) | DnsHeader.u32(buf, at + 4);
    }

    private static int readName(DnsRecord r, int at, DnsNameReader names, DnsNameReader.Weirds weirds) {
        return names.read(r.buffer, r.base, r.messageLength, at, false, weirds);
    }

    private static String lowered(DnsNameReader names) {
        return DnsText.latin1(names.bytes(), names.length(), true);
    }

    private static void lengthCheck(int consumedTo, int end, DnsNameReader.Weirds weirds) {
        if (consumedTo != end) weirds.weird("DNS_RR_length_mismatch", null);
    }

    /** TXT and SPF: character-strings up to the rdata end; Zeek stops at one that overruns it. */
    private static boolean characterStrings(DnsRecord r, boolean render, String prefix, StringBuilder sb,
            DnsNameReader.Weirds weirds) {
        ByteBuffer buf = r.buffer;
        int p = r.rdataOffset;
        int end = p + r.rdataLength;
        boolean ok = true;
        boolean first = true;
        while (p < end) {
            int size = buf.get(r.base + p) & 0xff;
            p++;
            if (size > end - p) {
                weirds.weird("DNS_TXT_char_str_past_rdlen", null);
                ok = false;
                break;
            }
            if (render) {
                if (!first) sb.append(' ');
                sb.append(prefix).append(size).append(' ');
                for (int i = 0; i < size; i++) sb.append((char) (buf.get(r.base + p + i) & 0xff));
            }
            first = false;
            p += size;
        }
        if (render) r.text = sb.toString();
        r.reply = true;
        return ok;
    }

    /** Walks the EDNS options of an OPT record; Zeek reports options that overrun the record. */
    private static boolean ednsOptions(ByteBuffer buf, int base, int p, int end, DnsNameReader.Weirds weirds) {
        while (end - p >= 4) {
            int optionLength = DnsHeader.u16(buf, base + p + 2);
            p += 4;
            if (optionLength > end - p) break;
            p += optionLength;
        }
        if (p < end) {
            weirds.weird("EDNS_truncated_option", null);
            return false;
        }
        return true;
    }

    private static void typeBitmaps(ByteBuffer buf, int base, int p, int end, String weird,
            DnsNameReader.Weirds weirds) {
        while (end - p >= 2) {
            int window = buf.get(base + p) & 0xff;
            int length = buf.get(base + p + 1) & 0xff;
            if (length == 0) {
                weirds.weird(weird, Integer.toString(window));
                return;
            }
            p += 2 + length;
        }
    }

    /** Zeek's DNSSEC algorithm checks for RRSIG and DNSKEY (RFC 8624 algorithm numbers). */
    private static void algorithmWeird(String prefix, int algorithm, DnsNameReader.Weirds weirds) {
        switch (algorithm) {
            case 1 -> weirds.weird(prefix + "NotRecommended_ZoneSignAlgo", "1");
            case 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16 -> { }
            case 252 -> weirds.weird(prefix + "Indirect_ZoneSignAlgo", "252");
            case 253 -> weirds.weird(prefix + "PrivateDNS_ZoneSignAlgo", "253");
            case 254 -> weirds.weird(prefix + "PrivateOID_ZoneSignAlgo", "254");
            default -> weirds.weird(prefix + "unknown_ZoneSignAlgo", Integer.toString(algorithm));
        }
    }

    /** NAPTR (RFC 3403): order, preference, three character-strings and a replacement name. */
    private static boolean naptr(DnsRecord r, boolean render, DnsNameReader names, StringBuilder sb,
            DnsNameReader.Weirds weirds) {
        ByteBuffer buf = r.buffer;
        int p = r.rdataOffset;
        int end = p + r.rdataLength;
        if (end - p < 7) {
            weirds.weird("DNS_NAPTR_too_short", null);
            return false;
        }
        int order = DnsHeader.u16(buf, r.base + p);
        int preference = DnsHeader.u16(buf, r.base + p + 2);
        p += 4;
        int[] strings = new int[6]; // offset and length of flags, service, regexp
        for (int i = 0; i < 3; i++) {
            if (p >= end) {
                weirds.weird("DNS_NAPTR_too_short", null);
                return false;
            }
            int size = buf.get(r.base + p) & 0xff;
            p++;
            if (size > end - p) {
                weirds.weird("DNS_NAPTR_too_short", null);
                return false;
            }
            strings[2 * i] = p;
            strings[2 * i + 1] = size;
            p += size;
        }
        int after = readName(r, p, names, weirds);
        lengthCheck(after, end, weirds);
        if (render) {
            sb.append("NAPTR ").append(order).append(' ').append(preference).append(' ');
            appendRaw(sb, buf, r.base + strings[0], strings[1]);
            sb.append(' ');
            appendRaw(sb, buf, r.base + strings[2], strings[3]);
            sb.append(' ');
            appendRaw(sb, buf, r.base + strings[4], strings[5]);
            if (strings[5] > 0 && names.length() > 0) sb.append(' ');
            sb.append(lowered(names));
            r.text = sb.toString();
        }
        r.reply = true;
        return true;
    }

    private static void appendRaw(StringBuilder sb, ByteBuffer buf, int at, int length) {
        for (int i = 0; i < length; i++) sb.append((char) (buf.get(at + i) & 0xff));
    }
}
