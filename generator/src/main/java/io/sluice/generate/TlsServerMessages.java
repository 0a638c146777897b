package io.sluice.generate;

import static io.sluice.packet.craft.TlsBytes.concat;
import static io.sluice.packet.craft.TlsBytes.ext;
import static io.sluice.packet.craft.TlsBytes.handshake;

import io.sluice.packet.craft.CertificateBytes.KeyType;
import io.sluice.packet.craft.DerWriter;
import io.sluice.packet.craft.TlsBytes;
import java.util.List;
import java.util.SplittableRandom;

/** The server's handshake messages (RFC 5246 7.4, RFC 8446 4.1.3 and 4.4.2), each with its 4-byte header. */
final class TlsServerMessages {
    static final int X25519 = 0x001d, P256 = 0x0017;

    private TlsServerMessages() {}

    /**
     * A TLS 1.2 ServerHello; it echoes {@code sessionId} to resume, and announces a new ticket with
     * an empty session_ticket extension.
     */
    static byte[] hello12(SplittableRandom r, int cipher, byte[] sessionId, String alpn, boolean ticket) {
        byte[] exts = concat(ext(0xff01, new byte[] {0}), ext(0x000b, new byte[] {1, 0}), ext(0x0017, new byte[0]),
                ticket ? ext(0x0023, new byte[0]) : new byte[0], alpn != null ? TlsBytes.alpn(alpn) : new byte[0]);
        return handshake(2, TlsBytes.serverHelloBody(0x0303, ClientHellos.random(r, 32), sessionId, cipher, exts));
    }

    /** A TLS 1.3 ServerHello: legacy fields of 1.2, supported_versions and key_share (and pre_shared_key to resume). */
    static byte[] hello13(SplittableRandom r, int cipher, byte[] clientSessionId, int group, boolean psk) {
        byte[] key = ClientHellos.random(r, group == P256 ? 65 : group == TlsSession.MLKEM ? 1120 : 32);
        if (group == P256) key[0] = 4;
        byte[] exts = concat(ext(0x002b, TlsBytes.u16s(0x0304)),
                ext(0x0033, concat(TlsBytes.u16s(group), ClientHellos.vec16(key))),
                psk ? ext(0x0029, TlsBytes.u16s(0)) : new byte[0]);
        return handshake(2, TlsBytes.serverHelloBody(0x0303, ClientHellos.random(r, 32), clientSessionId, cipher, exts));
    }

    /** Certificate (TLS 1.2 form): the chain, leaf first. */
    static byte[] certificate(List<byte[]> chain) {
        var list = TlsBytes.of();
        for (byte[] der : chain) list.vec24(der);
        return handshake(11, TlsBytes.of().vec24(list.build()).build());
    }

    /** ServerKeyExchange for ECDHE: the curve, the server's ephemeral point, and its signature with the leaf's key. */
    static byte[] serverKeyExchange(SplittableRandom r, int group, KeyType leafKey) {
        byte[] point = ClientHellos.random(r, group == P256 ? 65 : 32);
        if (group == P256) point[0] = 4;
        var b = TlsBytes.of().u8(3).u16(group).vec8(point);
        if (leafKey == KeyType.EC_P256) {
            byte[] rr = ClientHellos.random(r, 32), ss = ClientHellos.random(r, 32);
            b.u16(0x0403).vec16(DerWriter.sequence(DerWriter.unsignedInteger(rr), DerWriter.unsignedInteger(ss)));
        } else {
            byte[] sig = ClientHellos.random(r, 256);
            sig[0] &= 0x7f;
            b.u16(0x0804).vec16(sig); // rsa_pss_rsae_sha256, as current servers sign
        }
        return handshake(12, b.build());
    }

    static byte[] serverHelloDone() {
        return handshake(14, new byte[0]);
    }

    /** NewSessionTicket (RFC 5077 3.3): lifetime hint and an opaque ticket. */
    static byte[] newSessionTicket(byte[] ticket) {
        return handshake(4, TlsBytes.of().u16(0).u16(7200).vec16(ticket).build());
    }

    /** ClientKeyExchange for ECDHE: the client's ephemeral point. */
    static byte[] clientKeyExchange(SplittableRandom r, int group) {
        byte[] point = ClientHellos.random(r, group == P256 ? 65 : 32);
        if (group == P256) point[0] = 4;
        return handshake(16, ClientHellos.vec8(point));
    }
}
