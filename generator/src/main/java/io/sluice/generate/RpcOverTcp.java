package io.sluice.generate;

import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.packet.craft.NtlmMessages;
import io.sluice.packet.craft.RpcStubs;
import java.util.List;

/**
 * DCE/RPC straight over TCP (MS-RPCE 2.1.1.1): the client asks the endpoint mapper on port 135
 * where an interface listens (ept_map), then connects to that dynamic port, binds with NTLM at
 * the connect level (bind, bind_ack with the challenge, auth3) and makes its calls.
 */
final class RpcOverTcp {
    private final Timeline t;
    private final Host server;

    RpcOverTcp(Timeline t, Host server) {
        this.t = t;
        this.server = server;
    }

    /** ept_map for {@code iface}; the answer names {@code port}. Returns when the connection ended. */
    long endpointLookup(long at, Host client, String iface, int major, int minor, int port) {
        long rtt = 300_000 + t.random().nextInt(600_000);
        var c = new TcpConversation(t, client, 49_700 + t.random().nextInt(15_000), server, 135, at, rtt).handshake();
        int assoc = 0x1000 + t.random().nextInt(0xf000);
        c.clientSends(DceRpcPdus.bind(2, 0, RpcStubs.EPMAPPER, 3, 0, null));
        c.serverSends(DceRpcPdus.bindAck(2, assoc, "135", null));
        byte[] parsed = io.sluice.packet.IpAddress.parse(server.ip()); // 16 bytes, IPv4-mapped
        byte[] ip = java.util.Arrays.copyOfRange(parsed, parsed.length - 4, parsed.length);
        c.clientSends(DceRpcPdus.request(2, 0, RpcStubs.EPT_MAP, RpcStubs.eptMapRequest(iface, major, minor), 3));
        c.serverSends(DceRpcPdus.response(2, 0, RpcStubs.eptMapResponse(iface, major, minor, port, ip), 3));
        return c.close().now();
    }

    /** An NTLM-authenticated association on {@code port} making {@code calls} on {@code iface}. */
    long calls(long at, Host client, int port, String iface, int major, int minor, List<SmbSession.Call> calls,
            String domain, String user, String workstation, String serverNb, String serverFqdn, String dnsDomain) {
        long rtt = 300_000 + t.random().nextInt(600_000);
        var c = new TcpConversation(t, client, 49_700 + t.random().nextInt(15_000), server, port, at, rtt).handshake();
        int assoc = 0x1000 + t.random().nextInt(0xf000);
        long now = at / 100 + 116_444_736_000_000_000L;
        byte[] info = NtlmMessages.targetInfo(domain, dnsDomain, serverNb, serverFqdn, now);
        c.clientSends(DceRpcPdus.bind(2, 0, iface, major, minor, NtlmMessages.negotiate()));
        c.serverSends(DceRpcPdus.bindAck(2, assoc, Integer.toString(port), NtlmMessages.challenge(domain, info, random(8))));
        c.clientSends(DceRpcPdus.auth3(2, NtlmMessages.authenticateV2(domain, user, workstation, info,
                "host/" + serverFqdn, now, random(56))));
        int callId = 3;
        for (var call : calls) {
            c.clientSends(DceRpcPdus.request(callId, 0, call.opnum(), call.request(), 3));
            c.serverSends(DceRpcPdus.response(callId, 0, call.response(), 3));
            callId++;
        }
        return c.close().now();
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) t.random().nextInt(256);
        return b;
    }
}
