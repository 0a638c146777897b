package io.sluice.bench;

import static io.sluice.packet.craft.Smb2Messages.*;

import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.packet.craft.NtlmMessages;
import io.sluice.packet.craft.RpcStubs;
import io.sluice.packet.craft.SpnegoTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Windows client's SMB 3.1.1 session on port 445, as the generator's office traffic plays it:
 * negotiate with its contexts, an NTLM session setup inside SPNEGO (two round trips), a disk share
 * where one 48 KiB file is read and one 8 KiB file written, then IPC$ with the lsarpc pipe bound
 * and two DCE/RPC calls made through FSCTL_PIPE_TRANSCEIVE, tree disconnects and logoff. Message,
 * session, tree and file ids agree throughout, so the dissector pairs every response.
 */
final class SmbConversation {
    private static final long STATUS_MORE_PROCESSING = 0xC0000016L;
    private static final long FILETIME_2026 = 134_168_000_000_000_000L;
    private static final long SESSION = 0x0000_1000_0000_2a41L;

    private final SplittableRandom random = new SplittableRandom(445);
    private final List<Conversations.Chunk> chunks = new ArrayList<>();
    private long mid;

    private SmbConversation() {}

    static List<Conversations.Chunk> build() {
        var s = new SmbConversation();
        s.negotiate();
        s.ntlm();
        int disk = 1, ipc = 5;
        s.exchange(treeConnectRequest(s.mid, "\\\\FS01\\Projects"), treeConnectResponse(s.mid, disk, 1));
        s.readFile(disk, "budget\\2026-q1.xlsx", 48 * 1024);
        s.writeFile(disk, "notes\\meeting.txt", 8 * 1024);
        s.exchange(treeConnectRequest(s.mid, "\\\\FS01\\IPC$"), treeConnectResponse(s.mid, ipc, 2));
        s.lsarpc(ipc);
        s.exchange(treeDisconnect(s.mid, disk, false), treeDisconnect(s.mid, disk, true));
        s.exchange(treeDisconnect(s.mid, ipc, false), treeDisconnect(s.mid, ipc, true));
        s.exchange(logoff(s.mid, false), logoff(s.mid, true));
        return s.chunks;
    }

    private void negotiate() {
        byte[] hint = SpnegoTokens.serverHint(SpnegoTokens.MS_KRB5, SpnegoTokens.KRB5, SpnegoTokens.NTLMSSP);
        byte[] req = negotiateRequest(mid, random(16), random(32), "FS01", 0x0202, 0x0210, 0x0300, 0x0302, 0x0311);
        byte[] resp = negotiateResponse(mid, 0x0311, random(16), FILETIME_2026, random(32), hint);
        add(req, resp);
    }

    private void ntlm() {
        byte[] info = NtlmMessages.targetInfo("CORP", "corp.example", "FS01", "fs01.corp.example", FILETIME_2026);
        byte[] first = SpnegoTokens.negTokenInit(NtlmMessages.negotiate(), SpnegoTokens.NTLMSSP);
        byte[] challenge = SpnegoTokens.negTokenResp(1, SpnegoTokens.NTLMSSP, NtlmMessages.challenge("CORP", info, random(8)), null);
        exchange(sessionSetupRequest(mid, first), sessionSetupResponse(mid, STATUS_MORE_PROCESSING, challenge));
        byte[] auth = SpnegoTokens.negTokenResp(-1, null, NtlmMessages.authenticateV2("CORP", "alice", "WS042", info,
                "cifs/fs01.corp.example", FILETIME_2026, random(56)), random(16));
        exchange(sessionSetupRequest(mid, auth), sessionSetupResponse(mid, 0, SpnegoTokens.negTokenResp(0, null, null, random(16))));
    }

    private void readFile(int tree, String name, int size) {
        long p = 0x41, v = 0x77;
        exchange(createRequest(mid, tree, name, FILE_READ, OPEN, 0x44),
                createResponse(mid, tree, p, v, size, FILETIME_2026, FILETIME_2026, FILETIME_2026, FILETIME_2026));
        exchange(readRequest(mid, tree, p, v, size, 0), readResponse(mid, tree, random(size)));
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, FILETIME_2026, FILETIME_2026, FILETIME_2026, FILETIME_2026, size));
    }

    private void writeFile(int tree, String name, int size) {
        long p = 0x42, v = 0x78;
        exchange(createRequest(mid, tree, name, FILE_READ_WRITE, OVERWRITE_IF, 0x44),
                createResponse(mid, tree, p, v, 0, FILETIME_2026, FILETIME_2026, FILETIME_2026, FILETIME_2026));
        exchange(writeRequest(mid, tree, p, v, 0, random(size)), writeResponse(mid, tree, size));
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, FILETIME_2026, FILETIME_2026, FILETIME_2026, FILETIME_2026, size));
    }

    /** The pipe is opened and bound (write, then read of the bind_ack); each call is one transceive. */
    private void lsarpc(int tree) {
        long p = 0x43, v = 0x79;
        exchange(createRequest(mid, tree, "lsarpc", FILE_PIPE, OPEN, 0), createResponse(mid, tree, p, v, 0, 0, 0, 0, 0));
        byte[] bind = DceRpcPdus.bind(1, 0, RpcStubs.LSARPC, 0, 0, null);
        exchange(writeRequest(mid, tree, p, v, bind), writeResponse(mid, tree, bind.length));
        exchange(readRequest(mid, tree, p, v, 1024, 0), readResponse(mid, tree, DceRpcPdus.bindAck(1, 0x5e21, "\\PIPE\\lsarpc", null)));
        byte[] handle = random(16);
        transceive(tree, p, v, 2, RpcStubs.LSAR_OPEN_POLICY2, RpcStubs.openPolicy2Request("\\\\FS01"), RpcStubs.handleResponse(handle));
        transceive(tree, p, v, 3, RpcStubs.LSAR_LOOKUP_SIDS,
                RpcStubs.lookupSidsRequest(handle, List.of("S-1-5-21-1004336348-1177238915-682003330-1104")),
                RpcStubs.lookupSidsResponse(List.of(new RpcStubs.Domain("CORP", "S-1-5-21-1004336348-1177238915-682003330")),
                        List.of(new RpcStubs.Name(1, "alice", 0))));
        exchange(closeRequest(mid, tree, p, v), closeResponse(mid, tree, 0, 0, 0, 0, 0));
    }

    private void transceive(int tree, long p, long v, int callId, int opnum, byte[] stub, byte[] answer) {
        exchange(ioctlRequest(mid, tree, p, v, DceRpcPdus.request(callId, 0, opnum, stub, 3)),
                ioctlResponse(mid, tree, p, v, DceRpcPdus.response(callId, 0, answer, 3)));
    }

    private void exchange(byte[] request, byte[] response) {
        add(session(request, SESSION), session(response, SESSION));
    }

    private void add(byte[] request, byte[] response) {
        Conversations.tcp(chunks, true, frame(request));
        Conversations.tcp(chunks, false, frame(credits(response, 32)));
        mid++;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
