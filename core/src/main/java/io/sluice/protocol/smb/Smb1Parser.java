package io.sluice.protocol.smb;

import static io.sluice.protocol.smb.SmbBytes.u16;
import static io.sluice.protocol.smb.SmbBytes.u32;
import static io.sluice.protocol.smb.SmbBytes.u64;
import static io.sluice.protocol.smb.SmbBytes.u8;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ntlm.NtlmParser;
import java.util.HashMap;
import java.util.Map;

/**
 * SMB1 (MS-CIFS, MS-SMB) basics: session setup AndX with extended security (NTLMSSP), tree connect
 * AndX (path, service, native file system), NT create AndX, close, read and write AndX, and
 * transactions on named pipes (TransactNmPipe), following AndX chains. Responses are paired with
 * requests by PID and MID. Every offset read from a message is checked against the bytes kept.
 */
final class Smb1Parser {
    static final int NEGOTIATE = 0x72;
    static final int CLOSE = 0x04, TRANSACTION = 0x25, READ_ANDX = 0x2E, WRITE_ANDX = 0x2F, TREE_DISCONNECT = 0x71,
            SESSION_SETUP_ANDX = 0x73, TREE_CONNECT_ANDX = 0x75, NT_CREATE_ANDX = 0xA2, NO_ANDX = 0xFF;
    static final int FLAGS_REPLY = 0x80, FLAGS2_UNICODE = 0x8000, FLAGS2_NT_STATUS = 0x4000;
    static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L, STATUS_BUFFER_OVERFLOW = 0x80000005L;
    static final int MAX_PENDING = 1024;
    private static final int HEADER = 32;
    /** SMB1 file ids are 16 bits; keep them apart from anything else in the file table. */
    private static final long FID_TAG = 0x5342L << 48;

    /** @param fileOffset a READ_ANDX request's file offset (0 for other commands) */
    private record Pending(int command, long treeId, long fileKey, String text, long ts, long fileOffset) {}

    private final SmbState state;
    private final Map<Long, Pending> pending = new HashMap<>();
    private java.util.List<String> offeredDialects;

    Smb1Parser(SmbState state) {
        this.state = state;
    }

    private static long pendingKey(byte[] m) {
        return (long) u16(m, 12) << 32 | (long) u16(m, 26) << 16 | u16(m, 30);
    }

    private static long fid(int fid) {
        return FID_TAG | fid;
    }

    int keepLimit(byte[] m, int kept, int full) {
        if (kept < HEADER + 1 + 8) return full;
        int command = u8(m, 4);
        boolean reply = (u8(m, 9) & FLAGS_REPLY) != 0;
        int wc = u8(m, HEADER);
        if (wc < 2 || u8(m, HEADER + 1) != NO_ANDX) return full;
        if (!reply && command == WRITE_ANDX && kept >= HEADER + 1 + 6) {
            return state.isPipe(fid(u16(m, HEADER + 1 + 4))) ? full : 96;
        }
        if (reply && command == READ_ANDX) {
            Pending p = pending.get(pendingKey(m));
            return p != null && state.isPipe(p.fileKey) ? full : 96;
        }
        return full;
    }

    /**
     * The file data of a single (no AndX chain) WRITE_ANDX request or READ_ANDX response on a file
     * that is not a pipe, from the message's first {@code kept} bytes; null for any other message.
     */
    SmbFileRange fileRange(byte[] m, int kept) {
        if (kept < HEADER + 1) return null;
        int command = u8(m, 4);
        boolean reply = (u8(m, 9) & FLAGS_REPLY) != 0;
        int wc = u8(m, HEADER);
        int w = HEADER + 1;
        if (wc < 10 || kept < w + 2 * wc || u8(m, w) != NO_ANDX) return null;
        if (!reply && command == WRITE_ANDX && wc >= 12) {
            long f = fid(u16(m, w + 4));
            if (state.isPipe(f)) return null;
            long offset = u32(m, w + 6) | (wc >= 14 ? u32(m, w + 24) << 32 : 0);
            long length = u16(m, w + 20) | (long) u16(m, w + 18) << 16;
            int from = u16(m, w + 22);
            return from >= HEADER ? new SmbFileRange(f, true, from, length, offset) : null;
        }
        if (reply && command == READ_ANDX && wc >= 12) {
            Pending p = pending.get(pendingKey(m));
            if (p == null || p.command() != READ_ANDX || state.isPipe(p.fileKey())) return null;
            long status = (u16(m, 10) & FLAGS2_NT_STATUS) != 0 ? u32(m, 5) : (u8(m, 5) == 0 ? 0 : 0xC0000001L);
            if (status != 0 && status != STATUS_BUFFER_OVERFLOW) return null;
            long length = u16(m, w + 10) | (long) u16(m, w + 14) << 16;
            int from = u16(m, w + 12);
            return from >= HEADER ? new SmbFileRange(p.fileKey(), false, from, length, p.fileOffset()) : null;
        }
        return null;
    }

    void parse(byte[] m, int len, long ts, DissectorContext ctx) {
        if (len < HEADER + 1) return;
        int command = u8(m, 4);
        int flags = u8(m, 9);
        int flags2 = u16(m, 10);
        boolean reply = (flags & FLAGS_REPLY) != 0;
        boolean unicode = (flags2 & FLAGS2_UNICODE) != 0;
        long status = (flags2 & FLAGS2_NT_STATUS) != 0 ? u32(m, 5) : (u8(m, 5) == 0 ? 0 : 0xC0000001L);
        long tid = u16(m, 24);
        long key = pendingKey(m);
        Pending p = reply ? pending.remove(key) : null;
        int off = HEADER;
        for (int guard = 0; guard < 16; guard++) {
            if (off + 1 > len) return;
            int wc = u8(m, off);
            int w = off + 1;
            int bc = w + 2 * wc;
            if (bc + 2 > len) return;
            int byteCount = u16(m, bc);
            int bytes = bc + 2;
            int bytesEnd = Math.min(len, bytes + byteCount);
            if (reply) {
                p = response(command, status, tid, p, unicode, m, w, wc, bytes, bytesEnd, len, ts, ctx);
            } else {
                request(command, key, tid, unicode, m, w, wc, bytes, bytesEnd, len, ts, ctx);
            }
            if (!isAndX(command) || wc < 2) return;
            int next = u8(m, w);
            int nextOff = u16(m, w + 2);
            if (next == NO_ANDX || nextOff <= off || nextOff >= len) return;
            command = next;
            off = nextOff;
        }
    }

    private static boolean isAndX(int c) {
        return c == SESSION_SETUP_ANDX || c == TREE_CONNECT_ANDX || c == NT_CREATE_ANDX || c == READ_ANDX
                || c == WRITE_ANDX || c == 0x24 /* locking */ || c == 0x74 /* logoff */;
    }

    private void request(int command, long key, long tid, boolean unicode, byte[] m, int w, int wc, int bytes,
            int bytesEnd, int len, long ts, DissectorContext ctx) {
        switch (command) {
            case NEGOTIATE -> {
                // dialect strings, each 0x02 then a NUL-terminated name; the response picks one by index
                var names = new java.util.ArrayList<String>();
                int p = bytes;
                while (p < bytesEnd && names.size() < 32) {
                    if (m[p] != 2) break;
                    int e = nulEnd(m, p + 1, bytesEnd);
                    names.add(SmbBytes.oem(m, p + 1, e - p - 1));
                    p = e + 1;
                }
                offeredDialects = names;
            }
            case SESSION_SETUP_ANDX -> {
                if (wc == 12) {
                    int blobLen = u16(m, w + 14);
                    var msg = NtlmParser.find(m, bytes, Math.min(blobLen, bytesEnd - bytes));
                    if (msg != null) state.ntlm.onMessage(msg, ctx);
                }
                remember(key, new Pending(command, tid, 0, null, ts, 0), ctx);
            }
            case TREE_CONNECT_ANDX -> {
                if (wc < 4) return;
                int pwLen = u16(m, w + 6);
                int p = bytes + pwLen;
                if (p > bytesEnd) return;
                if (unicode && (p & 1) == 1) p++;
                String path = string(m, p, bytesEnd, unicode);
                remember(key, new Pending(command, tid, 0, path, ts, 0), ctx);
            }
            case TREE_DISCONNECT -> state.treeDisconnected(tid);
            case NT_CREATE_ANDX -> {
                if (wc < 24) return;
                int nameLen = u16(m, w + 5);
                int p = bytes;
                if (unicode && (p & 1) == 1) p++;
                if (p > bytesEnd) return;
                String name = unicode ? SmbBytes.utf16(m, p, Math.min(nameLen, bytesEnd - p))
                        : SmbBytes.oem(m, p, Math.min(nameLen, bytesEnd - p));
                if (name.isEmpty()) name = "<share_root>";
                remember(key, new Pending(command, tid, 0, name, ts, 0), ctx);
            }
            case CLOSE -> {
                if (wc >= 3) state.fileClosed(fid(u16(m, w)), ctx);
            }
            case READ_ANDX -> {
                if (wc >= 10) {
                    long offset = u32(m, w + 6) | (wc >= 12 ? u32(m, w + 20) << 32 : 0); // OffsetHigh with 12 words
                    remember(key, new Pending(command, tid, fid(u16(m, w + 4)), null, ts, offset), ctx);
                }
            }
            case WRITE_ANDX -> {
                if (wc < 12) return;
                long f = fid(u16(m, w + 4));
                int dataLen = u16(m, w + 20) | (u16(m, w + 18) << 16);
                int dataOff = u16(m, w + 22);
                if (dataOff >= HEADER && dataOff <= len) {
                    state.pipeData(f, true, m, dataOff, Math.min(dataLen, len - dataOff), ctx);
                }
            }
            case TRANSACTION -> {
                if (wc < 14) return;
                int setupCount = u8(m, w + 26);
                if (setupCount < 2 || wc < 14 + setupCount) return;
                int sub = u16(m, w + 28);
                long f = fid(u16(m, w + 30));
                if (sub != 0x26) return; // TransactNmPipe
                int dataCount = u16(m, w + 22), dataOff = u16(m, w + 24);
                if (dataOff >= HEADER && dataOff <= len) {
                    state.pipeData(f, true, m, dataOff, Math.min(dataCount, len - dataOff), ctx);
                }
                remember(key, new Pending(command, tid, f, null, ts, 0), ctx);
            }
            default -> { }
        }
    }

    private Pending response(int command, long status, long tid, Pending p, boolean unicode, byte[] m, int w, int wc,
            int bytes, int bytesEnd, int len, long ts, DissectorContext ctx) {
        boolean ok = status == 0;
        switch (command) {
            case NEGOTIATE -> {
                if (ok && wc >= 1 && offeredDialects != null) {
                    int index = u16(m, w);
                    if (index < offeredDialects.size()) state.dialect = offeredDialects.get(index);
                }
                offeredDialects = null;
            }
            case SESSION_SETUP_ANDX -> {
                if (ok || status == STATUS_MORE_PROCESSING_REQUIRED) {
                    int negState = -1;
                    if (wc == 4) {
                        int blobLen = Math.min(u16(m, w + 6), bytesEnd - bytes);
                        var msg = NtlmParser.find(m, bytes, blobLen);
                        if (msg != null) state.ntlm.onMessage(msg, ctx);
                        negState = Smb2Parser.negState(m, bytes, blobLen);
                    }
                    if (ok) state.ntlm.result(negState != 2, ctx);
                } else if (state.ntlm.awaitingResult()) {
                    state.ntlm.result(false, ctx);
                }
            }
            case TREE_CONNECT_ANDX -> {
                if (!ok || p == null || p.command != TREE_CONNECT_ANDX) return p;
                String service = SmbBytes.oem(m, bytes, Math.max(0, nulEnd(m, bytes, bytesEnd) - bytes));
                int nfsAt = Math.min(bytesEnd, nulEnd(m, bytes, bytesEnd) + 1);
                if (unicode && (nfsAt & 1) == 1) nfsAt++;
                String nfs = nfsAt < bytesEnd ? string(m, nfsAt, bytesEnd, unicode) : null;
                // as Zeek's smb1-main: only "IPC" changes the share type from its default DISK, and an
                // empty native file system stays unset
                String type = service.equals("IPC") ? "PIPE" : "DISK";
                state.treeConnected(tid, p.text, service, nfs == null || nfs.isEmpty() ? null : nfs, type, p.ts, ctx);
                return null;
            }
            case NT_CREATE_ANDX -> {
                if (!ok || p == null || p.command != NT_CREATE_ANDX || wc < 34) return p;
                state.fileOpened(fid(u16(m, w + 5)), p.treeId, p.text, u64(m, w + 55),
                        SmbBytes.filetime(u64(m, w + 27)), SmbBytes.filetime(u64(m, w + 19)),
                        SmbBytes.filetime(u64(m, w + 11)), SmbBytes.filetime(u64(m, w + 35)), p.ts, true, ctx);
                return null;
            }
            case READ_ANDX -> {
                if ((!ok && status != STATUS_BUFFER_OVERFLOW) || p == null || wc < 12) return p;
                int dataLen = u16(m, w + 10), dataOff = u16(m, w + 12);
                if (dataOff >= HEADER && dataOff <= len) {
                    state.pipeData(p.fileKey, false, m, dataOff, Math.min(dataLen, len - dataOff), ctx);
                }
                return null;
            }
            case TRANSACTION -> {
                if ((!ok && status != STATUS_BUFFER_OVERFLOW) || p == null || wc < 10) return p;
                int dataCount = u16(m, w + 12), dataOff = u16(m, w + 14);
                if (dataOff >= HEADER && dataOff <= len) {
                    state.pipeData(p.fileKey, false, m, dataOff, Math.min(dataCount, len - dataOff), ctx);
                }
                return null;
            }
            default -> { }
        }
        return p;
    }

    private static int nulEnd(byte[] m, int p, int end) {
        while (p < end && m[p] != 0) p++;
        return p;
    }

    private static String string(byte[] m, int p, int end, boolean unicode) {
        if (p >= end) return "";
        if (!unicode) return SmbBytes.oem(m, p, nulEnd(m, p, end) - p);
        int q = p;
        while (q + 1 < end && (m[q] != 0 || m[q + 1] != 0)) q += 2;
        return SmbBytes.utf16(m, p, q - p);
    }

    private void remember(long key, Pending p, DissectorContext ctx) {
        if (pending.size() >= MAX_PENDING && !pending.containsKey(key)) {
            ctx.weird("SMB_discarded_messages_state", "pending");
            pending.clear();
        }
        pending.put(key, p);
    }
}
