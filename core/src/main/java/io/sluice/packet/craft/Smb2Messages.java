package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds SMB2 messages (MS-SMB2 2.2) in NetBIOS session framing for tests and the traffic generator. */
public final class Smb2Messages {
    private Smb2Messages() {}

    public static final int RESPONSE = 1;

    /** One SMB2 message: header and body. */
    public static byte[] message(int command, int flags, long messageId, int treeId, long status, byte[] body) {
        var b = ByteBuffer.allocate(64 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.putShort((short) 64).putShort((short) 1).putInt((int) status);
        b.putShort((short) command).putShort((short) 1).putInt(flags).putInt(0);
        b.putLong(messageId).putInt(0xfeff).putInt(treeId).putLong(0x4000000001L);
        b.put(new byte[16]);
        b.put(body);
        return b.array();
    }

    /** A NetBIOS session message holding SMB2 messages, compounded when more than one. */
    public static byte[] frame(byte[]... messages) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < messages.length; i++) {
            byte[] m = messages[i];
            if (i < messages.length - 1) {
                int padded = (m.length + 7) & ~7;
                byte[] p = java.util.Arrays.copyOf(m, padded);
                ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(20, padded);
                m = p;
            }
            out.writeBytes(m);
        }
        byte[] body = out.toByteArray();
        var f = new byte[4 + body.length];
        f[1] = (byte) (body.length >> 16);
        f[2] = (byte) (body.length >> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    public static ByteBuffer body(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    public static byte[] negotiateRequest(long mid, int... dialects) {
        var b = body(36 + 2 * dialects.length);
        b.putShort((short) 36).putShort((short) dialects.length).putShort((short) 1).putShort((short) 0).putInt(0x7f);
        b.put(new byte[16]).putLong(0);
        for (int d : dialects) b.putShort((short) d);
        return message(0, 0, mid, 0, 0, b.array());
    }

    public static byte[] negotiateResponse(long mid, int dialect) {
        var b = body(64);
        b.putShort((short) 65).putShort((short) 1).putShort((short) dialect);
        return message(0, RESPONSE, mid, 0, 0, b.array());
    }

    public static byte[] sessionSetupRequest(long mid, byte[] blob) {
        var b = body(24 + blob.length);
        b.putShort((short) 25).put((byte) 0).put((byte) 1).putInt(1).putInt(0);
        b.putShort((short) (64 + 24)).putShort((short) blob.length).putLong(0);
        b.put(blob);
        return message(1, 0, mid, 0, 0, b.array());
    }

    public static byte[] sessionSetupResponse(long mid, long status, byte[] blob) {
        var b = body(8 + blob.length);
        b.putShort((short) 9).putShort((short) 0).putShort((short) (64 + 8)).putShort((short) blob.length);
        b.put(blob);
        return message(1, RESPONSE, mid, 0, status, b.array());
    }

    public static byte[] treeConnectRequest(long mid, String path) {
        byte[] p = utf16(path);
        var b = body(8 + p.length);
        b.putShort((short) 9).putShort((short) 0).putShort((short) (64 + 8)).putShort((short) p.length).put(p);
        return message(3, 0, mid, 0, 0, b.array());
    }

    public static byte[] treeConnectResponse(long mid, int treeId, int shareType) {
        var b = body(16);
        b.putShort((short) 16).put((byte) shareType).put((byte) 0).putInt(0).putInt(0).putInt(0x1f01ff);
        return message(3, RESPONSE, mid, treeId, 0, b.array());
    }

    public static byte[] createRequest(long mid, int treeId, String name) {
        byte[] n = utf16(name);
        var b = body(56 + Math.max(n.length, 1));
        b.putShort((short) 57).put((byte) 0).put((byte) 0).putInt(2).putLong(0).putLong(0);
        b.putInt(0x12019f).putInt(0x80).putInt(7).putInt(1).putInt(0x40);
        b.putShort((short) (64 + 56)).putShort((short) n.length).putInt(0).putInt(0);
        b.put(n);
        return message(5, 0, mid, treeId, 0, b.array());
    }

    /** A create response; times are FILETIMEs. */
    public static byte[] createResponse(long mid, int treeId, long persistent, long vol, long size, long created,
            long accessed, long written, long changed) {
        var b = body(88);
        b.putShort((short) 89).put((byte) 0).put((byte) 0).putInt(1);
        b.putLong(created).putLong(accessed).putLong(written).putLong(changed);
        b.putLong(size).putLong(size).putInt(0x20).putInt(0);
        b.putLong(persistent).putLong(vol).putInt(0).putInt(0);
        return message(5, RESPONSE, mid, treeId, 0, b.array());
    }

    public static void fileId(ByteBuffer b, long persistent, long vol) {
        b.putLong(persistent).putLong(vol);
    }

    public static byte[] writeRequest(long mid, int treeId, long persistent, long vol, byte[] data) {
        var b = body(48 + data.length);
        b.putShort((short) 49).putShort((short) (64 + 48)).putInt(data.length).putLong(0);
        fileId(b, persistent, vol);
        b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(0);
        b.put(data);
        return message(9, 0, mid, treeId, 0, b.array());
    }

    public static byte[] readRequest(long mid, int treeId, long persistent, long vol) {
        var b = body(49);
        b.putShort((short) 49).put((byte) 0).put((byte) 0).putInt(4280).putLong(0);
        fileId(b, persistent, vol);
        return message(8, 0, mid, treeId, 0, b.array());
    }

    public static byte[] readResponse(long mid, int treeId, byte[] data) {
        var b = body(16 + data.length);
        b.putShort((short) 17).put((byte) (64 + 16)).put((byte) 0).putInt(data.length).putInt(0).putInt(0);
        b.put(data);
        return message(8, RESPONSE, mid, treeId, 0, b.array());
    }

    public static byte[] ioctlRequest(long mid, int treeId, long persistent, long vol, byte[] in) {
        var b = body(56 + in.length);
        b.putShort((short) 57).putShort((short) 0).putInt(0x0011C017);
        fileId(b, persistent, vol);
        b.putInt(64 + 56).putInt(in.length).putInt(0).putInt(0).putInt(0).putInt(4280).putInt(1).putInt(0);
        b.put(in);
        return message(11, 0, mid, treeId, 0, b.array());
    }

    public static byte[] ioctlResponse(long mid, int treeId, long persistent, long vol, byte[] out) {
        var b = body(48 + out.length);
        b.putShort((short) 49).putShort((short) 0).putInt(0x0011C017);
        fileId(b, persistent, vol);
        b.putInt(64 + 48).putInt(0).putInt(64 + 48).putInt(out.length).putInt(0).putInt(0);
        b.put(out);
        return message(11, RESPONSE, mid, treeId, 0, b.array());
    }

    public static byte[] renameRequest(long mid, int treeId, long persistent, long vol, String newName) {
        byte[] n = utf16(newName);
        var b = body(32 + 20 + n.length);
        b.putShort((short) 33).put((byte) 1).put((byte) 10).putInt(20 + n.length).putShort((short) (64 + 32))
                .putShort((short) 0).putInt(0);
        fileId(b, persistent, vol);
        b.put((byte) 0).put(new byte[7]).putLong(0).putInt(n.length).put(n);
        return message(17, 0, mid, treeId, 0, b.array());
    }

    public static byte[] deleteRequest(long mid, int treeId, long persistent, long vol) {
        var b = body(33);
        b.putShort((short) 33).put((byte) 1).put((byte) 13).putInt(1).putShort((short) (64 + 32)).putShort((short) 0)
                .putInt(0);
        fileId(b, persistent, vol);
        b.put((byte) 1);
        return message(17, 0, mid, treeId, 0, b.array());
    }

    /** A SET_INFO response (MS-SMB2 2.2.40): the status says it all. */
    public static byte[] setInfoResponse(long mid, int treeId) {
        return message(17, RESPONSE, mid, treeId, 0, body(2).putShort((short) 2).array());
    }

    /** Sets a message's SessionId (the builders above write one fixed session). */
    public static byte[] session(byte[] message, long sessionId) {
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putLong(40, sessionId);
        return message;
    }

    /** Sets a response's credit grant (the builders write 1), as servers grant a client more. */
    public static byte[] credits(byte[] message, int granted) {
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putShort(14, (short) granted);
        return message;
    }

    public static final int AES_128_GCM = 2, AES_GMAC = 2;

    /**
     * A negotiate as Windows 10/11 sends it (MS-SMB2 2.2.3): signing enabled, all capabilities,
     * its client GUID, and when 3.1.1 is offered the negotiate contexts: SHA-512 pre-authentication
     * integrity with a salt, the ciphers and signing algorithms it supports, the server's name.
     */
    public static byte[] negotiateRequest(long mid, byte[] clientGuid, byte[] salt, String server, int... dialects) {
        boolean v311 = java.util.Arrays.stream(dialects).anyMatch(d -> d == 0x0311);
        byte[] contexts = v311 ? contexts(
                context(1, body(38).putShort((short) 1).putShort((short) 32).putShort((short) 1).put(salt).array()),
                context(2, body(10).putShort((short) 4).putShort((short) 4).putShort((short) 2).putShort((short) 3)
                        .putShort((short) 1).array()),
                context(8, body(8).putShort((short) 3).putShort((short) 2).putShort((short) 1).putShort((short) 0).array()),
                context(5, utf16(server))) : new byte[0];
        int fixed = 36 + 2 * dialects.length;
        int ctxOff = v311 ? (64 + fixed + 7) & ~7 : 0;
        var b = body(v311 ? ctxOff - 64 + contexts.length : fixed);
        b.putShort((short) 36).putShort((short) dialects.length).putShort((short) 1).putShort((short) 0).putInt(0x7f);
        b.put(clientGuid).putInt(ctxOff).putShort((short) (v311 ? 4 : 0)).putShort((short) 0);
        for (int d : dialects) b.putShort((short) d);
        if (v311) b.position(ctxOff - 64).put(contexts);
        return message(0, 0, mid, 0, 0, b.array());
    }

    /**
     * A Windows Server's negotiate response: the dialect it chose, its GUID, capabilities, 8 MiB
     * limits, its clock, the SPNEGO hint, and for 3.1.1 the contexts it selected (SHA-512 with its
     * own salt, AES-128-GCM, AES-GMAC).
     */
    public static byte[] negotiateResponse(long mid, int dialect, byte[] serverGuid, long systemTime, byte[] salt,
            byte[] securityBlob) {
        boolean v311 = dialect == 0x0311;
        byte[] contexts = v311 ? contexts(
                context(1, body(38).putShort((short) 1).putShort((short) 32).putShort((short) 1).put(salt).array()),
                context(2, body(4).putShort((short) 1).putShort((short) AES_128_GCM).array()),
                context(8, body(4).putShort((short) 1).putShort((short) AES_GMAC).array())) : new byte[0];
        int ctxOff = v311 ? (64 + 64 + securityBlob.length + 7) & ~7 : 0;
        var b = body(v311 ? ctxOff - 64 + contexts.length : 64 + securityBlob.length);
        b.putShort((short) 65).putShort((short) 1).putShort((short) dialect).putShort((short) (v311 ? 3 : 0));
        b.put(serverGuid).putInt(dialect >= 0x0300 ? 0x2f : 0x07).putInt(8 << 20).putInt(8 << 20).putInt(8 << 20);
        b.putLong(systemTime).putLong(0).putShort((short) 128).putShort((short) securityBlob.length).putInt(ctxOff);
        b.put(securityBlob);
        if (v311) b.position(ctxOff - 64).put(contexts);
        return message(0, RESPONSE, mid, 0, 0, b.array());
    }

    private static byte[] context(int type, byte[] data) {
        var b = body(8 + data.length);
        b.putShort((short) type).putShort((short) data.length).putInt(0).put(data);
        return b.array();
    }

    /** Negotiate contexts, each but the last padded to eight bytes. */
    private static byte[] contexts(byte[]... contexts) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < contexts.length; i++) {
            out.writeBytes(contexts[i]);
            if (i < contexts.length - 1) out.writeBytes(new byte[(8 - contexts[i].length % 8) % 8]);
        }
        return out.toByteArray();
    }

    public static final int FILE_READ = 0x00120089, FILE_READ_WRITE = 0x0012019f, FILE_PIPE = 0x0012019f;
    public static final int OPEN = 1, OVERWRITE_IF = 5;

    /** A create with the access, disposition and options the caller wants (non-directory file, or pipe). */
    public static byte[] createRequest(long mid, int treeId, String name, int access, int disposition, int options) {
        byte[] n = utf16(name);
        var b = body(56 + Math.max(n.length, 1));
        b.putShort((short) 57).put((byte) 0).put((byte) 0).putInt(2).putLong(0).putLong(0);
        b.putInt(access).putInt(0x80).putInt(access == FILE_READ ? 7 : 3).putInt(disposition).putInt(options);
        b.putShort((short) (64 + 56)).putShort((short) n.length).putInt(0).putInt(0);
        b.put(n);
        return message(5, 0, mid, treeId, 0, b.array());
    }

    /** A write at {@code offset} of the file. */
    public static byte[] writeRequest(long mid, int treeId, long persistent, long vol, long offset, byte[] data) {
        byte[] m = writeRequest(mid, treeId, persistent, vol, data);
        ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, offset);
        return m;
    }

    public static byte[] writeResponse(long mid, int treeId, int count) {
        var b = body(16);
        b.putShort((short) 17).putShort((short) 0).putInt(count).putInt(0).putShort((short) 0).putShort((short) 0);
        return message(9, RESPONSE, mid, treeId, 0, b.array());
    }

    /** A read of {@code length} bytes at {@code offset}. */
    public static byte[] readRequest(long mid, int treeId, long persistent, long vol, int length, long offset) {
        byte[] m = readRequest(mid, treeId, persistent, vol);
        var b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        b.put(64 + 2, (byte) 0x50).putInt(64 + 4, length).putLong(64 + 8, offset);
        return m;
    }

    /** A close response with the file's final attributes (SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB). */
    public static byte[] closeResponse(long mid, int treeId, long created, long accessed, long written, long changed,
            long size) {
        var b = body(60);
        b.putShort((short) 60).putShort((short) 1).putInt(0).putLong(created).putLong(accessed).putLong(written)
                .putLong(changed).putLong((size + 4095) & ~4095L).putLong(size).putInt(0x20);
        return message(6, RESPONSE, mid, treeId, 0, b.array());
    }

    public static byte[] treeDisconnect(long mid, int treeId, boolean response) {
        return message(4, response ? RESPONSE : 0, mid, treeId, 0, body(4).putShort((short) 4).array());
    }

    public static byte[] logoff(long mid, boolean response) {
        return message(2, response ? RESPONSE : 0, mid, 0, 0, body(4).putShort((short) 4).array());
    }

    public static byte[] closeRequest(long mid, int treeId, long persistent, long vol) {
        var b = body(24);
        b.putShort((short) 24).putShort((short) 0).putInt(0);
        fileId(b, persistent, vol);
        return message(6, 0, mid, treeId, 0, b.array());
    }
}
