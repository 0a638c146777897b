package io.sluice.ingest.netflow;

import java.io.ByteArrayOutputStream;

/** Builds NetFlow v5/v9, IPFIX and sFlow datagrams for tests, big-endian, field by field. */
final class ExportBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExportBytes u8(long v) {
        out.write((int) v);
        return this;
    }

    ExportBytes u16(long v) {
        return u8(v >>> 8).u8(v);
    }

    ExportBytes u32(long v) {
        return u16(v >>> 16).u16(v);
    }

    ExportBytes u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    ExportBytes ip(int a, int b, int c, int d) {
        return u8(a).u8(b).u8(c).u8(d);
    }

    ExportBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** A v9 / IPFIX set: id, length (header included), body. */
    static byte[] set(int id, byte[] body) {
        return new ExportBytes().u16(id).u16(body.length + 4).bytes(body).toBytes();
    }

    static byte[] v9(long uptime, long unixSecs, long sourceId, byte[]... sets) {
        var b = new ExportBytes().u16(9).u16(sets.length).u32(uptime).u32(unixSecs).u32(1).u32(sourceId);
        for (byte[] s : sets) b.bytes(s);
        return b.toBytes();
    }

    static byte[] ipfix(long exportSecs, long domain, byte[]... sets) {
        int len = 16;
        for (byte[] s : sets) len += s.length;
        var b = new ExportBytes().u16(10).u16(len).u32(exportSecs).u32(1).u32(domain);
        for (byte[] s : sets) b.bytes(s);
        return b.toBytes();
    }

    /** Template record body: id, count, then (element, length) pairs. */
    static byte[] template(int id, int... fields) {
        var b = new ExportBytes().u16(id).u16(fields.length / 2);
        for (int f : fields) b.u16(f);
        return b.toBytes();
    }
}
