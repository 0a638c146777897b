package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes an NDR 2.0 octet stream (C706 chapter 14, little-endian), the stub data of DCE/RPC calls:
 * aligned primitives, unique pointers as referent ids, conformant varying strings, SIDs and context
 * handles. The caller orders deferred pointees as NDR wants (after the structure that points).
 */
public final class Ndr {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Windows numbers referents from 0x00020000 up by 4; readers only check they are not zero. */
    private int referent = 0x0002_0000;

    public Ndr align(int n) {
        while (out.size() % n != 0) out.write(0);
        return this;
    }

    public Ndr u8(int v) {
        out.write(v);
        return this;
    }

    public Ndr u16(int v) {
        align(2);
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    public Ndr u32(long v) {
        align(4);
        for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    public Ndr bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A unique or full pointer: a fresh referent id, or 0 for null. */
    public Ndr pointer(boolean present) {
        if (!present) return u32(0);
        u32(referent);
        referent += 4;
        return this;
    }

    /** A GUID as NDR lays it out (first three fields little-endian). */
    public Ndr uuid(String s) {
        var u = UUID.fromString(s);
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        u32(hi >>> 32).u16((int) (hi >>> 16)).u16((int) hi);
        for (int i = 7; i >= 0; i--) out.write((int) (lo >>> (8 * i)));
        return this;
    }

    /** A {@code [string] wchar_t*} pointee: max count, offset 0, actual count, UTF-16 with its NUL. */
    public Ndr string(String s) {
        int n = s.length() + 1;
        u32(n).u32(0).u32(n);
        out.writeBytes((s + "\0").getBytes(StandardCharsets.UTF_16LE));
        return this;
    }

    /** A {@code [unique, string] wchar_t*} parameter: the referent, then the string in place. */
    public Ndr uniqueString(String s) {
        pointer(s != null);
        return s == null ? this : string(s);
    }

    /** The inline part of an RPC_UNICODE_STRING: byte lengths and a pointer to the characters. */
    public Ndr unicodeString(String s) {
        align(4); // the structure holds a pointer: four-byte aligned
        u16(2 * s.length()).u16(2 * s.length());
        return pointer(true);
    }

    /** The deferred characters of an RPC_UNICODE_STRING (no NUL, size_is MaximumLength/2). */
    public Ndr unicodeChars(String s) {
        u32(s.length()).u32(0).u32(s.length());
        out.writeBytes(s.getBytes(StandardCharsets.UTF_16LE));
        return this;
    }

    /** An RPC_SID ("S-1-5-21-..."): conformance (sub-authority count), revision, authority, sub-authorities. */
    public Ndr sid(String text) {
        String[] p = text.split("-");
        int subs = p.length - 3;
        u32(subs).u8(Integer.parseInt(p[1])).u8(subs);
        long authority = Long.parseLong(p[2]);
        for (int i = 5; i >= 0; i--) out.write((int) (authority >>> (8 * i)));
        for (int i = 3; i < p.length; i++) u32(Long.parseLong(p[i]));
        return this;
    }

    /** A context handle: attributes 0 and the server's 16-byte UUID. */
    public Ndr handle(byte[] uuid16) {
        u32(0);
        out.writeBytes(uuid16);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
