package io.sluice.generate;

import static io.sluice.packet.craft.Smb2Messages.*;

import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.packet.craft.KerberosMessages;
import io.sluice.packet.craft.NtlmMessages;
import io.sluice.packet.craft.SpnegoTokens;
import java.util.List;

/**
 * One SMB2/3 connection of a Windows client (MS-SMB2 3.2): negotiate, a session authenticated
 * with NTLM or Kerberos inside SPNEGO, tree connects, files opened, read or written and closed,
 * and named pipes on IPC$ carrying DCE/RPC (bind written, bind_ack read, calls through
 * FSCTL_PIPE_TRANSCEIVE or write and read). Message ids, the session id, tree ids and file ids
 * are consistent across the connection, so a dissector can pair every response with its request.
 */
final class SmbSession {
    /** FILETIME of 1970-01-01: SMB's times count 100 ns from 1601. */
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;
    private static final long STATUS_MORE_PROCESSING = 0xC0000016L;

    /** One DCE/RPC call on a pipe: opnum and the NDR stubs each way. */
    record Call(int opnum, byte[] request, byte[] response) {}

    private final Timeline t;
    private final TcpConversation c;
    private final long sessionId;
    private long mid;
    private int nextTree = 1;

    SmbSession(Timeline t, Host client, Host server, String serverName, long at, long rtt, int dialect) {
        this.t = t;
        this.c = new TcpConversation(t, client, 49_700 + t.random().nextInt(15_000), server, 445, at, rtt).handshake();
        this.sessionId = 0x0000_1000_0000_0000L | t.random().nextLong(1L << 40);
        int[] offered = dialect == 0x0311 ? new int[] {0x0202, 0x0210, 0x0300, 0x0302, 0x0311}
                : dialect >= 0x0300 ? new int[] {0x0202, 0x0210, 0x0300, 0x0302} : new int[] {0x0202, 0x0210};
        byte[] hint = SpnegoTokens.serverHint(SpnegoTokens.MS_KRB5, SpnegoTokens.KRB5, SpnegoTokens.NTLMSSP);
        exchange(negotiateRequest(mid, random(16), random(32), serverName, offered),
                negotiateResponse(mid, dialect, random(16), filetime(at), random(32), hint), false);
    }

    /** An NTLM session setup: NEGOTIATE, the server's CHALLENGE, the client's AUTHENTICATE. */
    SmbSession ntlm(String domain, String user, String workstation, String serverNb, String serverFqdn, String dnsDomain) {
        long now = filetime(c.now());
        byte[] info = NtlmMessages.targetInfo(domain, dnsDomain, serverNb, serverFqdn, now);
        byte[] first = SpnegoTokens.negTokenInit(NtlmMessages.negotiate(), SpnegoTokens.NTLMSSP);
        byte[] challenge = SpnegoTokens.negTokenResp(1, SpnegoTokens.NTLMSSP,
                NtlmMessages.challenge(domain, info, random(8)), null);
        setup(first, challenge, STATUS_MORE_PROCESSING);
        byte[] auth = SpnegoTokens.negTokenResp(-1, null, NtlmMessages.authenticateV2(domain, user, workstation, info,
                "cifs/" + serverFqdn, now, random(56)), signature());
        setup(auth, SpnegoTokens.negTokenResp(0, null, null, signature()), 0);
        return this;
    }

    /** A Kerberos session setup: the AP-REQ for cifs/server, answered by an AP-REP (mutual authentication). */
    SmbSession kerberos(String realm, String serverFqdn) {
        byte[] ticket = KerberosMessages.ticket(realm, KerberosMessages.principal(2, "cifs", serverFqdn), 18, 7, random(1_150));
        byte[] ap = SpnegoTokens.krb5ApReq(KerberosMessages.apReq(ticket, true, 18, random(180)));
        byte[] req = SpnegoTokens.negTokenInit(ap, SpnegoTokens.MS_KRB5, SpnegoTokens.KRB5, SpnegoTokens.NTLMSSP);
        byte[] rep = SpnegoTokens.negTokenResp(0, SpnegoTokens.MS_KRB5,
                SpnegoTokens.krb5ApRep(KerberosMessages.apRep(18, random(110))), null);
        setup(req, rep, 0);
        return this;
    }

    private void setup(byte[] blob, byte[] reply, long status) {
        exchange(sessionSetupRequest(mid, blob), sessionSetupResponse(mid, status, reply), true);
    }

    /** Connects {@code \\server\share}; returns the tree id. */
    int tree(String path, boolean pipe) {
        int treeId = nextTree;
        nextTree += 4;
        exchange(treeConnectRequest(mid, path), treeConnectResponse(mid, treeId, pipe ? 2 : 1), true);
        return treeId;
    }

    /** Opens an existing file, reads it whole in 64 KiB reads, closes it. */
    SmbSession readFile(int tree, String name, int size, long modifiedNanos) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        long created = filetime(modifiedNanos - 86_400_000_000_000L * (1 + t.random().nextInt(200)));
        long written = filetime(modifiedNanos);
        exchange(createRequest(mid, tree, name, FILE_READ, OPEN, 0x44),
                createResponse(mid, tree, p, v, size, created, filetime(c.now()), written, written), true);
        for (int off = 0; off < size; off += 65_536) {
            int n = Math.min(65_536, size - off);
            byte[] data = random(n);
            if (off == 0) FileContent.stamp(name, data);
            exchange(readRequest(mid, tree, p, v, n, off), readResponse(mid, tree, data), true);
        }
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, created, filetime(c.now()), written, written, size), true);
        return this;
    }

    /** Creates or overwrites a file, writes {@code size} bytes, closes it. */
    SmbSession writeFile(int tree, String name, int size) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        long now = filetime(c.now());
        exchange(createRequest(mid, tree, name, FILE_READ_WRITE, OVERWRITE_IF, 0x44),
                createResponse(mid, tree, p, v, 0, now, now, now, now), true);
        byte[] data = random(size);
        FileContent.stamp(name, data);
        exchange(writeRequest(mid, tree, p, v, 0, data), writeResponse(mid, tree, size), true);
        long done = filetime(c.now());
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, now, done, done, done, size), true);
        return this;
    }

    /** Creates or overwrites a file and writes {@code content} into it in 64 KiB writes, then closes it. */
    SmbSession writeFile(int tree, String name, byte[] content) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        long now = filetime(c.now());
        exchange(createRequest(mid, tree, name, FILE_READ_WRITE, OVERWRITE_IF, 0x44),
                createResponse(mid, tree, p, v, 0, now, now, now, now), true);
        for (int off = 0; off < content.length; off += 65_536) {
            byte[] chunk = java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + 65_536));
            exchange(writeRequest(mid, tree, p, v, off, chunk), writeResponse(mid, tree, chunk.length), true);
        }
        long done = filetime(c.now());
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, now, done, done, done, content.length), true);
        return this;
    }

    /**
     * Opens an existing file for deletion, marks it for deletion (SET_INFO FileDispositionInformation)
     * and closes it, which deletes it.
     */
    SmbSession deleteFile(int tree, String name, int size, long writtenNanos) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        long written = filetime(writtenNanos);
        exchange(createRequest(mid, tree, name, DELETE_ACCESS, OPEN, 0x40),
                createResponse(mid, tree, p, v, size, written, filetime(c.now()), written, written), true);
        exchange(deleteRequest(mid, tree, p, v), setInfoResponse(mid, tree), true);
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, 0, 0, 0, 0, 0), true);
        return this;
    }

    /** DELETE | FILE_READ_ATTRIBUTES: what a client asks for to delete a file. */
    private static final int DELETE_ACCESS = 0x0001_0080;

    /** An open file or pipe: its tree and file id. */
    record Open(int tree, long persistent, long vol) {}

    /** Opens a named pipe that speaks its own protocol (no DCE/RPC bind). */
    Open openPipe(int tree, String pipe) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        exchange(createRequest(mid, tree, pipe, FILE_PIPE, OPEN, 0), createResponse(mid, tree, p, v, 0, 0, 0, 0, 0), true);
        return new Open(tree, p, v);
    }

    /** Writes {@code data} to an open pipe. */
    SmbSession pipeWrite(Open o, byte[] data) {
        exchange(writeRequest(mid, o.tree(), o.persistent(), o.vol(), data), writeResponse(mid, o.tree(), data.length), true);
        return this;
    }

    /** A read on an open pipe that the server answers with {@code data}. */
    SmbSession pipeRead(Open o, byte[] data) {
        exchange(readRequest(mid, o.tree(), o.persistent(), o.vol(), 4096, 0), readResponse(mid, o.tree(), data), true);
        return this;
    }

    SmbSession closeFile(Open o) {
        exchange(closeRequest(mid, o.tree(), o.persistent(), o.vol()), closeResponse(mid, o.tree(), 0, 0, 0, 0, 0), true);
        return this;
    }

    /**
     * Opens {@code pipe} on an IPC$ tree, binds {@code iface}, makes the calls and closes the pipe.
     * With {@code transceive} each call is one FSCTL_PIPE_TRANSCEIVE; without, a write and a read.
     */
    SmbSession rpc(int tree, String pipe, String iface, int major, int minor, List<Call> calls, boolean transceive) {
        long p = t.random().nextLong(1L << 40), v = t.random().nextLong();
        exchange(createRequest(mid, tree, pipe, FILE_PIPE, OPEN, 0),
                createResponse(mid, tree, p, v, 0, 0, 0, 0, 0), true);
        int assoc = 0x1000 + t.random().nextInt(0xf000);
        byte[] bind = DceRpcPdus.bind(1, 0, iface, major, minor, null);
        exchange(writeRequest(mid, tree, p, v, bind), writeResponse(mid, tree, bind.length), true);
        exchange(readRequest(mid, tree, p, v, 1024, 0),
                readResponse(mid, tree, DceRpcPdus.bindAck(1, assoc, "\\PIPE\\" + pipe, null)), true);
        int callId = 2;
        for (Call call : calls) {
            byte[] req = DceRpcPdus.request(callId, 0, call.opnum(), call.request(), 3);
            byte[] resp = DceRpcPdus.response(callId, 0, call.response(), 3);
            if (transceive) {
                exchange(ioctlRequest(mid, tree, p, v, req), ioctlResponse(mid, tree, p, v, resp), true);
            } else {
                exchange(writeRequest(mid, tree, p, v, req), writeResponse(mid, tree, req.length), true);
                exchange(readRequest(mid, tree, p, v, 1024, 0), readResponse(mid, tree, resp), true);
            }
            callId++;
        }
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, 0, 0, 0, 0, 0), true);
        return this;
    }

    /** The connection's clock: when its last frame was sent. */
    long now() {
        return c.now();
    }

    /** Pauses as a user does between actions. */
    SmbSession idle(long nanos) {
        c.pause(nanos);
        return this;
    }

    /** Tree disconnects, logoff and the TCP close; returns when the connection ended. */
    long close() {
        for (int tree = 1; tree < nextTree; tree += 4) exchange(treeDisconnect(mid, tree, false), treeDisconnect(mid, tree, true), true);
        exchange(logoff(mid, false), logoff(mid, true), true);
        return c.close().now();
    }

    private void exchange(byte[] request, byte[] response, boolean inSession) {
        if (inSession) {
            session(request, sessionId);
            session(response, sessionId);
        }
        c.clientSends(frame(request)).pause(50_000 + t.random().nextInt(400_000)).serverSends(frame(credits(response, 32)));
        mid++;
    }

    /** An NTLMSSP_MESSAGE_SIGNATURE (MS-NLMP 2.2.2.9.1), the mechListMIC of an NTLM SPNEGO exchange. */
    private byte[] signature() {
        byte[] s = random(16);
        s[0] = 1;
        s[1] = s[2] = s[3] = 0;
        s[12] = s[13] = s[14] = s[15] = 0;
        return s;
    }

    private static long filetime(long unixNanos) {
        return unixNanos / 100 + FILETIME_EPOCH;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }
}
