package io.sluice.generate;

import static io.sluice.packet.craft.QuicPackets.concat;
import static io.sluice.packet.craft.QuicPackets.cryptoFrame;
import static io.sluice.packet.craft.QuicPackets.varint;

import io.sluice.generate.ClientHellos.Profile;
import io.sluice.packet.craft.QuicPackets;
import io.sluice.protocol.quic.QuicVersion;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;

/**
 * One HTTP/3 connection over QUIC version 1 (RFC 9000, RFC 9001): the client's Initial packets
 * carry its ClientHello in CRYPTO frames, protected with the Initial keys of its Destination
 * Connection ID and padded to 1250 bytes as Chrome does; the server answers with an Initial (ACK
 * and ServerHello) coalesced with Handshake packets, then both sides send 1-RTT packets: requests,
 * responses in full-sized datagrams, and acknowledgements. Only Initial packets can be opened by
 * an observer, so everything else is random bytes of the right sizes.
 */
final class QuicSession {
    private static final long MS = 1_000_000L;
    private static final int DATAGRAM = 1250;

    private final Timeline t;
    private final SplittableRandom r;
    private final Host client, server;
    private final int clientPort;
    private final long rtt;
    private long now;

    QuicSession(Timeline t, Host client, int clientPort, Host server, long start, long rtt) {
        this.t = t;
        this.r = t.random();
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.now = start;
        this.rtt = rtt;
    }

    /** The handshake, then {@code requests} request/response exchanges. Returns when it ended. */
    long play(Profile profile, String serverName, int requests) {
        byte[] dcid = ClientHellos.random(r, 8), clientCid = ClientHellos.random(r, 8), serverCid = ClientHellos.random(r, 8);
        byte[] hello = ClientHellos.quic(profile, r, serverName, transportParameters(clientCid));
        long pn = 0;
        for (int off = 0; off < hello.length; off += 1100, pn++) { // a hybrid key share needs two packets
            int len = Math.min(1100, hello.length - off);
            send(true, padded(dcid, dcid, clientCid, pn, cryptoFrame(off, hello, off, len)));
        }
        now += rtt / 2;
        byte[] serverHello = TlsServerMessages.hello13(r, 0x1301, new byte[0], TlsServerMessages.X25519, false);
        byte[] serverInitial = initial(false, dcid, clientCid, serverCid, 0, concat(ack(pn - 1), cryptoFrame(0, serverHello, 0,
                serverHello.length)));
        send(false, concat(serverInitial, handshake(clientCid, serverCid, DATAGRAM - serverInitial.length - 26)));
        now += 200_000;
        send(false, handshake(clientCid, serverCid, DATAGRAM - 26));
        now += 200_000;
        send(false, concat(handshake(clientCid, serverCid, 300 + r.nextInt(600)), shortPacket(clientCid, 40 + r.nextInt(30))));
        now += rtt / 2;
        byte[] clientAck = initial(true, dcid, serverCid, clientCid, pn, ack(0));
        send(true, concat(clientAck, handshake(serverCid, clientCid, DATAGRAM - clientAck.length - 26)));
        for (int i = 0; i < requests; i++) {
            now += (2 + r.nextInt(i == 0 ? 5 : 1_500)) * MS;
            send(true, shortPacket(serverCid, 60 + r.nextInt(r.nextInt(6) == 0 ? 1_100 : 300))); // HEADERS (and a body)
            now += rtt / 2;
            int response = 300 + r.nextInt(r.nextInt(8) == 0 ? 300_000 : 30_000);
            for (int sent = 0; sent < response; sent += DATAGRAM - 30) {
                send(false, shortPacket(clientCid, Math.min(DATAGRAM - 30, response - sent + 20)));
                now += 100_000;
                if ((sent / (DATAGRAM - 30)) % 2 == 1) send(true, shortPacket(serverCid, 25 + r.nextInt(8))); // ACK
            }
        }
        now += (500 + r.nextInt(5_000)) * MS;
        send(true, shortPacket(serverCid, 30 + r.nextInt(10))); // CONNECTION_CLOSE
        return now;
    }

    /** RFC 9000 18.2, the parameters Chrome sends (and a GREASE quic_bit). */
    private byte[] transportParameters(byte[] scid) {
        var p = new ByteArrayOutputStream();
        param(p, 0x01, varint(30_000)); // max_idle_timeout
        param(p, 0x03, varint(1_472)); // max_udp_payload_size
        param(p, 0x04, varint(15_728_640)); // initial_max_data
        param(p, 0x05, varint(6_291_456));
        param(p, 0x06, varint(6_291_456));
        param(p, 0x07, varint(6_291_456));
        param(p, 0x08, varint(100)); // initial_max_streams_bidi
        param(p, 0x09, varint(103));
        param(p, 0x0f, scid); // initial_source_connection_id
        param(p, 0x20, varint(65_536)); // max_datagram_frame_size
        param(p, 0x2ab2, new byte[0]); // grease_quic_bit
        param(p, 0x11, concat(QuicPackets.u32(1), QuicPackets.u32(0x1a2a3a4a), QuicPackets.u32(1))); // version_information
        return p.toByteArray();
    }

    private static void param(ByteArrayOutputStream p, int id, byte[] value) {
        p.writeBytes(varint(id));
        p.writeBytes(varint(value.length));
        p.writeBytes(value);
    }

    private static byte[] ack(long largest) {
        return concat(new byte[] {0x02}, varint(largest), varint(0), varint(0), varint(0));
    }

    /** A client Initial padded with PADDING frames so its datagram is {@link #DATAGRAM} bytes (RFC 9000 14.1). */
    private byte[] padded(byte[] keyDcid, byte[] dcid, byte[] scid, long pn, byte[] frames) {
        int overhead = 1 + 4 + 1 + dcid.length + 1 + scid.length + 1 + 2 + 2 + 16;
        return initial(true, keyDcid, dcid, scid, pn, concat(frames, new byte[Math.max(0, DATAGRAM - overhead - frames.length)]));
    }

    private byte[] initial(boolean fromClient, byte[] keyDcid, byte[] dcid, byte[] scid, long pn, byte[] frames) {
        try {
            return QuicPackets.initial(QuicVersion.V1, fromClient, keyDcid, dcid, scid, pn, 2, frames);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES-GCM", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] handshake(byte[] dcid, byte[] scid, int length) {
        return QuicPackets.longPacket(QuicVersion.V1, QuicVersion.HANDSHAKE, dcid, scid, ClientHellos.random(r, Math.max(40, length)));
    }

    private byte[] shortPacket(byte[] dcid, int length) {
        return QuicPackets.shortPacket(r.nextInt(64), dcid, ClientHellos.random(r, length));
    }

    private void send(boolean fromClient, byte[] payload) {
        Host src = fromClient ? client : server, dst = fromClient ? server : client;
        t.add(now, Frames.ip(src, dst).udp(fromClient ? clientPort : 443, fromClient ? 443 : clientPort).payload(payload).build());
    }
}
