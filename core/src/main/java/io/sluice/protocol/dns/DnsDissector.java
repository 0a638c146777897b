package io.sluice.protocol.dns;

import io.sluice.event.ConnId;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * DNS over UDP (one message per datagram) and TCP (length-prefixed messages, several per stream,
 * split incrementally by {@link DnsTcpFramer}) into dns.log rows ({@link DnsTransaction}), with
 * Zeek's pairing of queries and responses ({@link DnsTransactions}). Unanswered queries and
 * responses without a query are emitted when the connection ends.
 *
 * <p>Like Zeek, when the first message is a response sent by the originator the roles are taken
 * as swapped (unless the responder is a multicast address), so the row's {@code id} names the
 * querier as originator. Only the dns.log row is swapped; the conn record is the flow layer's.
 */
final class DnsDissector implements Dissector, DnsTcpFramer.Messages, DnsNameReader.Weirds {
    private DissectorContext ctx;
    private boolean netbios;
    private DnsTransactions transactions;
    private DnsTcpFramer origFramer, respFramer;
    private boolean tcp;
    private boolean multicastResponder;
    private boolean firstMessage = true;
    private boolean confirmed;
    /** Direction of the message being parsed; 0 orig, 1 resp, 2 unknown (a flushed partial message). */
    private int direction;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        this.ctx = ctx;
        if (transactions == null) init(ctx);
        if (length <= 0) return;
        transactions.now(ctx.tsNanos());
        direction = fromOrig ? 0 : 1;
        if (tcp) {
            (fromOrig ? origFramer : respFramer).data(buf, offset, length, this);
        } else {
            message(buf, offset, length);
        }
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        this.ctx = ctx;
        if (transactions == null) init(ctx);
        if (tcp) (fromOrig ? origFramer : respFramer).gap(bytes);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        this.ctx = ctx;
        if (transactions == null) return;
        transactions.now(ctx.tsNanos());
        if (tcp) {
            direction = 2;
            origFramer.flush(this);
            respFramer.flush(this);
        }
        transactions.flush();
    }

    @Override
    public boolean wantsMore() {
        return !tcp || origFramer == null || !(origFramer.dead() && respFramer.dead());
    }

    /** One whole message (a datagram, or a message taken out of the TCP stream). */
    @Override
    public void message(ByteBuffer buf, int base, int length) {
        if (firstMessage && length >= DnsHeader.LENGTH) {
            firstMessage = false;
            boolean qr = (buf.get(base + 2) & 0x80) != 0;
            if (qr && direction == 0 && !multicastResponder) {
                ConnId id = transactions.id();
                transactions.flipped(new ConnId(id.respH(), id.respP(), id.origH(), id.origP()));
            }
        }
        DnsMessageParser.shared().parse(buf, base, length, transactions, this, netbios);
        if (!confirmed && transactions.confirmed()) {
            confirmed = true;
            ctx.confirm("dns");
        }
    }

    @Override
    public void weird(String name, String addl) {
        ctx.weird(name, addl);
    }

    private void init(DissectorContext ctx) {
        ConnId id = ctx.id();
        tcp = "tcp".equals(ctx.proto());
        netbios = id.origP() == 137 || id.respP() == 137;
        multicastResponder = isMulticast(id.respH());
        transactions = new DnsTransactions(ctx.uid(), id, ctx.proto(), multicastResponder, netbios, this::emit);
        if (tcp) {
            origFramer = new DnsTcpFramer(netbios);
            respFramer = new DnsTcpFramer(netbios);
        }
    }

    private void emit(DnsTransaction t) {
        ctx.emit(t);
    }

    /** 224.0.0.0/4 and ff00::/8 (Zeek's {@code DNS::multicast_subnets}). */
    static boolean isMulticast(String address) {
        if (address == null || address.isEmpty()) return false;
        int colon = address.indexOf(':');
        if (colon >= 0) {
            // ff00::/8 means a first group of four hex digits starting "ff" ("ff::" is 00ff::).
            return colon == 4 && (address.charAt(0) | 0x20) == 'f' && (address.charAt(1) | 0x20) == 'f';
        }
        int dot = address.indexOf('.');
        if (dot <= 0) return false;
        int first = 0;
        for (int i = 0; i < dot; i++) {
            char c = address.charAt(i);
            if (c < '0' || c > '9') return false;
            first = first * 10 + (c - '0');
        }
        return first >= 224 && first <= 239;
    }
}
