package io.sluice.protocol.smtp;

import io.sluice.protocol.ProtocolSignature;

/**
 * SMTP (Zeek service name "smtp"): what the stream layer registers. Its dissector writes smtp.log
 * ({@link SmtpTransaction}) and hands STARTTLS sessions to the TLS dissector.
 */
public final class SmtpProtocol {
    /** Content-based identification of SMTP; creates an {@code SmtpDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new SmtpSignature();

    private SmtpProtocol() {}
}
