package io.sluice.protocol.kerberos;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Kerberos 5 KDC exchanges over UDP (one message per datagram) and TCP (each message behind a
 * four-byte length, RFC 4120 7.2.2), written to kerberos.log the way Zeek's main.zeek fills its
 * record: the request sets request_type, client (AS only: "cname/realm"), service, from, till and
 * the forwardable/renewable options; the reply sets client if still unset, service to the ticket's
 * sname, cipher to the ticket's etype and success; an error sets success false and error_msg to its
 * e-text or its code's name. Errors whose e-text is in Zeek's {@code KRB::ignored_errors} are not
 * logged (with their request), as in Zeek.
 *
 * <p>Difference from Zeek, on purpose: Zeek logs one row per connection and ignores later
 * exchanges on a TCP connection; this writes one row per exchange, which is the same for the
 * usual one-exchange connection and keeps the rest visible.
 */
final class KerberosDissector implements Dissector {
    /** Largest message accepted over TCP; Windows tickets with big PACs stay well below. */
    static final int MAX_MESSAGE = 128 * 1024;
    /** Consecutive malformed messages after which the connection is given up on. */
    private static final int MAX_FAILURES = 4;

    private final KerberosMessageParser parser = new KerberosMessageParser();
    private final KerberosMessage msg = new KerberosMessage();
    private final TcpFramer origFramer = new TcpFramer(), respFramer = new TcpFramer();
    private byte[] datagram = new byte[0];
    private int failures;
    private boolean done, confirmed;

    // the exchange being assembled (Zeek's c$krb)
    private boolean open;
    private long ts;
    private String requestType, client, service, errorMsg, cipher, replyCipher;
    private Boolean success, forwardable, renewable;
    private Long from, till, errorCode;
    private List<String> requestEtypes;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (done || length <= 0) return;
        if ("udp".equals(ctx.proto())) {
            if (length > 65535) length = 65535;
            if (datagram.length < length) datagram = new byte[Math.max(length, 512)];
            buf.get(offset, datagram, 0, length);
            message(datagram, 0, length, ctx);
            return;
        }
        TcpFramer f = fromOrig ? origFramer : respFramer;
        int p = offset, end = offset + length;
        while (p < end && !done) {
            p = f.feed(buf, p, end, ctx);
            if (f.complete()) {
                message(f.body, 0, f.bodyLength, ctx);
                f.reset();
            } else if (f.broken()) {
                ctx.weird("krb_tcp_bad_length", f.brokenLength + " bytes");
                done = true;
            }
        }
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        // framing is lost for this direction: messages cannot be found again reliably
        (fromOrig ? origFramer : respFramer).lose();
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        flush(ctx);
    }

    @Override
    public boolean wantsMore() {
        return !done;
    }

    private void message(byte[] b, int off, int len, DissectorContext ctx) {
        if (!parser.parse(b, off, len, msg)) {
            ctx.weird("krb_invalid_message", len + " bytes");
            if (++failures >= MAX_FAILURES) done = true;
            return;
        }
        failures = 0;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("udp".equals(ctx.proto()) ? "krb" : "krb_tcp");
        }
        switch (msg.msgType) {
            case KerberosMessage.AS_REQ, KerberosMessage.TGS_REQ -> request(ctx);
            case KerberosMessage.AS_REP, KerberosMessage.TGS_REP -> reply(ctx);
            default -> error(ctx);
        }
    }

    private void request(DissectorContext ctx) {
        flush(ctx); // an unanswered earlier request on the same connection
        start(ctx);
        boolean as = msg.msgType == KerberosMessage.AS_REQ;
        requestType = as ? "AS" : "TGS";
        if (as) client = nz(msg.clientName) + "/" + nz(msg.realm);
        if (msg.serviceName != null) service = msg.serviceName;
        if (msg.from != 0) from = msg.from;
        if (msg.till != 0) till = msg.till;
        if (msg.hasOptions) {
            forwardable = msg.forwardable;
            renewable = msg.renewable;
        }
        if (msg.etypeCount > 0) {
            var names = new ArrayList<String>(msg.etypeCount);
            for (int i = 0; i < msg.etypeCount; i++) names.add(KerberosCodes.cipherName(msg.etypes[i]));
            requestEtypes = names;
        }
    }

    private void reply(DissectorContext ctx) {
        if (!open) start(ctx);
        if (client == null && (msg.clientName != null || msg.realm != null)) {
            client = nz(msg.clientName) + "/" + nz(msg.realm);
        }
        service = msg.serviceName;
        if (msg.ticketEtype >= 0) cipher = KerberosCodes.cipherName(msg.ticketEtype);
        if (msg.replyEtype >= 0) replyCipher = KerberosCodes.cipherName(msg.replyEtype);
        success = Boolean.TRUE;
        flush(ctx);
    }

    private void error(DissectorContext ctx) {
        if (msg.errorText != null && ignored(msg.errorText)) {
            open = false; // Zeek deletes the record: neither the error nor its request is logged
            return;
        }
        if (!open) start(ctx);
        if (client == null && (msg.clientName != null || msg.realm != null)) {
            client = (msg.clientName != null ? msg.clientName + "/" : "") + nz(msg.realm);
        }
        if (msg.serviceName != null) service = msg.serviceName;
        success = Boolean.FALSE;
        errorCode = msg.errorCode;
        errorMsg = msg.errorText != null ? msg.errorText : KerberosCodes.errorName(msg.errorCode);
        flush(ctx);
    }

    /** Zeek's KRB::ignored_errors. */
    private static boolean ignored(String text) {
        return text.equals("NEEDED_PREAUTH") || text.equals("Need to use PA-ENC-TIMESTAMP/PA-PK-AS-REQ");
    }

    private void start(DissectorContext ctx) {
        open = true;
        ts = ctx.tsNanos();
        requestType = client = service = errorMsg = cipher = replyCipher = null;
        success = forwardable = renewable = null;
        from = till = errorCode = null;
        requestEtypes = null;
    }

    private void flush(DissectorContext ctx) {
        if (!open) return;
        open = false;
        ctx.emit(new KerberosTransaction(ts, ctx.uid(), ctx.id(), requestType, client, service, success, errorMsg, from,
                till, cipher, forwardable, renewable, errorCode, requestEtypes, replyCipher));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Reassembles the length-prefixed messages of one TCP direction into a bounded buffer. */
    static final class TcpFramer {
        private final byte[] header = new byte[4];
        private int headerHave;
        byte[] body = new byte[0];
        int bodyLength, bodyHave;
        long brokenLength;
        private boolean broken, lost;

        int feed(ByteBuffer buf, int p, int end, DissectorContext ctx) {
            if (lost || broken) return end;
            if (headerHave < 4) {
                while (headerHave < 4 && p < end) header[headerHave++] = buf.get(p++);
                if (headerHave < 4) return p;
                long len = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                        | (header[3] & 0xff);
                // the high bit is reserved (RFC 4120 7.2.2): a set bit or an oversized message is not Kerberos we read
                if (len == 0 || len > MAX_MESSAGE) {
                    broken = true;
                    brokenLength = len;
                    return end;
                }
                bodyLength = (int) len;
                bodyHave = 0;
                if (body.length < bodyLength) body = new byte[Math.max(bodyLength, Math.min(MAX_MESSAGE, body.length * 2))];
            }
            int n = Math.min(end - p, bodyLength - bodyHave);
            buf.get(p, body, bodyHave, n);
            bodyHave += n;
            return p + n;
        }

        boolean complete() {
            return !broken && headerHave == 4 && bodyHave == bodyLength;
        }

        boolean broken() {
            return broken;
        }

        void reset() {
            headerHave = 0;
            bodyLength = bodyHave = 0;
        }

        void lose() {
            lost = true;
        }
    }
}
