package io.sluice.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the DNS messages the generator sends (RFC 1035): a query for one name and its answer
 * with A, AAAA, CNAME, TXT or SRV records, or an NXDOMAIN. Names in answers point back at the question with
 * a compression pointer, as real resolvers do.
 */
final class DnsMessage {
    static final int A = 1, CNAME = 5, TXT = 16, AAAA = 28, SRV = 33;
    static final int NOERROR = 0, NXDOMAIN = 3;

    /** One answer record: type and its data in text (an address, or a name for CNAME). */
    record Answer(int type, String data, int ttl) {}

    private DnsMessage() {}

    static byte[] query(int id, String name, int qtype) {
        var out = new ByteArrayOutputStream();
        header(out, id, 0x0100, 1, 0); // standard query, recursion desired
        question(out, name, qtype);
        return out.toByteArray();
    }

    static byte[] response(int id, String name, int qtype, int rcode, List<Answer> answers) {
        var out = new ByteArrayOutputStream();
        header(out, id, 0x8180 | rcode, 1, answers.size()); // response, RD, RA
        question(out, name, qtype);
        for (Answer a : answers) {
            u16(out, 0xc00c); // pointer to the question name at offset 12
            u16(out, a.type());
            u16(out, 1);
            u16(out, a.ttl() >>> 16);
            u16(out, a.ttl() & 0xffff);
            byte[] rdata = switch (a.type()) {
                case A, AAAA -> address(a.data());
                case CNAME -> encodeName(a.data());
                case TXT -> txt(a.data());
                case SRV -> srv(a.data());
                default -> throw new IllegalArgumentException("record type " + a.type());
            };
            u16(out, rdata.length);
            out.writeBytes(rdata);
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int id, int flags, int qd, int an) {
        u16(out, id);
        u16(out, flags);
        u16(out, qd);
        u16(out, an);
        u16(out, 0);
        u16(out, 0);
    }

    private static void question(ByteArrayOutputStream out, String name, int qtype) {
        out.writeBytes(encodeName(name));
        u16(out, qtype);
        u16(out, 1);
    }

    static byte[] encodeName(String name) {
        var out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] address(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            // InetAddress would resolve a host name over the network; the generator never does that.
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            return java.net.InetAddress.getByName(text).getAddress(); // literal addresses only: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }

    /** SRV data (RFC 2782) written as "priority weight port target". */
    private static byte[] srv(String text) {
        String[] f = text.split(" ");
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) u16(out, Integer.parseInt(f[i]));
        out.writeBytes(encodeName(f[3]));
        return out.toByteArray();
    }

    private static byte[] txt(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        var out = new ByteArrayOutputStream();
        out.write(b.length);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }
}
