package io.sluice.protocol.dcerpc;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ntlm.NtlmParser;
import io.sluice.protocol.ntlm.NtlmSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One connection-oriented DCE/RPC association (C706 chapter 12, MS-RPCE 2.2.2): a TCP connection,
 * or one SMB named pipe. Frames PDUs per direction by their {@code frag_length}, remembers the
 * presentation contexts that bind and alter_context set up, pairs requests with responses by
 * {@code call_id} across fragments, and emits a {@link DceRpcCall} per answered call, as Zeek's
 * dce_rpc.log does. NTLMSSP tokens in auth verifiers go to the connection's {@link NtlmSession}.
 *
 * <p>Bounded: of a request or response only its header is kept (stub data is skipped), of other
 * PDUs at most {@link #KEEP} bytes (enough for the context lists and auth verifiers), at most
 * {@link #MAX_CONTEXTS} contexts and {@link #MAX_PENDING} calls in flight.
 */
public final class DceRpcSession {
    static final int KEEP = 4096;
    static final int MAX_CONTEXTS = 64;
    static final int MAX_PENDING = 64;
    /** Fragments of one call beyond which the call is dropped (a flood, not an RPC). */
    static final int MAX_FRAGMENTS = 65_536;

    static final int REQUEST = 0, RESPONSE = 2, FAULT = 3, BIND = 11, BIND_ACK = 12, BIND_NAK = 13,
            ALTER_CONTEXT = 14, ALTER_CONTEXT_RESP = 15, AUTH3 = 16;
    static final int PFC_FIRST_FRAG = 0x01, PFC_LAST_FRAG = 0x02, PFC_OBJECT_UUID = 0x80;

    private final NtlmSession ntlm;
    /**
     * The pipe's name as opened (SMB), a wire string ({@link io.sluice.event.WireText}), for calls
     * whose bind was not seen; null on TCP.
     */
    private final String pipeName;
    private final Direction orig = new Direction(), resp = new Direction();

    /**
     * The tables start small and grow to their bounds: most associations (an endpoint-mapper
     * lookup, a scan's probe) bind one context and make one or two calls, and there are many of
     * them (a tenth of the connections of the benchmark capture).
     */
    private static final int INITIAL = 4;

    private int[] ctxIds = new int[INITIAL];
    private String[] ctxUuids = new String[INITIAL];
    private int ctxCount;
    private String lastUuid;
    /** The bind_ack's secondary address as a wire string: its bytes, one char each (trailing NULs cut). */
    private String namedPipe;

    /**
     * The calls in flight, {@link #CALL} ints each: call_id, context id, opnum, fragments seen and
     * flags ({@link #COMPLETE}, {@link #ACTIVATION}); their request times in {@link #callTs}. Two
     * arrays rather than one per field: there is a session per DCE/RPC connection (a quarter of
     * the benchmark capture's connections) and each allocation showed in the profile.
     */
    private static final int CALL = 5, ID = 0, CTX = 1, OPNUM = 2, FRAGS = 3, FLAGS = 4;
    /**
     * Flags of a call: its last request fragment was seen; its stub carried DCOM activation
     * properties, or was an LSA private-data call (see UnboundCallInference).
     */
    private static final int COMPLETE = 1, ACTIVATION = 2, LSA_PRIVATE_DATA = 4;
    private int[] calls = new int[INITIAL * CALL];
    private long[] callTs = new long[INITIAL];
    /**
     * The class each call's activation asks for ({@link DcomActivation}), by slot; null until a
     * session sees one (most never do).
     */
    private String[] callClassId;
    private int pending;
    /** A context is bound to the DCOM activator: its requests' stubs are kept to read the class. */
    private boolean activatorBound;

    private boolean confirmed;
    /**
     * The client is the responder: the capture began inside the connection with the server's packet,
     * which made the server the originator. The rows keep the connection's orientation (as Zeek's do)
     * and say who called.
     */
    private boolean requestsFromResponder;
    private long pdus;
    /** {@code SMB_pipe_not_DCE_RPC} was written for this pipe (once for both directions). */
    private boolean notRpcReported;

    /**
     * Calls that nothing named, held until the association ends (or {@link #MAX_UNNAMED} of them)
     * so that {@link UnboundCallInference} can name their interface from the whole sequence.
     */
    static final int MAX_UNNAMED = 32;
    private int[] unnamedOpnum;
    private long[] unnamedTs;
    private long[] unnamedRtt;
    private int unnamed;
    private boolean inferenceDone;
    /** The inferred interface once {@link #inferenceDone}; null when none was found. */
    private String inferredUuid;

    public DceRpcSession(NtlmSession ntlm, String pipeName) {
        this.ntlm = ntlm;
        this.pipeName = pipeName;
    }

    /** PDUs parsed so far (tests and the SMB layer's bookkeeping). */
    public long pdus() {
        return pdus;
    }

    /** Whether a direction met bytes that are not DCE/RPC; it is then ignored. */
    public boolean broken(boolean fromOrig) {
        return (fromOrig ? orig : resp).broken;
    }

    public void feed(boolean fromOrig, byte[] b, int off, int len, DissectorContext ctx) {
        feed(fromOrig, ByteBuffer.wrap(b), off, len, ctx);
    }

    public void feed(boolean fromOrig, ByteBuffer buf, int off, int len, DissectorContext ctx) {
        Direction d = fromOrig ? orig : resp;
        int end = off + len;
        int p = off;
        while (p < end && !d.broken) {
            if (d.kept < 16) {
                int n = Math.min(16 - d.kept, end - p);
                buf.get(p, d.pdu, d.kept, n);
                d.kept += n;
                d.got += n;
                p += n;
                if (d.kept < 16) break;
                if (!validHeader(d.pdu)) {
                    d.broken = true;
                    if (pipeName != null && pdus == 0) {
                        // a named pipe that never carried DCE/RPC (PsExec's stdin and stdout, an SMB
                        // beacon's channel): named once, since the pipe, not a broken PDU, is the news;
                        // addl is a wire string, as the pipe name is
                        if (!notRpcReported) ctx.weird("SMB_pipe_not_DCE_RPC", pipeName);
                        notRpcReported = true;
                    } else {
                        ctx.weird("DCE_RPC_invalid_header", null);
                    }
                    break;
                }
                d.fragLen = u16(d.pdu, 8, littleEndian(d.pdu));
                if (d.fragLen < 16) {
                    d.broken = true;
                    ctx.weird("DCE_RPC_bad_frag_length", Integer.toString(d.fragLen));
                    break;
                }
            }
            int need = d.fragLen - d.got;
            int n = Math.min(need, end - p);
            int keep = Math.min(n, Math.min(d.fragLen, keepFor(d.pdu[2], ctxCount == 0 || activatorBound)) - d.kept);
            if (keep > 0) {
                d.ensure(d.kept + keep);
                buf.get(p, d.pdu, d.kept, keep);
                d.kept += keep;
            }
            d.got += n;
            p += n;
            if (d.got == d.fragLen) {
                onPdu(fromOrig, d.pdu, d.kept, d.fragLen, ctx);
                d.kept = 0;
                d.got = 0;
                d.fragLen = 0;
            }
        }
    }

    /**
     * Bytes of a PDU worth keeping: a call's header only (its stub is not decoded), except the
     * start of a request's stub while no context is bound or one is bound to the DCOM activator (an
     * activation says what it is, and which class it wants, in its stub: {@link
     * UnboundCallInference#activation}, {@link DcomActivation}); all of a bind-type PDU.
     */
    private static int keepFor(byte ptype, boolean activationPossible) {
        if (ptype == REQUEST) return activationPossible ? UnboundCallInference.ACTIVATION_SCAN : 32;
        return ptype == RESPONSE || ptype == FAULT ? 32 : KEEP;
    }

    /** The SMB transport lost bytes of the pipe: resynchronising inside a PDU is not possible. */
    public void gap(boolean fromOrig) {
        Direction d = fromOrig ? orig : resp;
        d.kept = d.got = d.fragLen = 0;
    }

    static boolean validHeader(byte[] h) {
        int ptype = h[2] & 0xff;
        return h[0] == 5 && (h[1] == 0 || h[1] == 1) && ptype <= 19 && ((h[4] & 0xff) == 0x10 || (h[4] & 0xff) == 0x00);
    }

    private void onPdu(boolean fromOrig, byte[] b, int k, int fragLen, DissectorContext ctx) {
        pdus++;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("dce_rpc");
        }
        boolean le = littleEndian(b);
        int ptype = b[2] & 0xff;
        int flags = b[3] & 0xff;
        int authLen = u16(b, 10, le);
        int callId = u32(b, 12, le);
        switch (ptype) {
            case BIND, ALTER_CONTEXT -> {
                if (k >= 28) {
                    int n = b[24] & 0xff;
                    int p = 28;
                    for (int i = 0; i < n && p + 24 <= k; i++) {
                        int ctxId = u16(b, p, le);
                        int nTransfer = b[p + 2] & 0xff;
                        String uuid = uuid(b, p + 4, le);
                        bindContext(ctxId, uuid);
                        p += 24 + 20 * nTransfer;
                    }
                }
                auth(b, k, fragLen, authLen, ctx);
            }
            case BIND_ACK, ALTER_CONTEXT_RESP -> {
                if (k >= 26) {
                    int l = u16(b, 24, le);
                    if (l > 0 && 26 + l <= k) {
                        int n = l;
                        while (n > 0 && b[26 + n - 1] == 0) n--;
                        // the bytes as sent, as Zeek logs them
                        if (n > 0) namedPipe = new String(b, 26, n, StandardCharsets.ISO_8859_1);
                    }
                }
                auth(b, k, fragLen, authLen, ctx);
            }
            case AUTH3 -> auth(b, k, fragLen, authLen, ctx);
            case REQUEST -> {
                if (k < 24) return;
                if (!fromOrig) requestsFromResponder = true;
                int slot = find(callId);
                if ((flags & PFC_FIRST_FRAG) != 0 || slot < 0) {
                    if (slot < 0) slot = allocate(callId, ctx);
                    int at = slot * CALL;
                    calls[at + CTX] = u16(b, 20, le);
                    calls[at + OPNUM] = u16(b, 22, le);
                    calls[at + FRAGS] = 0;
                    calls[at + FLAGS] = ctxCount > 0 ? 0 : UnboundCallInference.activation(b, k, flags) ? ACTIVATION
                            : UnboundCallInference.lsaPrivateData(b, k, flags, calls[at + OPNUM]) ? LSA_PRIVATE_DATA : 0;
                    String classId = (ctxCount == 0 || activatorBound) && (flags & PFC_FIRST_FRAG) != 0 && le
                            ? DcomActivation.classId(b, k, (flags & PFC_OBJECT_UUID) != 0 ? 40 : 24) : null;
                    if (classId != null && callClassId == null) callClassId = new String[callTs.length];
                    if (callClassId != null) callClassId[slot] = classId;
                }
                callTs[slot] = ctx.tsNanos();
                if (++calls[slot * CALL + FRAGS] > MAX_FRAGMENTS) {
                    ctx.weird("DCE_RPC_too_many_fragments", Integer.toString(callId));
                    remove(slot);
                    return;
                }
                if ((flags & PFC_LAST_FRAG) != 0) calls[slot * CALL + FLAGS] |= COMPLETE;
            }
            case RESPONSE, FAULT -> {
                if ((flags & PFC_LAST_FRAG) == 0) return;
                int slot = find(callId);
                if (slot < 0) return; // request not seen: Zeek has no operation to log either
                int ctxId = k >= 22 ? u16(b, 20, le) : calls[slot * CALL + CTX];
                emit(slot, ctxId, ctx.tsNanos(), ctx);
                remove(slot);
            }
            default -> { }
        }
    }

    private void auth(byte[] b, int k, int fragLen, int authLen, DissectorContext ctx) {
        if (ntlm == null || authLen == 0 || fragLen > k || authLen > fragLen - 24) return;
        var m = NtlmParser.find(b, fragLen - authLen, authLen);
        if (m != null) ntlm.onMessage(m, ctx);
    }

    private void bindContext(int ctxId, String uuid) {
        lastUuid = uuid;
        if (UnboundCallInference.REMOTE_SCM_ACTIVATOR.equals(uuid)) activatorBound = true;
        for (int i = 0; i < ctxCount; i++) {
            if (ctxIds[i] == ctxId) {
                ctxUuids[i] = uuid;
                return;
            }
        }
        if (ctxCount == MAX_CONTEXTS) return;
        if (ctxCount == ctxIds.length) {
            ctxIds = Arrays.copyOf(ctxIds, 2 * ctxCount);
            ctxUuids = Arrays.copyOf(ctxUuids, 2 * ctxCount);
        }
        ctxIds[ctxCount] = ctxId;
        ctxUuids[ctxCount++] = uuid;
    }

    private String contextUuid(int ctxId) {
        for (int i = 0; i < ctxCount; i++) if (ctxIds[i] == ctxId) return ctxUuids[i];
        return null;
    }

    private void emit(int slot, int ctxId, long respTs, DissectorContext ctx) {
        String uuid = contextUuid(ctxId);
        int at = slot * CALL;
        int opnum = calls[at + OPNUM];
        if (uuid == null) uuid = contextUuid(calls[at + CTX]);
        if (uuid == null) uuid = lastUuid;
        if (uuid == null) uuid = DceRpcInterfaces.uuidForPipe(namedPipe != null ? namedPipe : pipeName);
        long reqTs = callTs[slot];
        long rtt = respTs >= 0 && respTs != reqTs ? respTs - reqTs : -1;
        if (uuid != null) {
            emit(uuid, opnum, reqTs, rtt, false, classId(slot), ctx);
        } else if ((calls[at + FLAGS] & ACTIVATION) != 0) {
            emit(UnboundCallInference.REMOTE_SCM_ACTIVATOR, opnum, reqTs, rtt, true, classId(slot), ctx);
        } else if ((calls[at + FLAGS] & LSA_PRIVATE_DATA) != 0) {
            emit(UnboundCallInference.LSARPC, opnum, reqTs, rtt, true, null, ctx);
        } else if (!inferenceDone) {
            if (unnamedOpnum == null) {
                unnamedOpnum = new int[MAX_UNNAMED];
                unnamedTs = new long[MAX_UNNAMED];
                unnamedRtt = new long[MAX_UNNAMED];
            }
            unnamedOpnum[unnamed] = opnum;
            unnamedTs[unnamed] = reqTs;
            unnamedRtt[unnamed] = rtt;
            if (++unnamed == MAX_UNNAMED) decideUnnamed(ctx);
        } else if (inferredUuid != null) {
            emit(inferredUuid, opnum, reqTs, rtt, true, null, ctx);
        } // else: nothing names the interface: Zeek does not log such calls
    }

    private String classId(int slot) {
        return callClassId == null ? null : callClassId[slot];
    }

    private void emit(String uuid, int opnum, long reqTs, long rtt, boolean inferred, String classId,
            DissectorContext ctx) {
        if (DceRpcInterfaces.ignored(uuid, opnum)) return;
        String endpoint = DceRpcInterfaces.endpoint(uuid);
        String operation = DceRpcInterfaces.operation(uuid, opnum);
        ctx.emit(new DceRpcCall(reqTs, ctx.uid(), ctx.id(), rtt < 0 ? null : rtt, namedPipe, endpoint, operation,
                inferred, classId, DcomActivation.className(classId), requestsFromResponder));
    }

    /**
     * Names the held calls' interface from their sequence in request order (calls are logged when
     * answered, or at the end when not), once, and logs them if it could.
     */
    private void decideUnnamed(DissectorContext ctx) {
        if (inferenceDone) return;
        inferenceDone = true;
        for (int i = 1; i < unnamed; i++) {
            for (int j = i; j > 0 && unnamedTs[j - 1] > unnamedTs[j]; j--) {
                int o = unnamedOpnum[j]; unnamedOpnum[j] = unnamedOpnum[j - 1]; unnamedOpnum[j - 1] = o;
                long t = unnamedTs[j]; unnamedTs[j] = unnamedTs[j - 1]; unnamedTs[j - 1] = t;
                long r = unnamedRtt[j]; unnamedRtt[j] = unnamedRtt[j - 1]; unnamedRtt[j - 1] = r;
            }
        }
        inferredUuid = UnboundCallInference.interfaceOf(unnamedOpnum, unnamed);
        if (inferredUuid != null) {
            for (int i = 0; i < unnamed; i++) emit(inferredUuid, unnamedOpnum[i], unnamedTs[i], unnamedRtt[i], true, null, ctx);
        }
        unnamed = 0;
    }

    /**
     * End of the association: calls whose request was complete but whose response never came are
     * logged without rtt (Zeek drops them; an attack capture often ends before the answer).
     */
    public void onEnd(DissectorContext ctx) {
        for (int i = 0; i < pending; i++) {
            if ((calls[i * CALL + FLAGS] & COMPLETE) != 0) emit(i, calls[i * CALL + CTX], -1, ctx);
        }
        pending = 0;
        if (unnamed > 0) decideUnnamed(ctx);
    }

    private int find(int callId) {
        for (int i = 0; i < pending; i++) if (calls[i * CALL + ID] == callId) return i;
        return -1;
    }

    private int allocate(int callId, DissectorContext ctx) {
        if (pending == MAX_PENDING) {
            ctx.weird("DCE_RPC_too_many_pending_calls", null);
            remove(0);
        }
        if (pending == callTs.length) {
            int n = 2 * pending;
            calls = Arrays.copyOf(calls, n * CALL);
            callTs = Arrays.copyOf(callTs, n);
            if (callClassId != null) callClassId = Arrays.copyOf(callClassId, n);
        }
        calls[pending * CALL + ID] = callId;
        return pending++;
    }

    private void remove(int slot) {
        int last = --pending;
        System.arraycopy(calls, last * CALL, calls, slot * CALL, CALL);
        callTs[slot] = callTs[last];
        if (callClassId != null) {
            callClassId[slot] = callClassId[last];
            callClassId[last] = null;
        }
    }

    static boolean littleEndian(byte[] h) {
        return (h[4] & 0xf0) == 0x10;
    }

    static int u16(byte[] b, int i, boolean le) {
        return le ? (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 : (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int u32(byte[] b, int i, boolean le) {
        return le ? u16(b, i, true) | u16(b, i + 2, true) << 16 : u16(b, i, false) << 16 | u16(b, i + 2, false);
    }

    /** A UUID in its canonical form; the first three fields follow the PDU's byte order. */
    static String uuid(byte[] b, int i, boolean le) {
        // written as bytes into one array: one is made per bound context, many per second in a scan
        byte[] s = new byte[36];
        hex(s, 0, u32(b, i, le), 8);
        s[8] = '-';
        hex(s, 9, u16(b, i + 4, le), 4);
        s[13] = '-';
        hex(s, 14, u16(b, i + 6, le), 4);
        s[18] = '-';
        int p = 19;
        for (int k = 8; k < 16; k++) {
            if (k == 10) s[p++] = '-';
            hex(s, p, b[i + k] & 0xff, 2);
            p += 2;
        }
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private static void hex(byte[] s, int p, int v, int digits) {
        for (int d = digits - 1; d >= 0; d--) s[p++] = HEX[(v >>> (4 * d)) & 0xf];
    }


    private static final class Direction {
        /** Grows to {@link #KEEP} only for PDUs that need it (most requests need 24 bytes). */
        byte[] pdu = new byte[64];
        int kept;
        int got;
        int fragLen;
        boolean broken;

        void ensure(int n) {
            if (n > pdu.length) pdu = Arrays.copyOf(pdu, Math.min(KEEP, Math.max(n, 2 * pdu.length)));
        }
    }
}
