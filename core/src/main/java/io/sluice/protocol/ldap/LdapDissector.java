package io.sluice.protocol.ldap;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.tls.TlsDissector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * LDAP over TCP (389, 3268) and UDP (CLDAP), written to ldap.log and ldap_search.log the way Zeek's
 * base/protocols/ldap/main.zeek does: one ldap.log row per message id of a non-search operation,
 * written at its response (or at the end of the connection); one ldap_search.log row per search,
 * written at its SearchResultDone, counting the entries in between.
 *
 * <p>After a successful SASL bind, messages may travel inside SASL buffers (a four-byte length);
 * those whose payload is a Kerberos wrap token without confidentiality (RFC 4121 4.2.6.2, what
 * Windows sends for "signing only") are unwrapped and read, sealed ones are skipped by length, as
 * Zeek's analyzer does. After a successful StartTLS the stream is handed to a {@link TlsDissector},
 * so ssl.log gets the handshake, as Zeek's analyzer forwards it to its SSL analyzer.
 */
final class LdapDissector implements Dissector {
    /**
     * Bytes of one message kept (per direction); larger ones are cut, which still counts a search
     * entry. 64 KiB keeps a busy directory server's many connections within memory.
     */
    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_PENDING = 64;
    private static final int MAX_FAILURES = 4;

    private final LdapMessageParser parser = new LdapMessageParser();
    private final LdapMessage msg = new LdapMessage();
    private final Framer orig = new Framer(), resp = new Framer();
    private final List<PendingMessage> messages = new ArrayList<>();
    private final List<PendingSearch> searches = new ArrayList<>();
    private boolean confirmed, done, saslAfterBind, startTlsRequested;
    private String saslMechanism;
    private int failures;
    private TlsDissector tls;

    private static final class PendingMessage {
        long ts, id;
        Long version;
        String opcode, result, diagnostic, object, argument;
    }

    private static final class PendingSearch {
        long ts, id, count;
        String scope, deref, base, result, diagnostic, filter;
        List<String> attributes;
    }

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (tls != null) {
            tls.onData(fromOrig, buf, offset, length, ctx);
            return;
        }
        if (done || length <= 0) return;
        Framer f = fromOrig ? orig : resp;
        if ("udp".equals(ctx.proto())) f.reset(); // one datagram holds whole messages
        int p = offset, end = offset + length;
        while (p < end && !done && tls == null) {
            p = f.feed(buf, p, end, saslAfterBind);
            if (f.state == Framer.COMPLETE) {
                frame(fromOrig, f, ctx);
                f.reset();
            } else if (f.state == Framer.BROKEN) {
                ctx.weird("LDAP_bad_framing", f.why);
                done = true;
            }
        }
        if (tls != null && p < end) tls.onData(fromOrig, buf, p, end - p, ctx);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (tls != null) tls.onGap(fromOrig, bytes, ctx);
        else (fromOrig ? orig : resp).lost = true;
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        // Zeek's finalize_ldap: what is still pending, except message id 0
        for (PendingMessage m : messages) if (m.id > 0) emit(m, ctx);
        messages.clear();
        for (PendingSearch s : searches) if (s.id > 0) emit(s, ctx);
        searches.clear();
        if (tls != null) tls.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        return tls != null ? tls.wantsMore() : !done;
    }

    private void frame(boolean fromOrig, Framer f, DissectorContext ctx) {
        if (!f.sasl) {
            message(f.body, 0, f.have, f.length > f.have, ctx);
            return;
        }
        // a SASL buffer: read LDAP inside an integrity-only Kerberos wrap token, skip anything else
        byte[] b = f.body;
        int n = f.have;
        if (f.length > f.have || n < 16 || b[0] != 0x05 || b[1] != 0x04 || (b[2] & 0x02) != 0) return;
        int ec = ((b[4] & 0xff) << 8) | (b[5] & 0xff), rrc = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        int start = 16, end = n;
        if (rrc == ec) start += ec;
        else if (rrc == 0) end -= ec;
        else return;
        int p = start;
        while (p < end) {
            int len = Framer.berLength(b, p, end);
            if (len <= 0 || len > end - p) break;
            message(b, p, len, false, ctx);
            p += len;
        }
    }

    private void message(byte[] b, int off, int len, boolean truncated, DissectorContext ctx) {
        if (truncated) {
            // only the start of an oversized message was kept: enough to count a search entry
            long[] idOp = Framer.idAndOpcode(b, off, len);
            if (idOp != null && idOp[1] == LdapCodes.SEARCH_RESULT_ENTRY) search(idOp[0], ctx).count++;
            else ctx.weird("LDAP_message_too_large", Integer.toString(len));
            return;
        }
        if (!parser.parse(b, off, len, msg)) {
            ctx.weird("LDAP_invalid_message", len + " bytes");
            if (++failures >= MAX_FAILURES) done = true;
            return;
        }
        failures = 0;
        if (!confirmed) {
            confirmed = true;
            // Zeek names the service after its analyzers, LDAP_TCP and LDAP_UDP
            ctx.confirm("udp".equals(ctx.proto()) ? "ldap_udp" : "ldap_tcp");
        }
        switch (msg.opcode) {
            case LdapCodes.SEARCH_REQUEST -> {
                PendingSearch s = search(msg.messageId, ctx);
                s.scope = LdapCodes.scope(msg.scope);
                s.deref = LdapCodes.deref(msg.deref);
                if (msg.object != null) s.base = msg.object;
                s.filter = msg.filter;
                s.attributes = List.copyOf(msg.attributes);
            }
            case LdapCodes.SEARCH_RESULT_ENTRY -> search(msg.messageId, ctx).count++;
            case LdapCodes.SEARCH_RESULT_REFERENCE -> {}
            case LdapCodes.SEARCH_RESULT_DONE -> {
                PendingSearch s = search(msg.messageId, ctx);
                if (msg.resultCode >= 0) s.result = LdapCodes.result(msg.resultCode);
                if (msg.diagnosticMessage != null) s.diagnostic = msg.diagnosticMessage;
                searches.remove(s);
                emit(s, ctx);
            }
            default -> operation(ctx);
        }
    }

    private void operation(DissectorContext ctx) {
        PendingMessage m = pending(msg.messageId, ctx);
        String op = LdapCodes.opcode(msg.opcode);
        if (msg.opcode == LdapCodes.BIND_REQUEST) {
            if (m.version == null) m.version = msg.version;
            m.opcode = switch (msg.authType) {
                case 0 -> "bind simple";
                case 3 -> "bind SASL";
                default -> "bind auth " + msg.authType; // Sluice's name: Zeek has none for Sicily and the reserved types
            };
            saslMechanism = msg.authType == 3 ? msg.saslMechanism : null;
        } else if (msg.opcode == LdapCodes.BIND_RESPONSE) {
            if (m.opcode == null) {
                ctx.weird("LDAP_bind_without_opcode", msg.messageId + ": bind");
                m.opcode = op;
            }
            if (msg.resultCode == 0 && saslMechanism != null && !saslMechanism.isEmpty()) saslAfterBind = true;
        } else {
            m.opcode = op;
        }
        if (msg.resultCode >= 0) m.result = LdapCodes.result(msg.resultCode);
        if (msg.diagnosticMessage != null) m.diagnostic = msg.diagnosticMessage;
        String object = msg.opcode == LdapCodes.EXTENDED_REQUEST ? msg.requestName : msg.object;
        if (object != null && !object.isEmpty()) {
            m.object = msg.opcode == LdapCodes.EXTENDED_REQUEST ? object + " (" + LdapCodes.extendedRequest(object) + ")" : object;
            if (msg.opcode == LdapCodes.EXTENDED_REQUEST && object.equals(LdapCodes.START_TLS_OID)) startTlsRequested = true;
        }
        if (msg.argument != null) m.argument = msg.argument;
        if (finishes(msg.opcode)) {
            messages.remove(m);
            emit(m, ctx);
        }
        if (msg.opcode == LdapCodes.EXTENDED_RESPONSE && startTlsRequested && msg.resultCode == 0) {
            tls = new TlsDissector(); // the rest of both directions is TLS
        }
    }

    /** Zeek's OPCODES_FINISHED (search done is handled apart). */
    private static boolean finishes(int op) {
        return switch (op) {
            case LdapCodes.BIND_RESPONSE, LdapCodes.UNBIND_REQUEST, LdapCodes.MODIFY_RESPONSE, LdapCodes.ADD_RESPONSE,
                    LdapCodes.DEL_RESPONSE, LdapCodes.MOD_DN_RESPONSE, LdapCodes.COMPARE_RESPONSE,
                    LdapCodes.ABANDON_REQUEST, LdapCodes.EXTENDED_RESPONSE -> true;
            default -> false;
        };
    }

    private PendingMessage pending(long id, DissectorContext ctx) {
        for (PendingMessage m : messages) if (m.id == id) return m;
        if (messages.size() >= MAX_PENDING) emit(messages.remove(0), ctx); // bounded: the oldest goes out as is
        var m = new PendingMessage();
        m.ts = ctx.tsNanos();
        m.id = id;
        messages.add(m);
        return m;
    }

    private PendingSearch search(long id, DissectorContext ctx) {
        for (PendingSearch s : searches) if (s.id == id) return s;
        if (searches.size() >= MAX_PENDING) emit(searches.remove(0), ctx);
        var s = new PendingSearch();
        s.ts = ctx.tsNanos();
        s.id = id;
        searches.add(s);
        return s;
    }

    private static void emit(PendingMessage m, DissectorContext ctx) {
        ctx.emit(new LdapMessageRow(m.ts, ctx.uid(), ctx.id(), m.id, m.version, m.opcode, m.result, m.diagnostic,
                m.object, m.argument));
    }

    private static void emit(PendingSearch s, DissectorContext ctx) {
        ctx.emit(new LdapSearchRow(s.ts, ctx.uid(), ctx.id(), s.id, s.scope, s.deref, s.base, s.count, s.result,
                s.diagnostic, s.filter, s.attributes));
    }
}
