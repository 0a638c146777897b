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

    public static final String NDR64 = "71710533-beba-4937-8319-b5dbef9ccc36";
    /** Bind-time feature negotiation (MS-RPCE 3.3.1.5.3): a pseudo transfer syntax, version 1. */
    public static final String BIND_TIME_FEATURES = "6cb71c2c-9812-4540-0300-000000000000";
    public static final int AUTH_NTLMSSP = 10, AUTH_LEVEL_CONNECT = 2;

    /**
     * A bind as Windows sends it: the interface offered three times, with NDR, with NDR64 and with
     * the bind-time feature negotiation syntax; {@code auth} is an NTLMSSP token or null.
     */
    public static byte[] bind(int callId, int assocGroup, String uuid, int major, int minor, byte[] auth) {
        String[] syntaxes = {NDR, NDR64, BIND_TIME_FEATURES};
        int authPart = auth == null ? 0 : 8 + auth.length;
        var b = header(BIND, 3, callId, 28 + 44 * syntaxes.length + authPart, auth == null ? 0 : auth.length);
        b.putShort((short) 5840).putShort((short) 5840).putInt(assocGroup);
        b.put((byte) syntaxes.length).put(new byte[3]);
        for (int i = 0; i < syntaxes.length; i++) {
            b.putShort((short) i).put((byte) 1).put((byte) 0);
            uuid(b, uuid);
            b.putShort((short) major).putShort((short) minor);
            uuid(b, syntaxes[i]);
            b.putInt(syntaxes[i].equals(NDR) ? 2 : 1);
        }
        if (auth != null) secTrailer(b, auth);
        return b.array();
    }

    /** The answer to {@link #bind(int, int, String, int, int, byte[])}: NDR accepted, NDR64 refused, features acknowledged. */
    public static byte[] bindAck(int callId, int assocGroup, String secAddr, byte[] auth) {
        byte[] sa = (secAddr + "\0").getBytes(StandardCharsets.US_ASCII);
        int afterSa = 26 + sa.length;
        int pad = (4 - afterSa % 4) % 4;
        int authPart = auth == null ? 0 : 8 + auth.length;
        var b = header(BIND_ACK, 3, callId, afterSa + pad + 4 + 3 * 24 + authPart, auth == null ? 0 : auth.length);
        b.putShort((short) 5840).putShort((short) 5840).putInt(assocGroup);
        b.putShort((short) sa.length).put(sa).put(new byte[pad]);
        b.put((byte) 3).put(new byte[3]);
        b.putShort((short) 0).putShort((short) 0);
        uuid(b, NDR);
        b.putInt(2);
        b.putShort((short) 2).putShort((short) 2).put(new byte[20]); // provider rejection: syntax not supported
        b.putShort((short) 3).putShort((short) 3).put(new byte[20]); // negotiate_ack, no features
        if (auth != null) secTrailer(b, auth);
        return b.array();
    }

    /** The third leg of an NTLM bind (MS-RPCE 2.2.2.10): four bytes of padding, then the AUTHENTICATE. */
    public static byte[] auth3(int callId, byte[] auth) {
        var b = header(AUTH3, 3, callId, 20 + 8 + auth.length, auth.length);
        b.putInt(0);
        secTrailer(b, auth);
        return b.array();
    }

    private static void secTrailer(ByteBuffer b, byte[] auth) {
        b.put((byte) AUTH_NTLMSSP).put((byte) AUTH_LEVEL_CONNECT).put((byte) 0).put((byte) 0).putInt(0);
        b.put(auth);
    }

    /** A response whose stub is {@code stub}. */
    public static byte[] response(int callId, int ctxId, byte[] stub, int flags) {
        byte[] b = response(callId, ctxId, stub.length, flags);
        System.arraycopy(stub, 0, b, 24, stub.length);
        return b;
    }

    private static final int BIND = 11, BIND_ACK = 12, AUTH3 = 16;

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
