package io.sluice.packet.craft;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds connection-oriented DCE/RPC PDUs (C706 12.6) in little-endian NDR for tests and the traffic generator. */
public final class DceRpcPdus {
    private DceRpcPdus() {}

    public static final String SVCCTL = "367abb81-9844-35f1-ad32-98f038001003";
    public static final String DRSUAPI = "e3514235-4b06-11d1-ab04-00c04fc2dcd2";
    public static final String NETLOGON = "12345678-1234-abcd-ef00-01234567cffb";
    public static final String NDR = "8a885d04-1ceb-11c9-9fe8-08002b104860";

    private static ByteBuffer header(int ptype, int flags, int callId, int fragLen, int authLen) {
        var b = ByteBuffer.allocate(fragLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 5).put((byte) 0).put((byte) ptype).put((byte) flags);
        b.put((byte) 0x10).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putShort((short) fragLen).putShort((short) authLen).putInt(callId);
        return b;
    }

    public static void uuid(ByteBuffer b, String s) {
        var u = UUID.fromString(s);
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        b.putInt((int) (hi >>> 32)).putShort((short) (hi >>> 16)).putShort((short) hi);
        b.order(ByteOrder.BIG_ENDIAN).putLong(lo).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A bind (or alter_context, ptype 14) offering one context for {@code uuid}. */
    public static byte[] bind(int ptype, int callId, int ctxId, String uuid, byte[] auth) {
        int authPart = auth == null ? 0 : 8 + auth.length;
        int len = 16 + 8 + 4 + 4 + 20 + 20 + authPart;
        var b = header(ptype, 3, callId, len, auth == null ? 0 : auth.length);
        b.putShort((short) 4280).putShort((short) 4280).putInt(0);
        b.put((byte) 1).put((byte) 0).putShort((short) 0);
        b.putShort((short) ctxId).put((byte) 1).put((byte) 0);
        uuid(b, uuid);
        b.putShort((short) 1).putShort((short) 0);
        uuid(b, NDR);
        b.putInt(2);
        if (auth != null) {
            b.put((byte) 10).put((byte) 2).put((byte) 0).put((byte) 0).putInt(0);
            b.put(auth);
        }
        return b.array();
    }

    public static byte[] bindAck(int callId, String secAddr) {
        byte[] sa = (secAddr + "\0").getBytes(StandardCharsets.US_ASCII);
        int afterSa = 26 + sa.length;
        int pad = (4 - afterSa % 4) % 4;
        int len = afterSa + pad + 4 + 24;
        var b = header(12, 3, callId, len, 0);
        b.putShort((short) 4280).putShort((short) 4280).putInt(0x1234);
        b.putShort((short) sa.length).put(sa).put(new byte[pad]);
        b.put((byte) 1).put(new byte[3]);
        b.putShort((short) 0).putShort((short) 0);
        uuid(b, NDR);
        b.putInt(2);
        return b.array();
    }

    public static byte[] request(int callId, int ctxId, int opnum, int stubLen, int flags) {
        var b = header(0, flags, callId, 24 + stubLen, 0);
        b.putInt(stubLen).putShort((short) ctxId).putShort((short) opnum);
        return b.array();
    }

    /** A request whose stub is {@code stub} (little-endian data representation). */
    public static byte[] request(int callId, int ctxId, int opnum, byte[] stub, int flags) {
        byte[] b = request(callId, ctxId, opnum, stub.length, flags);
        System.arraycopy(stub, 0, b, 24, stub.length);
        return b;
    }

    public static byte[] response(int callId, int ctxId, int stubLen, int flags) {
        var b = header(2, flags, callId, 24 + stubLen, 0);
        b.putInt(stubLen).putShort((short) ctxId).put((byte) 0).put((byte) 0);
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        var out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
