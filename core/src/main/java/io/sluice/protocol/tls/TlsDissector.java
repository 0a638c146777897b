package io.sluice.protocol.tls;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.tls.x509.CertificateCache;
import io.sluice.protocol.tls.x509.ParsedCertificate;
import io.sluice.protocol.tls.x509.X509Parser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TLS (SSLv3 to TLS 1.3, SSLv2-compatible ClientHello) on one TCP connection, following Zeek's SSL
 * analyzer and {@code base/protocols/ssl/main.zeek} so that ssl.log and x509.log compare field by
 * field with Zeek's:
 *
 * <ul>
 *   <li>records are framed per direction across calls and segments; handshake messages are
 *       reassembled across records, the ones we read (hellos, Certificate, ServerKeyExchange) into a
 *       buffer of at most {@value #MAX_MESSAGE} bytes, the others only counted;
 *   <li>each direction is "clear" until its ChangeCipherSpec, or until an application-data record
 *       once a version other than SSLv3..TLS 1.2 was negotiated (TLS 1.3); the first record while
 *       both directions are encrypted makes the session {@code established}, which is logged at
 *       once and ends the inspection ({@link #wantsMore()} false), as Zeek detaches its analyzer;
 *   <li>{@code ssl_history} letters, resumption (session id echo, ticket without key exchange, PSK
 *       accepted), the curve (ServerKeyExchange or server key_share), ALPN, alerts as Zeek sets them.
 * </ul>
 * A record header that is not TLS, a gap in the stream or a broken hello stop the inspection; the
 * session is then logged with what was learned. Nothing here throws on any input.
 */
public final class TlsDissector implements Dissector {

    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_HISTORY = 100;

    private static final int CCS = 20, ALERT = 21, HANDSHAKE = 22, APPLICATION_DATA = 23, HEARTBEAT = 24;

    /** Framing state of one direction. */
    private static final class Side {
        final boolean fromOrig;
        final byte[] header = new byte[5];
        int headerLen;
        boolean inRecord;
        int contentType;
        int remaining;
        boolean ciphertext; // the current record is read as ciphertext
        boolean firstRecord = true;
        boolean v2Record; // the current record is an SSLv2 ClientHello
        boolean encrypted;
        // handshake message assembly
        final byte[] hsHeader = new byte[4];
        int hsHeaderLen;
        int msgType, msgLen, msgGot;
        boolean msgBuffered, msgSkipped;
        byte[] msg;
        // alert assembly (first two bytes of an alert record)
        final byte[] alert = new byte[2];
        int alertLen;
        int certsSeen;

        Side(boolean fromOrig) {
            this.fromOrig = fromOrig;
        }
    }

    private final Side orig = new Side(true), resp = new Side(false);
    /** JA4's transport letter and the service name confirmed: TLS over TCP, or DTLS ({@link DtlsDissector}). */
    private final char transport;
    private final String service;

    public TlsDissector() {
        this(Ja4.TCP, "ssl");
    }

    TlsDissector(char transport, String service) {
        this.transport = transport;
        this.service = service;
    }
    private boolean stopped; // nothing more will be parsed
    private boolean logged;

    // Zeek's SSL::Info and the analyzer state it depends on
    private long tsNanos = -1;
    private final StringBuilder history = new StringBuilder();
    private boolean flipped, clientHelloSeen;
    private int versionNum = -1;
    private int negotiatedVersion; // 0 until a ServerHello says otherwise, as Zeek
    private int cipher = -1;
    private String curve, serverName, lastAlert, nextProtocol, sessionId;
    private boolean resumed, established, clientTicketEmptySessionSeen, clientKeyExchangeSeen, clientPskSeen, hrrSeen;
    private boolean confirmed;
    private final List<ClientHello> clientHellos = new ArrayList<>(1);
    private final List<ServerHello> serverHellos = new ArrayList<>(1);
    private ServerHello serverHello;
    private List<String> certFps, clientCertFps;
    private ParsedCertificate hostCert;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        Side s = fromOrig ? orig : resp;
        int p = offset, end = offset + length;
        while (p < end && !stopped) {
            if (!s.inRecord) {
                p = readHeader(s, buf, p, end, ctx);
            } else {
                int n = Math.min(s.remaining, end - p);
                body(s, buf, p, n, ctx);
                p += n;
                s.remaining -= n;
                if (s.remaining == 0 && !stopped) endRecord(s, ctx);
            }
        }
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        // Zeek stops its SSL analyzer at the first gap: framing cannot be trusted afterwards
        stopped = true;
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        log(ctx);
        stopped = true;
    }

    @Override
    public boolean wantsMore() {
        return !stopped;
    }

    /** Bytes held for reassembly (both directions), for tests of the memory bound. */
    int bufferedBytes() {
        return (orig.msg == null ? 0 : orig.msg.length) + (resp.msg == null ? 0 : resp.msg.length);
    }

    // ---- record layer

    private int readHeader(Side s, ByteBuffer buf, int p, int end, DissectorContext ctx) {
        if (s.headerLen == 0 && s.firstRecord && s.fromOrig && (buf.get(p) & 0x80) != 0) s.v2Record = true;
        int need = (s.v2Record ? 2 : 5) - s.headerLen;
        int n = Math.min(need, end - p);
        buf.get(p, s.header, s.headerLen, n);
        s.headerLen += n;
        p += n;
        if (n < need) return p;
        s.headerLen = 0;
        if (s.v2Record) {
            startV2(s, ctx);
            return p;
        }
        int type = s.header[0] & 0xff;
        int version = Bytes.u16(s.header, 1);
        int len = Bytes.u16(s.header, 3);
        if (version < 0x0300 || version > 0x0304) {
            violation(ctx, "SSL_invalid_record_version", Integer.toHexString(version));
            return p;
        }
        if (s.firstRecord && (type < 20 || type > 30)) {
            violation(ctx, "SSL_invalid_content_type", Integer.toString(type));
            return p;
        }
        s.firstRecord = false;
        if (tsNanos < 0) tsNanos = ctx.tsNanos();
        s.inRecord = true;
        s.contentType = type;
        s.remaining = len;
        s.alertLen = 0;
        startRecord(s, ctx);
        if (len == 0 && !stopped) endRecord(s, ctx);
        return p;
    }

    /** What a record is, decided from its header as Zeek's determine_state does. */
    private void startRecord(Side s, DissectorContext ctx) {
        boolean client = isClient(s);
        if (!s.encrypted && s.contentType == APPLICATION_DATA && !upToTls12(negotiatedVersion)) s.encrypted = true;
        s.ciphertext = s.encrypted;
        if (s.ciphertext) {
            if (orig.encrypted && resp.encrypted && !established) {
                established = true;
                log(ctx);
                stopped = true;
            }
            return;
        }
        switch (s.contentType) {
            case CCS -> {
                if (s.remaining < 1) return;
                addHistory(client, 'i', ctx);
                // Only up to TLS 1.2 does a ChangeCipherSpec start encryption. In TLS 1.3 it is a
                // dummy for middleboxes (RFC 8446 D.4), and one sent before any ServerHello can only
                // be that; encryption then shows as application-data records. Zeek lets every CCS
                // start encryption, which is harmless except after a HelloRetryRequest: there the
                // client's dummy CCS precedes its second, plaintext ClientHello, which Zeek misses.
                if (upToTls12(negotiatedVersion)) {
                    s.encrypted = true;
                    resetHandshake(s);
                }
                if (client && clientTicketEmptySessionSeen && !clientKeyExchangeSeen) resumed = true;
            }
            case HEARTBEAT -> addHistory(client, 'b', ctx);
            case APPLICATION_DATA -> {
                if (versionNum >= 0 && !established) ctx.weird("ssl_early_application_data", null);
            }
            case ALERT, HANDSHAKE -> { }
            default -> ctx.weird("SSL_unknown_record_type", Integer.toString(s.contentType));
        }
    }

    private void body(Side s, ByteBuffer buf, int p, int n, DissectorContext ctx) {
        if (s.ciphertext || n == 0) return;
        if (s.v2Record) {
            int got = s.msgGot;
            buf.get(p, s.msg, got, n);
            s.msgGot += n;
            return;
        }
        switch (s.contentType) {
            case HANDSHAKE -> handshakeBytes(s, buf, p, n, ctx);
            case ALERT -> {
                int k = Math.min(2 - s.alertLen, n);
                if (k > 0) {
                    buf.get(p, s.alert, s.alertLen, k);
                    s.alertLen += k;
                    if (s.alertLen == 2) {
                        addHistory(isClient(s), 'l', ctx);
                        lastAlert = TlsNames.alert(s.alert[1] & 0xff);
                    }
                }
            }
            default -> { }
        }
    }

    private void endRecord(Side s, DissectorContext ctx) {
        s.inRecord = false;
        if (s.v2Record) {
            s.v2Record = false;
            s.firstRecord = false;
            endV2(s, ctx);
        }
    }

    // ---- SSLv2-compatible ClientHello (RFC 6101 appendix E, RFC 5246 E.2)

    private void startV2(Side s, DissectorContext ctx) {
        int len = ((s.header[0] & 0x7f) << 8) | (s.header[1] & 0xff);
        if (len < 9) {
            violation(ctx, "SSL_invalid_v2_record", Integer.toString(len));
            return;
        }
        if (tsNanos < 0) tsNanos = ctx.tsNanos();
        s.inRecord = true;
        s.ciphertext = false;
        s.remaining = len;
        s.msg = ensure(s.msg, len);
        s.msgGot = 0;
    }

    private void endV2(Side s, DissectorContext ctx) {
        ClientHello ch = ClientHello.parseV2(s.msg, 0, s.msgGot);
        s.msgGot = 0;
        if (ch == null || !(ch.legacyVersion() == 0x0002 || (ch.legacyVersion() >= 0x0300 && ch.legacyVersion() <= 0x0303))) {
            violation(ctx, "SSL_invalid_v2_client_hello", null);
            return;
        }
        clientHelloSeen = true;
        clientHellos.add(ch);
        addHistory(true, 'c', ctx);
        confirm(ctx);
    }

    // ---- handshake messages

    private void handshakeBytes(Side s, ByteBuffer buf, int p, int n, DissectorContext ctx) {
        int end = p + n;
        while (p < end && !stopped) {
            if (s.hsHeaderLen < 4) {
                int k = Math.min(4 - s.hsHeaderLen, end - p);
                buf.get(p, s.hsHeader, s.hsHeaderLen, k);
                s.hsHeaderLen += k;
                p += k;
                if (s.hsHeaderLen < 4) return;
                s.msgType = s.hsHeader[0] & 0xff;
                s.msgLen = Bytes.u24(s.hsHeader, 1);
                s.msgGot = 0;
                s.msgBuffered = wanted(s.msgType);
                s.msgSkipped = false;
                if (s.msgBuffered && s.msgLen > MAX_MESSAGE) {
                    ctx.weird("SSL_handshake_message_too_long", s.msgType + ":" + s.msgLen);
                    s.msgBuffered = false;
                    s.msgSkipped = true;
                }
                if (s.msgBuffered) s.msg = ensure(s.msg, s.msgLen);
            }
            int k = Math.min(s.msgLen - s.msgGot, end - p);
            if (s.msgBuffered) buf.get(p, s.msg, s.msgGot, k);
            s.msgGot += k;
            p += k;
            if (s.msgGot == s.msgLen) {
                s.hsHeaderLen = 0;
                message(s, ctx);
            }
        }
    }

    private static boolean wanted(int type) {
        return type == ClientHello.TYPE || type == ServerHello.TYPE || type == 11 || type == 12;
    }

    private static void resetHandshake(Side s) {
        s.hsHeaderLen = 0;
        s.msgGot = 0;
    }

    private void message(Side s, DissectorContext ctx) {
        boolean client = isClient(s);
        byte[] m = s.msg;
        int len = s.msgLen;
        switch (s.msgType) {
            case 0 -> addHistory(client, 'h', ctx);
            case ClientHello.TYPE -> {
                if (s.msgSkipped) {
                    addHistory(client, 'c', ctx);
                    return;
                }
                ClientHello ch = ClientHello.parseBody(m, 0, len);
                if (ch == null) {
                    violation(ctx, "SSL_malformed_client_hello", null);
                    return;
                }
                if (!clientHelloSeen && !s.fromOrig) {
                    flipped = true;
                    history.append('^');
                    client = true;
                }
                clientHelloSeen = true;
                clientHello(ch, ctx);
                addHistory(client, 'c', ctx);
                confirm(ctx);
            }
            case ServerHello.TYPE -> {
                ServerHello sh = s.msgSkipped ? null : ServerHello.parseBody(m, 0, len);
                if (sh == null) {
                    violation(ctx, "SSL_malformed_server_hello", null);
                    return;
                }
                serverHello(sh);
                addHistory(client, hrrSeen ? 'j' : 's', ctx);
                hrrSeen = false;
                confirm(ctx);
            }
            case 3 -> addHistory(client, 'v', ctx);
            case 4 -> addHistory(client, 't', ctx);
            case 5 -> addHistory(client, 'e', ctx);
            case 6 -> addHistory(client, 'j', ctx);
            case 8 -> addHistory(client, 'o', ctx);
            case 11 -> {
                addHistory(client, 'x', ctx);
                if (!s.msgSkipped) certificates(s, client, m, len, ctx);
            }
            case 12 -> {
                addHistory(client, 'k', ctx);
                // ECDHE parameters start with curve_type 3 (named_curve) and the curve (RFC 8422 5.4)
                if (!s.msgSkipped && cipher >= 0 && TlsNames.ecdhKeyExchange(cipher) && len >= 3 && m[0] == 3) {
                    curve = TlsNames.curve(Bytes.u16(m, 1));
                }
            }
            case 13 -> addHistory(client, 'r', ctx);
            case 14 -> addHistory(client, 'n', ctx);
            case 15 -> addHistory(client, 'y', ctx);
            case 16 -> {
                if (client) clientKeyExchangeSeen = true;
                addHistory(client, 'g', ctx);
            }
            case 20 -> addHistory(client, 'f', ctx);
            case 21 -> addHistory(client, 'w', ctx);
            case 22 -> addHistory(client, 'u', ctx);
            case 23 -> addHistory(client, 'a', ctx);
            case 24 -> addHistory(client, 'p', ctx);
            case 254 -> addHistory(client, 'm', ctx);
            default -> addHistory(client, 'z', ctx);
        }
    }

    private void clientHello(ClientHello ch, DissectorContext ctx) {
        clientHellos.add(ch);
        // extension events come before the hello event in Zeek
        if (ch.sessionTicketLength() > 0) clientTicketEmptySessionSeen = true;
        if (ch.preSharedKey()) clientPskSeen = true;
        if (ch.unknownServerNameTypes() > 0) ctx.weird("ssl_ext_unknown_server_name_type", null);
        if (!ch.serverNames().isEmpty()) {
            serverName = ch.serverNames().get(0);
            if (ch.serverNames().size() > 1) ctx.weird("SSL_many_server_names", String.join(",", ch.serverNames()));
        }
        byte[] sid = ch.sessionId();
        if (sid.length > 0 && !(sid.length == 32 && allZero(sid))) {
            sessionId = Bytes.hex(sid);
            clientTicketEmptySessionSeen = false;
        }
    }

    private void serverHello(ServerHello sh) {
        serverHello = sh;
        serverHellos.add(sh);
        if (sh.selectedVersion() >= 0) versionNum = sh.selectedVersion();
        if (sh.keyShareGroup() >= 0) curve = TlsNames.curve(sh.keyShareGroup());
        if (sh.alpn() != null) nextProtocol = sh.alpn();
        if (sh.preSharedKey() && clientPskSeen) resumed = true;
        if (versionNum < 0) versionNum = sh.legacyVersion();
        negotiatedVersion = sh.negotiatedVersion();
        cipher = sh.cipherSuite();
        if (sh.helloRetryRequest()) hrrSeen = true;
        if (sessionId != null && sessionId.equals(Bytes.hex(sh.sessionId())) && versionNum / 0xff != 0x7f
                && versionNum != 0x0304) {
            resumed = true;
        }
    }

    private void certificates(Side s, boolean client, byte[] m, int len, DissectorContext ctx) {
        if (len < 3) {
            ctx.weird("SSL_malformed_certificate", "short");
            return;
        }
        int listEnd = Math.min(3 + Bytes.u24(m, 0), len);
        int p = 3;
        if (certFps == null) {
            certFps = new ArrayList<>(3);
            clientCertFps = new ArrayList<>(1);
        }
        while (p + 3 <= listEnd) {
            int cl = Bytes.u24(m, p);
            p += 3;
            if (cl > listEnd - p) {
                ctx.weird("SSL_malformed_certificate", "length " + cl);
                return;
            }
            String fp = CertificateFingerprints.sha256Hex(m, p, cl);
            (client ? clientCertFps : certFps).add(fp);
            int at = p;
            CertificateCache.Entry cached = CertificateCache.get(fp, () -> {
                ParsedCertificate parsed = X509Parser.parse(m, at, cl);
                return parsed == null ? null : new CertificateCache.Entry(parsed, Ja4x.ja4x(parsed));
            });
            ParsedCertificate pc = cached.certificate();
            boolean host = s.certsSeen == 0;
            s.certsSeen++;
            if (pc == null) {
                ctx.weird("x509_certificate_parse_error", fp);
            } else {
                if (host && !client) hostCert = pc;
                ctx.emit(new X509Certificate(ctx.tsNanos(), ctx.uid(), fp, pc, host, client, cached.ja4x(), pc.selfIssued()));
            }
            p += cl;
        }
    }

    // ---- session bookkeeping

    private boolean isClient(Side s) {
        return s.fromOrig != flipped;
    }

    private static boolean upToTls12(int v) {
        // DTLS 1.0 and 1.2 start encryption with ChangeCipherSpec as TLS 1.2 does
        return v == 0x0002 || v == 0x0300 || v == 0x0301 || v == 0x0302 || v == 0x0303 || v == 0xfeff || v == 0xfefd;
    }

    private void addHistory(boolean client, char letter, DissectorContext ctx) {
        if (history.length() >= MAX_HISTORY) return;
        history.append(client ? Character.toUpperCase(letter) : letter);
        if (history.length() == MAX_HISTORY) ctx.weird("SSL_max_ssl_history_length_reached", null);
    }

    private void confirm(DissectorContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm(service);
        }
    }

    private void violation(DissectorContext ctx, String name, String addl) {
        ctx.weird(name, addl);
        stopped = true;
        log(ctx); // Zeek logs the session when its analyzer reports a violation
    }

    private void log(DissectorContext ctx) {
        if (logged || tsNanos < 0) return;
        logged = true;
        ClientHello first = null;
        for (ClientHello ch : clientHellos) {
            if (!ch.sslv2()) {
                first = ch;
                break;
            }
        }
        Boolean sniMatches = null;
        if (serverName != null && hostCert != null) {
            var names = new ArrayList<String>();
            if (hostCert.sanDns() != null) names.addAll(hostCert.sanDns());
            names.addAll(hostCert.subjectCommonNames());
            sniMatches = HostnameMatch.matches(serverName, names);
        }
        ctx.emit(new TlsHandshake(tsNanos, ctx.uid(), ctx.id(),
                versionNum >= 0 ? TlsNames.version(versionNum) : null,
                cipher >= 0 ? TlsNames.cipher(cipher) : null,
                curve, serverName, resumed, lastAlert, nextProtocol, established, history.toString(),
                certFps, clientCertFps, sniMatches,
                first == null ? null : Ja3.ja3(first),
                serverHello == null ? null : Ja3.ja3s(serverHello),
                first == null ? null : Ja4.ja4(first, transport),
                serverHello == null ? null : Ja4.ja4s(serverHello, transport),
                established && hostCert != null ? hostCert.subject() : null,
                established && hostCert != null ? hostCert.issuer() : null,
                clientHellos, serverHellos));
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static byte[] ensure(byte[] b, int size) {
        if (b != null && b.length >= size) return b;
        int doubled = b == null ? 2048 : b.length * 2;
        return new byte[Math.max(size, Math.min(doubled, MAX_MESSAGE))];
    }
}
