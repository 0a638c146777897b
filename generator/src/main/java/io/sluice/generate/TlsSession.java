package io.sluice.generate;

import static io.sluice.packet.craft.TlsBytes.concat;
import static io.sluice.packet.craft.TlsBytes.record;

import io.sluice.generate.ClientHellos.Profile;
import io.sluice.generate.ClientHellos.Resumption;
import io.sluice.packet.craft.CertificateBytes.KeyType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One TLS connection over a {@link TcpConversation}, as a browser and a web server write it: a full
 * TLS 1.2 handshake (hello, certificate chain, ECDHE key exchange, ChangeCipherSpec, encrypted
 * Finished, a session ticket), an abbreviated 1.2 resumption, a TLS 1.3 handshake (everything after
 * the ServerHello encrypted, the middlebox-compatibility ChangeCipherSpec), or a 1.3 resumption with
 * a ticket as pre-shared key; then requests and responses of realistic sizes, and close_notify.
 */
final class TlsSession {
    private static final long MS = 1_000_000L;
    static final int MLKEM = 0x11ec;

    /**
     * A web server: the versions and suites it chooses, its certificate's key, the key-exchange
     * group it prefers, and the ALPN it picks when offered.
     */
    record Site(String name, boolean tls13, KeyType key, int cipher12, int cipher13, int group, String alpn, boolean selfSigned) {}

    private TlsSession() {}

    /**
     * Plays the handshake and {@code exchanges} request/response pairs, then closes.
     *
     * @param resume what the client kept from an earlier connection to this site, or null
     * @return what the client keeps for the next connection
     */
    static Resumption play(TcpConversation c, SplittableRandom r, Profile profile, Site site, CertificateChains pki,
            Resumption resume, int exchanges) {
        Resumption next = handshake(c, r, profile, site, pki, resume);
        boolean tls13 = next.psk();
        for (int i = 0; i < exchanges; i++) {
            c.pause((5 + r.nextInt(i == 0 ? 40 : 2_500)) * MS);
            c.clientSends(TlsHello.encrypted(r, 60 + r.nextInt(r.nextInt(8) == 0 ? 4_000 : 700)));
            int size = r.nextInt(10) == 0 ? 20_000 + r.nextInt(180_000) : 200 + r.nextInt(r.nextBoolean() ? 3_000 : 24_000);
            c.serverSends(TlsHello.encrypted(r, size));
        }
        c.pause((100 + r.nextInt(4_000)) * MS);
        c.clientSends(record(0x15, ClientHellos.random(r, tls13 ? 19 : 26))); // close_notify, encrypted
        c.close();
        return next;
    }

    /** The handshake alone, for protocols that carry their own traffic inside TLS (RDP). */
    static Resumption handshake(TcpConversation c, SplittableRandom r, Profile profile, Site site, CertificateChains pki,
            Resumption resume) {
        boolean tls13 = site.tls13() && ClientHellos.offersTls13(profile);
        if (resume != null && resume.psk() != tls13) resume = null; // a ticket is only good for the version it came from
        byte[] hello = ClientHellos.tcp(profile, r, site.name(), resume);
        c.clientSends(record(0x16, 0x0301, hello));
        byte[] clientSessionId = sessionId(hello);
        return tls13 ? handshake13(c, r, profile, site, pki, resume, clientSessionId)
                : handshake12(c, r, site, pki, resume, clientSessionId);
    }

    private static Resumption handshake12(TcpConversation c, SplittableRandom r, Site site, CertificateChains pki,
            Resumption resume, byte[] clientSessionId) {
        int cipher = site.cipher12();
        boolean resumed = resume != null && !resume.psk() && r.nextInt(5) != 0; // the server may have forgotten it
        byte[] ticket = ClientHellos.random(r, 160 + 16 * r.nextInt(4));
        if (resumed) {
            c.serverSends(concat(record(0x16, concat(TlsServerMessages.hello12(r, cipher, clientSessionId, site.alpn(), true),
                    TlsServerMessages.newSessionTicket(ticket))), changeCipherSpec(), finished12(r)));
            c.clientSends(concat(changeCipherSpec(), finished12(r)));
            return new Resumption(clientSessionId, ticket, false);
        }
        byte[] sessionId = ClientHellos.random(r, 32);
        int group = site.group() == MLKEM ? TlsServerMessages.X25519 : site.group();
        List<byte[]> chain = pki.chain(site);
        // the server's flight fills records of at most 16 KiB, as OpenSSL and nginx write it
        c.serverSends(record(0x16, concat(TlsServerMessages.hello12(r, cipher, sessionId, site.alpn(), true),
                TlsServerMessages.certificate(chain), TlsServerMessages.serverKeyExchange(r, group, site.key()),
                TlsServerMessages.serverHelloDone())));
        c.clientSends(concat(record(0x16, TlsServerMessages.clientKeyExchange(r, group)), changeCipherSpec(), finished12(r)));
        c.serverSends(concat(record(0x16, TlsServerMessages.newSessionTicket(ticket)), changeCipherSpec(), finished12(r)));
        return new Resumption(sessionId, ticket, false);
    }

    private static Resumption handshake13(TcpConversation c, SplittableRandom r, Profile profile, Site site,
            CertificateChains pki, Resumption resume, byte[] clientSessionId) {
        boolean psk = resume != null && resume.psk();
        int group = site.group() == MLKEM && profile != Profile.CHROME ? TlsServerMessages.X25519 : site.group();
        if (group == TlsServerMessages.P256 && profile == Profile.CURL) group = TlsServerMessages.X25519;
        byte[] hello = TlsServerMessages.hello13(r, site.cipher13(), clientSessionId, group, psk);
        // EncryptedExtensions, Certificate, CertificateVerify and Finished in one encrypted record
        int chainBytes = 0;
        if (!psk) for (byte[] der : pki.chain(site)) chainBytes += der.length + 5;
        int flight = psk ? 60 + r.nextInt(40) : chainBytes + (site.key() == KeyType.EC_P256 ? 150 : 330) + r.nextInt(40);
        c.serverSends(concat(record(0x16, hello), changeCipherSpec(), TlsHello.encrypted(r, flight)));
        c.clientSends(concat(changeCipherSpec(), record(0x17, ClientHellos.random(r, 53))));
        // two NewSessionTickets after the handshake, as OpenSSL sends by default
        c.serverSends(concat(record(0x17, ClientHellos.random(r, 250 + r.nextInt(8))), record(0x17, ClientHellos.random(r, 250 + r.nextInt(8)))));
        return new Resumption(null, ClientHellos.random(r, 192), true);
    }

    private static byte[] changeCipherSpec() {
        return record(0x14, new byte[] {1});
    }

    /** TLS 1.2 Finished under AES-GCM: 8 bytes of explicit nonce, 16 of verify data, 16 of tag. */
    private static byte[] finished12(SplittableRandom r) {
        return record(0x16, ClientHellos.random(r, 40));
    }

    /** The legacy session id of a ClientHello handshake message (after type, length, version and random). */
    private static byte[] sessionId(byte[] hello) {
        int len = hello[38] & 0xff;
        return java.util.Arrays.copyOfRange(hello, 39, 39 + len);
    }
}
