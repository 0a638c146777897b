package io.sluice.protocol.socks;

import io.sluice.packet.IpAddress;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One connection to a SOCKS proxy, as Zeek's SOCKS analyzer and base/protocols/socks/main.zeek
 * read it: the client's request (SOCKS 4, 4a, or 5 with its greeting and RFC 1929 user/password
 * login), the proxy's answers, and one {@code socks.log} row when the connection ends, written only
 * when the proxy answered as SOCKS does ("socks" confirmed). Once the proxy granted a CONNECT (or
 * a BIND's second answer came), the rest of both directions is the relayed connection
 * ({@link #tunnelledBytes()}): the stream layer identifies and dissects its protocol as on a
 * connection of its own, as Zeek's SOCKS analyzer hands its stream to a new protocol detector.
 *
 * <p>Messages are small (at most {@link #MAX_MESSAGE} bytes), so each direction's bytes are
 * gathered until one is whole. Bytes a client sends after its request and before the answer
 * (optimistic data, as Tor clients send) are not part of the relayed stream's identification: it
 * starts with the answer. The SOCKS 4 user id is not logged, as in Zeek (its {@code user} is the
 * SOCKS 5 login), and neither is the password (Zeek's {@code SOCKS::default_capture_password} is
 * off).
 *
 * <p>The request is also reported to the flow layer as a tunnel ({@link DissectorContext#registerProxyTunnel},
 * tunnel.log), when Zeek raises {@code socks_request}: a SOCKS 4/4a request, or a SOCKS 5 request
 * with its reserved byte 0 and a command from 1 to 3 (Zeek's analyzer rejects the others). Zeek's
 * analyzer runs from the start on port 1080, where it is registered, so the request counts at its
 * own packet, answered or not. On other ports Zeek enables it only when the proxy's first answer
 * matched its signature, then replays what the client sent: a request seen before that answer
 * (SOCKS 4, or a SOCKS 5 request sent ahead of the method choice) counts at the answer's packet,
 * and an unanswered one not at all. Here that answer is the one that confirms "socks".
 */
final class SocksDissector implements Dissector {
    static final int MAX_MESSAGE = 600;
    private static final int CONNECT = 1, BIND = 2;
    /** Zeek's {@code Tunnel::Type} of the proxy's tunnel. */
    static final String TUNNEL_TYPE = "Tunnel::SOCKS";

    private enum Client { GREETING, AFTER_GREETING, DONE }

    private enum Server { FIRST, AUTH, REPLY, SECOND_REPLY, DONE }

    private final byte[] clientBytes = new byte[MAX_MESSAGE];
    private final byte[] serverBytes = new byte[MAX_MESSAGE];
    private final ByteBuffer clientView = ByteBuffer.wrap(clientBytes);
    private final ByteBuffer serverView = ByteBuffer.wrap(serverBytes);
    private int clientLen, serverLen;

    private Client client = Client.GREETING;
    private Server server = Server.FIRST;
    private boolean stopped, confirmed;
    /** A request Zeek raises {@code socks_request} for was read; whether its tunnel was reported. */
    private boolean requestEvent, tunnelReported;
    /** The bytes at the end of the last chunk that follow the proxy's grant; -1 before it. */
    private int tunnelled = -1;

    /**
     * The row's time, as Zeek's: its first SOCKS event's (a request, a login, or an answer to either;
     * not the SOCKS 5 greeting or method choice, which raise none). Off port 1080 an event before
     * the confirming answer counts at that answer, as Zeek replays it then. The first data's time
     * stands in when no event was read.
     */
    private long ts = -1, firstData = -1;
    private boolean eventPending, clientEvent;
    private int version, command;
    private String user, status, requestHost, requestName, boundHost, boundName;
    private Integer requestPort, boundPort;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (stopped || tunnelled >= 0) return;
        if (firstData < 0) firstData = ctx.tsNanos();
        if (fromOrig) clientData(buf, offset, length, ctx);
        else serverData(buf, offset, length, ctx);
    }

    @Override
    public int tunnelledBytes() {
        return tunnelled;
    }

    // ------------------------------------------------------------------ the client

    private void clientData(ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (client == Client.DONE) return; // optimistic data before the answer
        int take = Math.min(length, MAX_MESSAGE - clientLen);
        buf.get(offset, clientBytes, clientLen, take);
        clientLen += take;
        int used;
        while (client != Client.DONE && (used = clientMessage()) > 0) {
            System.arraycopy(clientBytes, used, clientBytes, 0, clientLen - used);
            clientLen -= used;
        }
        if (client == Client.DONE) clientLen = 0;
        else if (clientLen == MAX_MESSAGE) stop(ctx, "socks_message_too_long");
        if (clientEvent) {
            clientEvent = false;
            event(ctx);
        }
        if (requestEvent && !tunnelReported && (confirmed || ctx.id().respP() == SocksSignature.PORT)) reportTunnel(ctx);
    }

    /** A SOCKS event (see {@link #ts}). */
    private void event(DissectorContext ctx) {
        if (ts >= 0) return;
        if (confirmed || ctx.id().respP() == SocksSignature.PORT) ts = ctx.tsNanos();
        else eventPending = true;
    }

    /** The request's tunnel, once: when it was read and Zeek's analyzer is running (see the class comment). */
    private void reportTunnel(DissectorContext ctx) {
        if (!requestEvent || tunnelReported) return;
        tunnelReported = true;
        ctx.registerProxyTunnel(TUNNEL_TYPE);
    }

    /** Parses one whole client message at the start of the gathered bytes: its length, or 0 if not whole yet. */
    private int clientMessage() {
        if (clientLen == 0) return 0;
        ByteBuffer b = clientView;
        int first = b.get(0);
        if (client == Client.GREETING) {
            if (first == 4) return v4Request(b);
            if (first == 5) {
                int n = SocksSignature.v5Greeting(b, 0, clientLen);
                if (n > 0) {
                    version = 5;
                    client = Client.AFTER_GREETING;
                }
                return Math.max(n, 0);
            }
            stopped = true;
            return 0;
        }
        // SOCKS 5 after the greeting: a login (sub-negotiation version 1) or the request (version 5).
        // Which one follows is the proxy's choice, but its first byte says it too, so the order in
        // which the two directions' packets were captured does not matter.
        if (first == 1) return login(b);
        if (first == 5) return v5Request(b);
        stopped = true;
        return 0;
    }

    private int v4Request(ByteBuffer b) {
        int n = SocksSignature.v4Request(b, 0, clientLen);
        if (n <= 0) return 0;
        version = 4;
        command = b.get(1);
        requestPort = b.getShort(2) & 0xffff;
        if (SocksSignature.isV4a(b, 0)) {
            int userEnd = indexOfNul(b, 8, n);
            requestName = ascii(b, userEnd + 1, n - 1 - (userEnd + 1));
        } else {
            requestHost = IpAddress.formatV4(b.getInt(4));
        }
        client = Client.DONE;
        requestEvent = true;
        clientEvent = true;
        return n;
    }

    /** RFC 1929: VER=1, ULEN, UNAME, PLEN, PASSWD. */
    private int login(ByteBuffer b) {
        if (clientLen < 2) return 0;
        int ulen = b.get(1) & 0xff;
        if (clientLen < 3 + ulen) return 0;
        int plen = b.get(2 + ulen) & 0xff;
        if (clientLen < 3 + ulen + plen) return 0;
        user = ascii(b, 2, ulen);
        clientEvent = true;
        return 3 + ulen + plen;
    }

    /** RFC 1928 section 4: VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT. */
    private int v5Request(ByteBuffer b) {
        if (clientLen < 5) return 0;
        int n = addressEnd(b, 3);
        if (n < 0) {
            stopped = true;
            return 0;
        }
        if (clientLen < n + 2) return 0;
        command = b.get(1);
        String[] hostOrName = address(b, 3);
        requestHost = hostOrName[0];
        requestName = hostOrName[1];
        requestPort = b.getShort(n) & 0xffff;
        client = Client.DONE;
        requestEvent = b.get(2) == 0 && command >= 1 && command <= 3;
        clientEvent |= requestEvent;
        return n + 2;
    }

    // ------------------------------------------------------------------ the proxy

    private void serverData(ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        int p = offset, end = offset + length;
        boolean granted = false;
        while (p < end && !granted && !stopped) {
            int take = Math.min(end - p, MAX_MESSAGE - serverLen);
            buf.get(p, serverBytes, serverLen, take);
            serverLen += take;
            p += take;
            int used;
            while (!granted && !stopped && (used = serverMessage(ctx)) > 0) {
                System.arraycopy(serverBytes, used, serverBytes, 0, serverLen - used);
                serverLen -= used;
                granted = server == Server.DONE;
            }
            if (serverLen == MAX_MESSAGE && !granted && !stopped) stop(ctx, "socks_message_too_long");
        }
        // The grant ended inside this chunk: what followed it here (gathered, or not yet read) is the relay's.
        if (granted) tunnelled = serverLen + (end - p);
    }

    /** Parses one whole answer at the start of the gathered bytes: its length, or 0 if not whole yet. */
    private int serverMessage(DissectorContext ctx) {
        ByteBuffer b = serverView;
        if (serverLen < 2) return 0;
        if (version == 4) return v4Reply(b, ctx);
        if (version != 5) {
            stopped = true; // the proxy answered before any request was read
            return 0;
        }
        switch (server) {
            case FIRST -> {
                int method = b.get(1) & 0xff;
                if (b.get(0) != 5) return notSocks(ctx);
                confirm(ctx);
                // No acceptable method (0xff) ends the exchange with no status, as in Zeek; GSSAPI
                // and the rest wrap what follows in their own encapsulation: not readable.
                if (method == 0) server = Server.REPLY;
                else if (method == 2) server = Server.AUTH;
                else stopped = true;
                return 2;
            }
            case AUTH -> {
                if (b.get(0) != 1) return notSocks(ctx);
                int code = b.get(1) & 0xff;
                status = SocksCodes.v5Status(code); // as Zeek: the login's answer is the status until the reply
                event(ctx);
                if (code != 0) stopped = true;
                else server = Server.REPLY;
                return 2;
            }
            case REPLY, SECOND_REPLY -> {
                return v5Reply(b, ctx);
            }
            default -> {
                return 0;
            }
        }
    }

    private int v4Reply(ByteBuffer b, DissectorContext ctx) {
        if (serverLen < 8) return 0;
        int code = b.get(1) & 0xff;
        if (b.get(0) != 0 || code < 0x5a || code > 0x5d) return notSocks(ctx);
        confirm(ctx);
        event(ctx);
        status = SocksCodes.v4Status(code);
        boundPort = b.getShort(2) & 0xffff;
        boundHost = IpAddress.formatV4(b.getInt(4));
        granted(code == 0x5a);
        return 8;
    }

    private int v5Reply(ByteBuffer b, DissectorContext ctx) {
        if (serverLen < 5) return 0;
        if (b.get(0) != 5) return notSocks(ctx);
        int n = addressEnd(b, 3);
        if (n < 0) return notSocks(ctx);
        if (serverLen < n + 2) return 0;
        int code = b.get(1) & 0xff;
        event(ctx);
        status = SocksCodes.v5Status(code);
        String[] hostOrName = address(b, 3);
        boundHost = hostOrName[0];
        boundName = hostOrName[1];
        boundPort = b.getShort(n) & 0xffff;
        granted(code == 0);
        return n + 2;
    }

    /**
     * The proxy answered a request: a granted CONNECT opens the relay; a BIND opens it at its
     * second answer (when the far end connected back); a UDP ASSOCIATE relays over UDP, not here.
     */
    private void granted(boolean ok) {
        if (!ok) {
            stopped = true;
        } else if (command == CONNECT || (command == BIND && server == Server.SECOND_REPLY)) {
            server = Server.DONE;
        } else if (command == BIND) {
            server = Server.SECOND_REPLY;
        } else {
            stopped = true;
        }
    }

    private void confirm(DissectorContext ctx) {
        if (confirmed) return;
        confirmed = true;
        ctx.confirm("socks");
        if (eventPending && ts < 0) ts = ctx.tsNanos();
        reportTunnel(ctx); // a request read before the answer, off port 1080
    }

    /** An answer no SOCKS proxy gives: before confirmation the connection was not SOCKS after all. */
    private int notSocks(DissectorContext ctx) {
        if (confirmed) ctx.weird("socks_invalid_reply", null);
        stopped = true;
        return 0;
    }

    private void stop(DissectorContext ctx, String weird) {
        if (confirmed) ctx.weird(weird, null);
        stopped = true;
    }

    // ------------------------------------------------------------------ addresses

    /** End of an RFC 1928 address (ATYP at {@code at}), or -1 for an unknown type; may lie beyond what was gathered. */
    private static int addressEnd(ByteBuffer b, int at) {
        return switch (b.get(at)) {
            case 1 -> at + 1 + 4;
            case 3 -> at + 2 + (b.get(at + 1) & 0xff);
            case 4 -> at + 1 + 16;
            default -> -1;
        };
    }

    /** {host, name}: one of them set, as Zeek's SOCKS::Address. */
    private static String[] address(ByteBuffer b, int at) {
        return switch (b.get(at)) {
            case 1 -> new String[] {IpAddress.formatV4(b.getInt(at + 1)), null};
            case 3 -> new String[] {null, ascii(b, at + 2, b.get(at + 1) & 0xff)};
            default -> new String[] {IpAddress.format(b.getLong(at + 1), b.getLong(at + 9)), null};
        };
    }

    private static int indexOfNul(ByteBuffer b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b.get(i) == 0) return i;
        }
        return end;
    }

    private static String ascii(ByteBuffer b, int at, int length) {
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ the rest of the contract

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        stopped = true; // a lost handshake byte: what follows cannot be parsed
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (confirmed) {
            ctx.emit(new SocksRequest(ts >= 0 ? ts : firstData, ctx.uid(), ctx.id(), version, user, null, status, requestHost, requestName,
                    requestPort, boundHost, boundName, boundPort));
        }
    }

    @Override
    public boolean wantsMore() {
        return !stopped;
    }
}
