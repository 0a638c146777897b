package io.sluice.protocol.snmp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises SNMP by content: a BER SEQUENCE whose length fits the datagram, holding first an
 * INTEGER version 0, 1 or 3, then (v1/v2c) an OCTET STRING community followed by a PDU tag
 * 0xa0-0xa8, or (v3) the msgGlobalData SEQUENCE. Ports 161 and 162 only break ties.
 * Allocation-free, never throws.
 */
final class SnmpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "snmp";
    }

    @Override
    public boolean onTcp() {
        return false;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length < 10 || offset > buf.limit() - length) return false;
        int end = offset + length;
        if ((buf.get(offset) & 0xff) != 0x30) return false;
        long seq = length(buf, offset + 1, end);
        if (seq < 0 || (seq & 0xffffffffL) != end - (int) (seq >>> 32)) return false;
        int p = (int) (seq >>> 32);
        if ((buf.get(p) & 0xff) != 0x02 || (buf.get(p + 1) & 0xff) != 1) return false;
        int version = buf.get(p + 2);
        p += 3;
        if (p >= end) return false;
        if (version == 3) return (buf.get(p) & 0xff) == 0x30;
        if (version != 0 && version != 1) return false;
        if ((buf.get(p) & 0xff) != 0x04) return false;
        long community = length(buf, p + 1, end);
        if (community < 0) return false;
        long pduAt = (community >>> 32) + (community & 0xffffffffL);
        if (pduAt >= end) return false;
        int tag = buf.get((int) pduAt) & 0xff;
        return tag >= 0xa0 && tag <= 0xa8;
    }

    /** A BER length at {@code p}: (where its content starts) << 32 | length, or -1. */
    private static long length(ByteBuffer buf, int p, int end) {
        if (p >= end) return -1;
        int first = buf.get(p++) & 0xff;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 3 || p + n > end) return -1;
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (buf.get(p + i) & 0xff);
            p += n;
        }
        return ((long) p << 32) | len;
    }

    @Override
    public Dissector create() {
        return new SnmpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 161 || port == 162;
    }
}
