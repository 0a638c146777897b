package io.sluice.protocol.quic;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.tls.ClientHello;
import io.sluice.protocol.tls.Ja4;
import io.sluice.protocol.tls.ServerHello;
import io.sluice.protocol.tls.TlsDissector;
import java.nio.ByteBuffer;

/**
 * QUIC on one UDP connection, following Zeek's QUIC analyzer ({@code QUIC.spicy}) and
 * {@code base/protocols/quic/main.zeek} so that quic.log, and the ssl.log row Zeek writes for
 * QUIC, compare field by field with Zeek's:
 *
 * <ul>
 *   <li>every datagram is walked packet by packet (coalesced packets); long-header packets of a
 *       handled version add a history letter and set the connection ids; a short-header packet
 *       ends the datagram and counts towards the 1st, 2nd, 4th, 8th, ... short-packet letter; a
 *       packet without the fixed bit is discarded (letter X once something was decrypted);
 *   <li>Initial packets are decrypted with keys derived from the client's first Destination
 *       Connection ID ({@link InitialKeys}, {@link InitialPacketOpener}) until the direction's
 *       CRYPTO stream ({@link CryptoStream}) holds its whole first handshake message; PADDING,
 *       PING and ACK frames are skipped, CONNECTION_CLOSE logs the record;
 *   <li>the ClientHello and ServerHello go, framed as one TLS record each as Zeek does, to a
 *       {@link TlsDissector} for the ssl.log row (with QUIC's JA4/JA4S, see
 *       {@link TlsOverQuicContext}), and are parsed here for server_name, client_protocol, JA4, JA4S;
 *   <li>a Retry or a packet of an unhandled version logs the record and starts a new one; a Retry
 *       also restarts decryption with the client's next Destination Connection ID.
 * </ul>
 * A decryption failure is a weird; before QUIC was confirmed it ends the inspection, as Zeek
 * disables an analyzer that fails before confirmation. Nothing here throws on any input.
 *
 * <p>Differences from Zeek: after a Retry Zeek closes its SSL analyzer and starts another on the
 * same ssl.log record; here the one TLS dissector sees both ClientHellos.
 */
public final class QuicDissector implements Dissector {
    static final int MAX_HISTORY = 100;
    static final int MAX_DISCARDED_EVENTS = 100;

    private final TlsDissector tls = new TlsDissector();
    private final TlsOverQuicContext tlsCtx = new TlsOverQuicContext();
    private final InitialPacketOpener opener = new InitialPacketOpener();
    private final CryptoStream clientCrypto = new CryptoStream(), serverCrypto = new CryptoStream();
    private boolean clientCryptoDone, serverCryptoDone;
    private byte[] initialDcid;
    private InitialKeys clientKeys, serverKeys;
    private long clientLargestPn = -1, serverLargestPn = -1;
    private int clientCidLen;
    private byte[] packet, plain;
    private boolean confirmed, stopped;
    private int cur; // read position in the decrypted frames
    private long totalDecrypted, totalDiscarded;
    private long origShort, origNextThreshold = 1, respShort, respNextThreshold = 1;

    // the record being built (Zeek's c$quic)
    private boolean open;
    private long recTs;
    private String recVersion, clientInitialDcid, clientScid, serverScid, serverName, clientProtocol, ja4, ja4s;
    private final StringBuilder history = new StringBuilder();

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (stopped || length <= 0 || offset < 0 || offset + length > buf.limit()) return;
        tlsCtx.outer = ctx;
        int p = offset, end = offset + length;
        while (p < end && !stopped) {
            int next = packet(fromOrig, buf, p, end, ctx);
            if (next <= p) break;
            p = next;
        }
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        tlsCtx.outer = ctx;
        log(ctx);
        tls.onEnd(tlsCtx);
        stopped = true;
    }

    @Override
    public boolean wantsMore() {
        if (stopped) return false;
        // with both hellos read and the history full, nothing the logs show can change
        return !(clientCryptoDone && serverCryptoDone && history.length() >= MAX_HISTORY);
    }

    /** Bytes held for reassembly and decryption, for tests of the memory bound. */
    int bufferedBytes() {
        return clientCrypto.bufferedBytes() + serverCrypto.bufferedBytes()
                + (packet == null ? 0 : packet.length) + (plain == null ? 0 : plain.length);
    }

    // ---- packets

    /** Handles the packet at {@code p}; returns where the next one starts ({@code end} for the rest). */
    private int packet(boolean fromOrig, ByteBuffer buf, int p, int end, DissectorContext ctx) {
        int b0 = buf.get(p) & 0xff;
        if ((b0 & 0x40) == 0) {
            // RFC 9000 17.2: packets without the fixed bit are discarded (trailing padding, VN, junk)
            totalDiscarded++;
            if (totalDecrypted > 0 && totalDiscarded <= MAX_DISCARDED_EVENTS) {
                if (open) addHistory(fromOrig, 'X', ctx);
                else ctx.weird("QUIC_spurious_discarded_packet", null);
            }
            return end;
        }
        if ((b0 & 0x80) == 0) {
            shortPacket(fromOrig, end - p, ctx);
            return end;
        }
        if (end - p < 7) return truncated(end, ctx, "long header");
        int version = u32(buf, p + 1);
        int q = p + 5;
        int dcidLen = buf.get(q++) & 0xff;
        int dcidOff = q;
        q += dcidLen;
        if (q + 1 > end) return truncated(end, ctx, "destination connection id");
        int scidLen = buf.get(q++) & 0xff;
        int scidOff = q;
        q += scidLen;
        if (q > end) return truncated(end, ctx, "source connection id");
        if (!QuicVersion.handled(version)) {
            if (!open) setSession(fromOrig, version, buf, dcidOff, dcidLen, scidOff, scidLen, ctx);
            addHistory(fromOrig, 'U', ctx);
            log(ctx);
            return end;
        }
        int type = QuicVersion.packetType(version, b0);
        if (type == QuicVersion.RETRY) {
            if (!open) setSession(fromOrig, version, buf, dcidOff, dcidLen, scidOff, scidLen, ctx);
            addHistory(fromOrig, 'R', ctx);
            log(ctx);
            resetCrypto();
            return end;
        }
        if (type == QuicVersion.INITIAL) {
            if (q >= end || q + Varint.size(buf.get(q)) > end) return truncated(end, ctx, "token length");
            long tokenLen = Varint.read(buf, q);
            q += Varint.size(buf.get(q));
            if (tokenLen > end - q) return truncated(end, ctx, "token");
            q += (int) tokenLen;
        }
        if (q >= end || q + Varint.size(buf.get(q)) > end) return truncated(end, ctx, "length");
        long length = Varint.read(buf, q);
        q += Varint.size(buf.get(q));
        if (length > end - q) return truncated(end, ctx, "payload");
        int pktEnd = q + (int) length;
        if (type == QuicVersion.INITIAL && length < 20) {
            // Zeek requires room for a 4-byte packet number and the 16-byte sample
            ctx.weird("QUIC_initial_packet_too_short", Long.toString(length));
            return end;
        }
        setSession(fromOrig, version, buf, dcidOff, dcidLen, scidOff, scidLen, ctx);
        addHistory(fromOrig, type == QuicVersion.INITIAL ? 'I' : type == QuicVersion.HANDSHAKE ? 'H' : 'Z', ctx);
        if (type == QuicVersion.INITIAL && canDecrypt(fromOrig, version)) {
            initial(fromOrig, version, buf, p, q, pktEnd, dcidOff, dcidLen, scidLen, ctx);
        }
        return pktEnd;
    }

    /** A packet that does not fit its datagram: the rest of the datagram is dropped. */
    private static int truncated(int end, DissectorContext ctx, String where) {
        ctx.weird("QUIC_truncated_packet", where);
        return end;
    }

    private void shortPacket(boolean fromOrig, int len, DissectorContext ctx) {
        if (len < 1 + clientCidLen) return; // Zeek's parser fails before counting it
        long count;
        if (fromOrig) {
            count = ++origShort;
            if (count != origNextThreshold) return;
            origNextThreshold <<= 1;
        } else {
            count = ++respShort;
            if (count != respNextThreshold) return;
            respNextThreshold <<= 1;
        }
        if (open) addHistory(fromOrig, 'O', ctx);
        else ctx.weird("QUIC_spurious_short_packet_threshold_crossed", Long.toString(count));
    }

    private boolean canDecrypt(boolean fromOrig, int version) {
        if (fromOrig ? clientCryptoDone : serverCryptoDone) return false;
        if (!fromOrig && initialDcid == null) return false;
        return QuicVersion.salt(version) != null;
    }

    private void initial(boolean fromOrig, int version, ByteBuffer buf, int start, int pnOffset, int end,
            int dcidOff, int dcidLen, int scidLen, DissectorContext ctx) {
        if (fromOrig) {
            clientCidLen = scidLen;
            if (initialDcid == null) {
                initialDcid = new byte[dcidLen];
                buf.get(dcidOff, initialDcid, 0, dcidLen);
            }
            if (clientKeys == null || clientKeys.version() != version) {
                clientKeys = InitialCrypto.get().keys(version, initialDcid, 0, initialDcid.length, true);
            }
        } else {
            clientCidLen = dcidLen;
            if (serverKeys == null || serverKeys.version() != version) {
                serverKeys = InitialCrypto.get().keys(version, initialDcid, 0, initialDcid.length, false);
            }
        }
        InitialKeys keys = fromOrig ? clientKeys : serverKeys;
        int len = end - start;
        if (packet == null || packet.length < len) packet = new byte[Math.max(len, 1500)];
        if (plain == null || plain.length < len) plain = new byte[Math.max(len, 1500)];
        buf.get(start, packet, 0, len);
        int n = keys == null ? -1
                : opener.open(keys, packet, 0, pnOffset - start, len, fromOrig ? clientLargestPn : serverLargestPn, plain);
        if (n < 0) {
            ctx.weird("QUIC_initial_decryption_failed", fromOrig ? "orig" : "resp");
            if (!confirmed) stopped = true;
            return;
        }
        if (fromOrig) clientLargestPn = Math.max(clientLargestPn, opener.packetNumber);
        else serverLargestPn = Math.max(serverLargestPn, opener.packetNumber);
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("quic");
        }
        totalDecrypted++;
        frames(fromOrig, plain, n, ctx);
    }

    // ---- frames of a decrypted Initial packet

    private void frames(boolean fromOrig, byte[] b, int n, DissectorContext ctx) {
        cur = 0;
        while (cur < n) {
            int type = b[cur++] & 0xff;
            boolean ok = true;
            switch (type) {
                case 0x00 -> {
                    while (cur < n && b[cur] == 0) cur++;
                }
                case 0x01 -> { }
                case 0x02, 0x03 -> {
                    // largest acknowledged, delay, range count, first range, ranges (gap, length), ECN counts
                    next(b, n);
                    next(b, n);
                    long ranges = next(b, n);
                    ok = next(b, n) >= 0 && ranges >= 0 && ranges <= (n - cur) / 2;
                    for (long k = 2 * ranges + (type == 0x03 ? 3 : 0); ok && k > 0; k--) ok = next(b, n) >= 0;
                }
                case 0x06 -> {
                    long offset = next(b, n);
                    long len = next(b, n);
                    ok = offset >= 0 && len >= 0 && len <= n - cur;
                    if (ok) {
                        crypto(fromOrig, offset, b, cur, (int) len, ctx);
                        cur += (int) len;
                    }
                }
                case 0x1c -> {
                    // error code, frame type, reason phrase
                    next(b, n);
                    next(b, n);
                    long reason = next(b, n);
                    ok = reason >= 0 && reason <= n - cur;
                    if (ok) {
                        cur += (int) reason;
                        connectionClose(fromOrig, ctx);
                    }
                }
                default -> {
                    // Zeek's parser stops at frames an Initial may not carry
                    ctx.weird("QUIC_unhandled_frame_type", Integer.toHexString(type));
                    return;
                }
            }
            if (!ok) {
                ctx.weird("QUIC_truncated_frame", Integer.toHexString(type));
                return;
            }
        }
    }

    /** Reads the varint at {@link #cur} and moves past it; -1 (and {@code cur} at {@code n}) if truncated. */
    private long next(byte[] b, int n) {
        if (cur >= n || cur + Varint.size(b[cur]) > n) {
            cur = n;
            return -1;
        }
        long v = Varint.read(b, cur);
        cur += Varint.size(b[cur]);
        return v;
    }

    private void crypto(boolean fromOrig, long offset, byte[] b, int off, int len, DissectorContext ctx) {
        if (fromOrig ? clientCryptoDone : serverCryptoDone) return;
        CryptoStream s = fromOrig ? clientCrypto : serverCrypto;
        CryptoStream.Result r = s.add(offset, b, off, len);
        if (r == CryptoStream.Result.OUT_OF_BOUNDS) {
            ctx.weird("QUIC_crypto_data_out_of_bounds", offset + "+" + len);
            return;
        }
        int ml = s.messageLength();
        if (ml > CryptoStream.MAX_MESSAGE + 4) {
            ctx.weird("QUIC_crypto_message_too_large", Integer.toString(ml - 4));
            cryptoDone(fromOrig);
            return;
        }
        if (r == CryptoStream.Result.COMPLETE) {
            hello(fromOrig, s.bytes(), ml, ctx);
            cryptoDone(fromOrig);
        }
    }

    private void cryptoDone(boolean fromOrig) {
        if (fromOrig) {
            clientCryptoDone = true;
            clientCrypto.reset();
        } else {
            serverCryptoDone = true;
            serverCrypto.reset();
        }
    }

    /** The direction's first handshake message, complete: to TLS, and the fields quic.log takes from it. */
    private void hello(boolean fromOrig, byte[] m, int len, DissectorContext ctx) {
        // Zeek hands the message to its SSL analyzer as one handshake record of version 0x0303
        byte[] record = new byte[5 + len];
        record[0] = 22;
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) (len >> 8);
        record[4] = (byte) len;
        System.arraycopy(m, 0, record, 5, len);
        tls.onData(fromOrig, ByteBuffer.wrap(record), 0, record.length, tlsCtx);
        if (fromOrig) {
            ClientHello ch = ClientHello.parseMessage(m, 0, len);
            if (ch == null || !open) return;
            if (!ch.serverNames().isEmpty()) serverName = ch.serverNames().get(0);
            if (!ch.alpn().isEmpty()) {
                clientProtocol = ch.alpn().get(0);
                if (ch.alpn().size() > 1) ctx.weird("QUIC_many_protocols", String.join(",", ch.alpn()));
            }
            ja4 = Ja4.ja4(ch, Ja4.QUIC);
            addHistory(true, 'S', ctx);
        } else {
            ServerHello sh = ServerHello.parseMessage(m, 0, len);
            if (sh == null || !open) return;
            ja4s = Ja4.ja4s(sh, Ja4.QUIC);
            addHistory(false, 'S', ctx);
        }
    }

    private void connectionClose(boolean fromOrig, DissectorContext ctx) {
        if (!open) return;
        addHistory(fromOrig, 'C', ctx);
        log(ctx);
    }

    private void resetCrypto() {
        clientCrypto.reset();
        serverCrypto.reset();
        clientCryptoDone = serverCryptoDone = false;
        initialDcid = null;
        clientKeys = serverKeys = null;
        clientLargestPn = serverLargestPn = -1;
    }

    // ---- the record

    private void setSession(boolean fromOrig, int version, ByteBuffer buf, int dcidOff, int dcidLen, int scidOff,
            int scidLen, DissectorContext ctx) {
        if (!open) {
            open = true;
            recTs = ctx.tsNanos();
            recVersion = QuicVersion.name(version);
            clientInitialDcid = clientScid = serverScid = serverName = clientProtocol = ja4 = ja4s = null;
            history.setLength(0);
        }
        if (fromOrig && dcidLen > 0 && clientInitialDcid == null) clientInitialDcid = hex(buf, dcidOff, dcidLen);
        if (fromOrig) clientScid = hex(buf, scidOff, scidLen);
        else serverScid = hex(buf, scidOff, scidLen);
    }

    private void addHistory(boolean fromOrig, char letter, DissectorContext ctx) {
        if (!open || history.length() >= MAX_HISTORY) return;
        history.append(fromOrig ? letter : Character.toLowerCase(letter));
        if (history.length() == MAX_HISTORY) ctx.weird("QUIC_max_history_length_reached", null);
    }

    private void log(DissectorContext ctx) {
        if (!open) return;
        open = false;
        ctx.emit(new QuicConnection(recTs, ctx.uid(), ctx.id(), recVersion, clientInitialDcid, clientScid, serverScid,
                serverName, clientProtocol, history.toString(), ja4, ja4s));
    }

    static int u32(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 24) | ((b.get(p + 1) & 0xff) << 16) | ((b.get(p + 2) & 0xff) << 8)
                | (b.get(p + 3) & 0xff);
    }

    private static String hex(ByteBuffer b, int off, int len) {
        var sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            int x = b.get(off + i) & 0xff;
            sb.append(Character.forDigit(x >> 4, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
