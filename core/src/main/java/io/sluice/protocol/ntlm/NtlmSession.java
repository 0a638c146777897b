package io.sluice.protocol.ntlm;

import io.sluice.protocol.DissectorContext;

/**
 * Follows one NTLM exchange (NEGOTIATE, CHALLENGE, AUTHENTICATE, then the carrier's verdict) on a
 * connection and emits its ntlm.log row, as Zeek's NTLM scripts do: the row is written when the
 * result arrives, or at the end of the connection if it never does. An anonymous AUTHENTICATE (no
 * user, host or domain: a null session) is a row too, as in Zeek, where any NTLM message starts the
 * record; an exchange that never reached its AUTHENTICATE is not (Zeek logs that one as well, with
 * the server's names only).
 */
public final class NtlmSession {
    private long ts = -1;
    private String user, host, domain, nb, dns, tree;
    private boolean authSeen;

    /** Takes a message seen on the connection. */
    public void onMessage(NtlmMessage m, DissectorContext ctx) {
        if (m == null) return;
        if (m.type() == NtlmMessage.NEGOTIATE && authSeen) flush(null, ctx); // a new exchange begins
        if (ts < 0) ts = ctx.tsNanos();
        switch (m.type()) {
            case NtlmMessage.CHALLENGE -> {
                if (m.serverNbComputerName() != null) nb = m.serverNbComputerName();
                if (m.serverDnsComputerName() != null) dns = m.serverDnsComputerName();
                if (m.serverTreeName() != null) tree = m.serverTreeName();
            }
            case NtlmMessage.AUTHENTICATE -> {
                authSeen = true;
                if (m.domain() != null) domain = m.domain();
                if (m.workstation() != null) host = m.workstation();
                if (m.user() != null) user = m.user();
            }
            default -> { }
        }
    }

    /** Whether an AUTHENTICATE is waiting for its result. */
    public boolean awaitingResult() {
        return authSeen;
    }

    /** The carrier's verdict on the AUTHENTICATE (null: unknown); emits the row. */
    public void result(Boolean success, DissectorContext ctx) {
        if (authSeen) flush(success, ctx);
    }

    /** End of the connection: a pending exchange is logged without a result. */
    public void onEnd(DissectorContext ctx) {
        if (ts >= 0) flush(null, ctx);
    }

    private void flush(Boolean success, DissectorContext ctx) {
        if (authSeen) {
            ctx.emit(new NtlmAuthentication(ts, ctx.uid(), ctx.id(), user, host, domain, nb, dns, tree, success));
            ctx.confirm("ntlm");
        }
        ts = -1;
        user = host = domain = nb = dns = tree = null;
        authSeen = false;
    }
}
