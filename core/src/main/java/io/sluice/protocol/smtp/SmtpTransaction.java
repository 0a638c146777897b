package io.sluice.protocol.smtp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one SMTP mail transaction, as a row of Zeek's {@code smtp.log}
 * (base/protocols/smtp/main.zeek and files.zeek, in Zeek's order), plus Sluice's additions for
 * mail-spoofing analytics: whether the message carries a {@code DKIM-Signature}, and its
 * {@code Authentication-Results} and {@code Received-SPF} headers as written. {@code fuids} are the
 * ids of the message's MIME entities in files.log (their decoded bodies), in message order.
 */
public record SmtpTransaction(
        long tsNanos,
        String uid,
        ConnId id,
        long transDepth,
        String helo,
        String mailfrom,
        List<String> rcptto,
        String date,
        String from,
        List<String> to,
        List<String> cc,
        String replyTo,
        String msgId,
        String inReplyTo,
        String subject,
        String xOriginatingIp,
        String firstReceived,
        String secondReceived,
        String lastReply,
        List<String> path,
        String userAgent,
        boolean tls,
        boolean dkimSignature,
        String authenticationResults,
        String receivedSpf,
        List<MailAttachment> attachments,
        List<MailLink> links,
        List<String> fuids)
        implements ContentEvent {

    /**
     * A row without the message's MIME walk (no body seen). {@code attachments} and {@code links}
     * are Sluice's, for the analytics; smtp.log keeps Zeek's columns (Zeek puts files in files.log).
     */
    public SmtpTransaction(long tsNanos, String uid, ConnId id, long transDepth, String helo, String mailfrom,
            List<String> rcptto, String date, String from, List<String> to, List<String> cc, String replyTo,
            String msgId, String inReplyTo, String subject, String xOriginatingIp, String firstReceived,
            String secondReceived, String lastReply, List<String> path, String userAgent, boolean tls,
            boolean dkimSignature, String authenticationResults, String receivedSpf) {
        this(tsNanos, uid, id, transDepth, helo, mailfrom, rcptto, date, from, to, cc, replyTo, msgId, inReplyTo,
                subject, xOriginatingIp, firstReceived, secondReceived, lastReply, path, userAgent, tls, dkimSignature,
                authenticationResults, receivedSpf, List.of(), List.of(), List.of());
    }

    public static final LogSchema SCHEMA = LogSchema.named("smtp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("trans_depth", "count")
            .field("helo", "string")
            .field("mailfrom", "string")
            .field("rcptto", "set[string]")
            .field("date", "string")
            .field("from", "string")
            .field("to", "set[string]")
            .field("cc", "set[string]")
            .field("reply_to", "string")
            .field("msg_id", "string")
            .field("in_reply_to", "string")
            .field("subject", "string")
            .field("x_originating_ip", "addr")
            .field("first_received", "string")
            .field("second_received", "string")
            .field("last_reply", "string")
            .field("path", "vector[addr]")
            .field("user_agent", "string")
            .field("tls", "bool")
            .field("fuids", "vector[string]")
            .field("dkim_signature", "bool")
            .field("authentication_results", "string")
            .field("received_spf", "string")
            .build();

    public SmtpTransaction {
        rcptto = copy(rcptto);
        to = copy(to);
        cc = copy(cc);
        path = copy(path);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        links = links == null ? List.of() : List.copyOf(links);
        fuids = fuids == null ? List.of() : List.copyOf(fuids);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? null : List.copyOf(l);
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.count(transDepth);
        out.wireOrUnset(helo);
        out.wireOrUnset(mailfrom);
        wires(out, rcptto);
        out.wireOrUnset(date);
        out.wireOrUnset(from);
        wires(out, to);
        wires(out, cc);
        out.wireOrUnset(replyTo);
        out.wireOrUnset(msgId);
        out.wireOrUnset(inReplyTo);
        out.wireOrUnset(subject);
        out.wireOrUnset(xOriginatingIp);
        out.wireOrUnset(firstReceived);
        out.wireOrUnset(secondReceived);
        out.wireOrUnset(lastReply);
        strings(out, path);
        out.wireOrUnset(userAgent);
        out.bool(tls);
        if (fuids == null || fuids.isEmpty()) out.unset(); else out.strings(fuids);
        out.bool(dkimSignature);
        out.wireOrUnset(authenticationResults);
        out.wireOrUnset(receivedSpf);
    }

    private static void strings(FieldSink out, List<String> l) {
        if (l == null) out.unset(); else out.strings(l);
    }

    private static void wires(FieldSink out, List<String> l) {
        if (l == null) out.unset(); else out.wires(l);
    }
}
