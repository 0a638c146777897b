package io.sluice.generate;

import io.sluice.generate.ClientHellos.Profile;
import io.sluice.packet.craft.CertificateBytes.KeyType;
import io.sluice.packet.craft.RdpBytes;
import io.sluice.packet.craft.TlsBytes;
import java.util.SplittableRandom;

/**
 * A Remote Desktop connection inside the LAN ([MS-RDPBCGR] 1.3.1.1): the X.224 Connection Request
 * with the client's routing cookie and an RDP_NEG_REQ offering TLS and CredSSP, the Connection
 * Confirm choosing CredSSP (PROTOCOL_HYBRID), then TLS to the listener's self-signed certificate
 * (what Windows makes unless a CA issues one), and inside it CredSSP, the MCS setup and the session:
 * screen updates from the server, input from the client, at a human pace.
 */
final class RdpConnection {
    private static final long MS = 1_000_000L;
    static final long PROTOCOL_SSL = 1, PROTOCOL_HYBRID = 2, PROTOCOL_HYBRID_EX = 8;

    private RdpConnection() {}

    static void play(TcpConversation c, SplittableRandom r, String user, String serverName, CertificateChains pki, int seconds) {
        long offered = PROTOCOL_SSL | PROTOCOL_HYBRID | (r.nextBoolean() ? PROTOCOL_HYBRID_EX : 0);
        c.clientSends(RdpBytes.connectionRequest(user, offered));
        c.serverSends(RdpBytes.connectionConfirm(2, PROTOCOL_HYBRID));
        var site = new TlsSession.Site(serverName, false, KeyType.RSA_2048, 0xc030,
                0x1302, TlsServerMessages.P256, null, true);
        TlsSession.handshake(c, r, Profile.SCHANNEL, site, pki, null);
        // CredSSP: NTLM negotiate, challenge, authenticate with the credentials, the server's public key echo
        c.clientSends(TlsHello.encrypted(r, 90 + r.nextInt(20))).serverSends(TlsHello.encrypted(r, 330 + r.nextInt(40)));
        c.clientSends(TlsHello.encrypted(r, 900 + r.nextInt(300))).serverSends(TlsHello.encrypted(r, 330));
        c.clientSends(TlsHello.encrypted(r, 120));
        // MCS connect, channel joins, licensing, capabilities: a dozen exchanges of a few hundred bytes
        for (int i = 0; i < 12; i++) c.clientSends(TlsHello.encrypted(r, 20 + r.nextInt(500))).serverSends(TlsHello.encrypted(r, 20 + r.nextInt(900)));
        long end = c.now() + seconds * 1_000L * MS;
        while (c.now() < end) {
            c.pause((30 + r.nextInt(r.nextInt(5) == 0 ? 3_000 : 300)) * MS);
            if (r.nextInt(3) == 0) c.clientSends(TlsHello.encrypted(r, 20 + r.nextInt(60))); // mouse and keys
            int update = r.nextInt(6) == 0 ? 10_000 + r.nextInt(90_000) : 100 + r.nextInt(3_000);
            c.serverSends(TlsHello.encrypted(r, update));
        }
        c.clientSends(TlsHello.encrypted(r, 40)); // shutdown request, then close_notify
        c.clientSends(TlsBytes.record(0x15, ClientHellos.random(r, 26)));
        c.close();
    }
}
