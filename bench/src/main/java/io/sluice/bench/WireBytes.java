package io.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian byte building for the benchmark conversations (network byte order, as the RFCs lay them out). */
final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireBytes u8(int v) {
        out.write(v);
        return this;
    }

    WireBytes u16(int v) {
        return u8(v >>> 8).u8(v & 0xff);
    }

    WireBytes u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    WireBytes u64(long v) {
        return u32(v >>> 32).u32(v & 0xffffffffL);
    }

    WireBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    WireBytes ascii(String s) {
        return raw(s.getBytes(StandardCharsets.US_ASCII));
    }

    WireBytes zeros(int n) {
        return raw(new byte[n]);
    }

    /** A DNS name as uncompressed labels. */
    WireBytes name(String dotted) {
        for (String label : dotted.split("\\.")) u8(label.length()).ascii(label);
        return u8(0);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
