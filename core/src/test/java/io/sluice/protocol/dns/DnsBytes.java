package io.sluice.protocol.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages byte by byte for tests (no compression unless a test writes a pointer). */
final class DnsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static DnsBytes header(int id, int flags, int qd, int an, int ns, int ar) {
        var b = new DnsBytes();
        b.u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
        return b;
    }

    /** Flags of a standard query with RD. */
    static final int QUERY_RD = 0x0100;
    /** Flags of a standard response with RD and RA, NOERROR. */
    static final int RESPONSE = 0x8180;

    DnsBytes u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    DnsBytes u16(int v) {
        return u8(v >> 8).u8(v);
    }

    DnsBytes u32(long v) {
        return u16((int) (v >> 16)).u16((int) v);
    }

    DnsBytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    DnsBytes ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An uncompressed name ("" is the root). */
    DnsBytes name(String dotted) {
        if (!dotted.isEmpty()) {
            for (String label : dotted.split("\\.")) {
                u8(label.length());
                ascii(label);
            }
        }
        return u8(0);
    }

    DnsBytes pointer(int offset) {
        return u16(0xc000 | offset);
    }

    DnsBytes question(String name, int qtype, int qclass) {
        return name(name).u16(qtype).u16(qclass);
    }

    /** A record with an uncompressed owner name; {@code rdata} is written with its length. */
    DnsBytes record(String owner, int type, int rclass, long ttl, byte[] rdata) {
        return name(owner).u16(type).u16(rclass).u32(ttl).u16(rdata.length).bytes(rdata);
    }

    int size() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** The message with its two-byte TCP length prefix. */
    byte[] tcp() {
        byte[] m = build();
        byte[] t = new byte[m.length + 2];
        t[0] = (byte) (m.length >> 8);
        t[1] = (byte) m.length;
        System.arraycopy(m, 0, t, 2, m.length);
        return t;
    }

    static byte[] rdata(DnsBytes b) {
        return b.build();
    }

    static DnsBytes data() {
        return new DnsBytes();
    }

    static byte[] concat(byte[]... parts) {
        var o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.write(p, 0, p.length);
        return o.toByteArray();
    }
}
