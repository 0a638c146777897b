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
 * SMB2 and SMB3 messages (MS-SMB2 2.2): walks compounded messages, pairs responses with requests
 * by MessageId (async interim responses keep the request pending), and hands what smb_mapping,
 * smb_files, ntlm and dce_rpc need to {@link SmbState}: tree connects, creates with their MAC times
 * and sizes, renames and deletes (SET_INFO), closes, and the bytes of pipe reads, writes and
 * FSCTL_PIPE_TRANSCEIVE. Every offset read from a message is checked against the bytes kept.
 */
final class Smb2Parser {
    static final int NEGOTIATE = 0, SESSION_SETUP = 1, TREE_CONNECT = 3, TREE_DISCONNECT = 4, CREATE = 5,
            CLOSE = 6, READ = 8, WRITE = 9, IOCTL = 11, SET_INFO = 17;
    static final long STATUS_SUCCESS = 0, STATUS_PENDING = 0x103, STATUS_BUFFER_OVERFLOW = 0x80000005L,
            STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;
    static final long FSCTL_PIPE_TRANSCEIVE = 0x0011C017L;
    static final int FLAG_RESPONSE = 0x1, FLAG_ASYNC = 0x2;
    /** Requests waiting for their response; beyond this the oldest are dropped (a weird). */
    static final int MAX_PENDING = 1024;
    private static final int HEADER = 64;

    /** @param relatedCreate for a related request in a compound: the MessageId of its CREATE, else -1 */
    private record Pending(int command, long treeId, long fileKey, String text, long relatedCreate, long ts,
            long fileOffset) {}


    private final SmbState state;
    private final Map<Long, Pending> pending = new HashMap<>();
    /**
     * Related compounds (MS-SMB2 3.2.4.1.4): a request after a CREATE in the same compound names the
     * file with FileId 0xFF..FF. The CREATE's MessageId in the current compound (-1 if none), the
     * CREATEs whose compounded CLOSE must follow their response, and the file each CREATE opened.
     */
    private long compoundCreate = -1;
    private final java.util.Set<Long> closeAfterCreate = new java.util.HashSet<>();
    private final Map<Long, Long> createdFile = new HashMap<>();
    private static final long RELATED_FILE = -32; // fileKey() of FileId 0xFFFFFFFFFFFFFFFF:0xFFFFFFFFFFFFFFFF
    /** Highest dialect the server chose (0x0202, 0x0210, 0x0300, 0x0302, 0x0311), 0 before. */
    int dialect;
    /** The pipe most recently written to, for responses whose request was lost; 0 if none. */
    private long lastPipe;

    Smb2Parser(SmbState state) {
        this.state = state;
    }

    static long fileKey(byte[] b, int i) {
        return u64(b, i) * 31 + u64(b, i + 8);
    }

    /**
     * How much of a message to keep once its first {@code HEAD} bytes are in: all of it, unless it
     * is a single READ response or WRITE request on a file that is not a pipe (its data is not
     * needed).
     */
    int keepLimit(byte[] m, int kept, int full) {
        if (kept < 96 || u32(m, 20) != 0) return full;
        int command = u16(m, 12);
        boolean response = (u32(m, 16) & FLAG_RESPONSE) != 0;
        if (!response && command == WRITE) {
            long key = fileKey(m, HEADER + 16);
            if (state.isPipe(key)) return full;
            // the open was not seen, and the data is DCE/RPC: a pipe (SmbState.pipeData follows it)
            int dataOff = u16(m, HEADER + 2);
            boolean rpc = !state.knows(key) && dataOff >= HEADER && dataOff + 16 <= kept
                    && SmbState.looksLikeRpc(m, dataOff, 16);
            return rpc ? full : 96;
        }
        if (response && command == READ) {
            Pending p = pending.get(u64(m, 24));
            return p != null && state.isPipe(p.fileKey) ? full : 96;
        }
        return full;
    }

    /**
     * How many of a message's first bytes {@link #keepLimit} wants to see, when more than it has:
     * a single WRITE request on a file not in the table needs its data's first 16 bytes (a
     * DCE/RPC header or not), which start past the usual head. 0 when {@code kept} is enough.
     */
    int headNeeded(byte[] m, int kept) {
        if (kept < HEADER + 32 || u32(m, 20) != 0 || (u32(m, 16) & FLAG_RESPONSE) != 0 || u16(m, 12) != WRITE) return 0;
        long key = fileKey(m, HEADER + 16);
        if (key == RELATED_FILE || state.knows(key)) return 0;
        int dataOff = u16(m, HEADER + 2);
        return dataOff < HEADER || dataOff > 1024 ? 0 : dataOff + 16;
    }

    /**
     * The file data of a single (not compounded) WRITE request or successful READ response on a file
     * that is not a pipe, from the message's first {@code kept} bytes; null for any other message.
     */
    SmbFileRange fileRange(byte[] m, int kept) {
        if (kept < HEADER + 32 || u32(m, 20) != 0) return null;
        int command = u16(m, 12);
        boolean response = (u32(m, 16) & FLAG_RESPONSE) != 0;
        int b = HEADER;
        if (!response && command == WRITE) {
            long key = fileKey(m, b + 16);
            int from = u16(m, b + 2);
            if (key == RELATED_FILE || from < HEADER || state.isPipe(key)) return null;
            return new SmbFileRange(key, true, from, u32(m, b + 4), u64(m, b + 8));
        }
        if (response && command == READ) {
            long status = u32(m, 8);
            if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW) return null;
            Pending p = pending.get(u64(m, 24));
            if (p == null || p.command() != READ) return null;
            long key = p.fileKey();
            if (key == RELATED_FILE) {
                Long created = p.relatedCreate() >= 0 ? createdFile.get(p.relatedCreate()) : null;
                if (created == null) return null;
                key = created;
            }
            int from = u8(m, b + 2);
            if (from < HEADER || state.isPipe(key)) return null;
            return new SmbFileRange(key, false, from, u32(m, b + 4), p.fileOffset());
        }
        return null;
    }

    /** One NetBIOS message (of which {@code len} bytes were kept) starting with 0xFE 'SMB'. */
    void parse(byte[] m, int len, long ts, DissectorContext ctx) {
        int off = 0;
        compoundCreate = -1;
        for (int guard = 0; guard < 256; guard++) {
            if (off + HEADER > len) return;
            if ((m[off] & 0xff) != 0xFE || m[off + 1] != 'S' || m[off + 2] != 'M' || m[off + 3] != 'B') {
                ctx.weird("smb2_bad_header", null);
                return;
            }
            int next = (int) Math.min(u32(m, off + 20), Integer.MAX_VALUE);
            int end = next > 0 ? (int) Math.min((long) off + next, len) : len;
            message(m, off, end, ts, ctx);
            if (next == 0) return;
            if (next < HEADER || (long) off + next > len) {
                if (next < HEADER) ctx.weird("smb2_bad_next_command", Integer.toString(next));
                return;
            }
            off += next;
        }
    }

    private void message(byte[] m, int h, int end, long ts, DissectorContext ctx) {
        int command = u16(m, h + 12);
        long flags = u32(m, h + 16);
        long messageId = u64(m, h + 24);
        boolean async = (flags & FLAG_ASYNC) != 0;
        long treeId = async ? -1 : u32(m, h + 36);
        int b = h + HEADER;
        if ((flags & FLAG_RESPONSE) == 0) {
            request(command, messageId, treeId, m, h, b, end, ts, ctx);
        } else {
            long status = u32(m, h + 8);
            if (status == STATUS_PENDING && async) return; // interim: the final response follows
            Pending p = pending.remove(messageId);
            if (command == CREATE && status != STATUS_SUCCESS) closeAfterCreate.remove(messageId);
            response(command, status, treeId, p, m, h, b, end, ts, ctx);
        }
    }

    private void request(int command, long messageId, long treeId, byte[] m, int h, int b, int end, long ts,
            DissectorContext ctx) {
        switch (command) {
            case SESSION_SETUP -> {
                if (b + 16 > end) return;
                security(m, h, u16(m, b + 12), u16(m, b + 14), end, ctx);
                remember(messageId, new Pending(command, treeId, 0, null, -1, ts, 0), ctx);
            }
            case TREE_CONNECT -> {
                if (b + 8 > end) return;
                int po = u16(m, b + 4), pl = u16(m, b + 6);
                String path = h + po + pl <= end && po >= HEADER ? SmbBytes.utf16(m, h + po, pl) : null;
                remember(messageId, new Pending(command, treeId, 0, path, -1, ts, 0), ctx);
            }
            case TREE_DISCONNECT -> state.treeDisconnected(treeId);
            case CREATE -> {
                if (b + 48 > end) return;
                int no = u16(m, b + 44), nl = u16(m, b + 46);
                String name = nl == 0 ? "" : h + no + nl <= end && no >= HEADER ? SmbBytes.utf16(m, h + no, nl) : null;
                if (name == null) return;
                if (name.isEmpty()) name = "<share_root>";
                remember(messageId, new Pending(command, treeId, 0, name, -1, ts, 0), ctx);
                compoundCreate = messageId;
            }
            case CLOSE -> {
                if (b + 24 > end) return;
                long key = fileKey(m, b + 8);
                if (key == RELATED_FILE && compoundCreate >= 0) {
                    if (closeAfterCreate.size() < MAX_PENDING) closeAfterCreate.add(compoundCreate);
                } else {
                    state.fileClosed(key, ctx);
                }
            }
            case READ -> {
                if (b + 32 > end) return;
                long key = fileKey(m, b + 16);
                // the file a related READ reads is known once its CREATE is answered; remember which CREATE
                long related = key == RELATED_FILE ? compoundCreate : -1;
                remember(messageId, new Pending(command, treeId, key, null, related, ts, u64(m, b + 8)), ctx);
            }
            case WRITE -> {
                if (b + 32 > end) return;
                long key = fileKey(m, b + 16);
                int dataOff = u16(m, b + 2);
                long dataLen = u32(m, b + 4);
                if (dataOff >= HEADER && h + dataOff <= end) {
                    state.pipeData(key, true, m, h + dataOff, (int) Math.min(dataLen, end - (h + dataOff)), ctx);
                    if (state.isPipe(key)) lastPipe = key;
                }
            }
            case IOCTL -> {
                if (b + 32 > end) return;
                long ctl = u32(m, b + 4);
                long key = fileKey(m, b + 8);
                if (ctl == FSCTL_PIPE_TRANSCEIVE) {
                    long inOff = u32(m, b + 24), inLen = u32(m, b + 28);
                    if (inOff >= HEADER && h + inOff <= end) {
                        state.pipeData(key, true, m, (int) (h + inOff), (int) Math.min(inLen, end - (h + inOff)), ctx);
                    }
                    remember(messageId, new Pending(command, treeId, key, null, -1, ts, 0), ctx);
                }
            }
            case SET_INFO -> {
                if (b + 32 > end) return;
                int infoType = u8(m, b + 2), cls = u8(m, b + 3);
                long bufLen = u32(m, b + 4);
                int bufOff = u16(m, b + 8);
                long key = fileKey(m, b + 16);
                int p = h + bufOff;
                if (infoType != 1 || bufOff < HEADER || p > end || bufLen > end - p) return;
                if (cls == 10 && bufLen >= 20) { // FileRenameInformation
                    long nl = u32(m, p + 16);
                    if (nl <= bufLen - 20) state.fileRenamed(key, SmbBytes.utf16(m, p + 20, (int) nl), ts, ctx);
                } else if (cls == 13 && bufLen >= 1) { // FileDispositionInformation
                    if (m[p] != 0) state.fileDeleted(key, ts, ctx);
                } else if (cls == 64 && bufLen >= 4) { // FileDispositionInformationEx: FILE_DISPOSITION_DELETE
                    if ((u32(m, p) & 1) != 0) state.fileDeleted(key, ts, ctx);
                }
            }
            default -> { }
        }
    }

    private void response(int command, long status, long treeId, Pending p, byte[] m, int h, int b, int end,
            long ts, DissectorContext ctx) {
        switch (command) {
            case NEGOTIATE -> {
                if (status == STATUS_SUCCESS && b + 6 <= end) {
                    dialect = u16(m, b + 4);
                    state.dialect = dialectName(dialect);
                }
            }
            case SESSION_SETUP -> {
                if (status == STATUS_SUCCESS || status == STATUS_MORE_PROCESSING_REQUIRED) {
                    if (b + 8 > end) return;
                    int negState = security(m, h, u16(m, b + 4), u16(m, b + 6), end, ctx);
                    if (status == STATUS_SUCCESS) state.ntlm.result(negState != 2, ctx);
                } else if (state.ntlm.awaitingResult()) {
                    state.ntlm.result(false, ctx);
                }
            }
            case TREE_CONNECT -> {
                if (status != STATUS_SUCCESS || p == null || b + 4 > end) return;
                String type = switch (u8(m, b + 2)) {
                    case 1 -> "DISK";
                    case 2 -> "PIPE";
                    case 3 -> "PRINT";
                    default -> "UNKNOWN";
                };
                state.treeConnected(treeId, p.text, null, null, type, p.ts, ctx);
            }
            case CREATE -> {
                if (status != STATUS_SUCCESS || p == null || b + 80 > end) return;
                long key = fileKey(m, b + 64);
                state.fileOpened(key, p.treeId, p.text, u64(m, b + 48),
                        SmbBytes.filetime(u64(m, b + 24)), SmbBytes.filetime(u64(m, b + 16)),
                        SmbBytes.filetime(u64(m, b + 8)), SmbBytes.filetime(u64(m, b + 32)), p.ts, ctx);
                long mid = u64(m, h + 24);
                if (closeAfterCreate.remove(mid)) {
                    state.fileClosed(key, ctx);
                } else {
                    if (createdFile.size() >= MAX_PENDING) createdFile.clear();
                    createdFile.put(mid, key);
                }
            }
            case READ -> {
                if ((status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW) || b + 8 > end) return;
                int dataOff = u8(m, b + 2);
                long dataLen = u32(m, b + 4);
                if (dataOff < HEADER || h + dataOff > end) return;
                int n = (int) Math.min(dataLen, end - (h + dataOff));
                // the READ request was not captured: RPC answers belong to the pipe written last
                long key = p != null ? p.fileKey
                        : SmbState.looksLikeRpc(m, h + dataOff, n) && lastPipe != 0 ? lastPipe : 0;
                if (key == RELATED_FILE && p.relatedCreate >= 0) {
                    Long created = createdFile.get(p.relatedCreate);
                    key = created != null ? created : 0;
                }
                if (key != 0) state.pipeData(key, false, m, h + dataOff, n, ctx);
            }
            case IOCTL -> {
                if ((status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW) || b + 40 > end) return;
                if (u32(m, b + 4) != FSCTL_PIPE_TRANSCEIVE) return;
                long key = p != null ? p.fileKey : fileKey(m, b + 8);
                long outOff = u32(m, b + 32), outLen = u32(m, b + 36);
                if (outOff >= HEADER && h + outOff <= end) {
                    state.pipeData(key, false, m, (int) (h + outOff), (int) Math.min(outLen, end - (h + outOff)), ctx);
                }
            }
            default -> { }
        }
    }

    /** Suricata's names for SMB2 dialect revisions; 0x02FF is the wildcard of a multi-protocol negotiate. */
    static String dialectName(int revision) {
        return switch (revision) {
            case 0x0202 -> "2.02";
            case 0x0210 -> "2.10";
            case 0x0222 -> "2.22";
            case 0x0224 -> "2.24";
            case 0x0300 -> "3.00";
            case 0x0302 -> "3.02";
            case 0x0310 -> "3.10";
            case 0x0311 -> "3.11";
            case 0x02FF -> "2.??";
            default -> "unknown-0x" + Integer.toHexString(revision);
        };
    }

    /** Feeds an NTLMSSP token in a security buffer to the NTLM session; returns SPNEGO's negState or -1. */
    private int security(byte[] m, int h, int off, int len, int end, DissectorContext ctx) {
        if (len == 0 || off < HEADER || h + off > end) return -1;
        int n = Math.min(len, end - (h + off));
        var msg = NtlmParser.find(m, h + off, n);
        if (msg != null) state.ntlm.onMessage(msg, ctx);
        return negState(m, h + off, n);
    }

    /** negState of a SPNEGO negTokenResp ([0] ENUMERATED), found near the token's start; -1 if absent. */
    static int negState(byte[] m, int off, int len) {
        int end = Math.min(off + Math.min(len, 32), m.length);
        for (int i = off; i + 4 < end; i++) {
            if ((m[i] & 0xff) == 0xa0 && m[i + 1] == 3 && m[i + 2] == 0x0a && m[i + 3] == 1) return m[i + 4] & 0xff;
        }
        return -1;
    }

    private void remember(long messageId, Pending p, DissectorContext ctx) {
        if (pending.size() >= MAX_PENDING && !pending.containsKey(messageId)) {
            ctx.weird("SMB_discarded_messages_state", "pending");
            pending.clear();
            closeAfterCreate.clear();
        }
        pending.put(messageId, p);
    }
}
