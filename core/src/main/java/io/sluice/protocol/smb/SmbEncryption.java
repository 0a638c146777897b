package io.sluice.protocol.smb;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: an SMB connection whose messages went encrypted (the SMB 3
 * transform header, protocol id 0xFD 'SMB'), one row per connection at its first encrypted
 * message ({@code smb_encryption.log}, a Sluice log: Zeek has none). SMB 3 encrypts with AES keys
 * both ends derive from the session key of the NTLM or Kerberos authentication: a symmetric
 * scheme with no public-key exchange, which is what tells it from TLS or SSH.
 *
 * @param dialect   the dialect the server chose ("3.00", "3.02", "3.11"), unset when the negotiate
 *                  was not captured
 * @param firstFrom "orig" or "resp": which side sent the first encrypted message
 */
public record SmbEncryption(long tsNanos, String uid, ConnId id, String dialect, String firstFrom)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("smb_encryption")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("dialect", "string")
            .field("first_from", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.stringOrUnset(dialect);
        out.string(firstFrom);
    }
}
