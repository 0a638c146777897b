package io.sluice.protocol.ssh;

import io.sluice.protocol.ProtocolSignature;

/**
 * SSH: the entry point the stream layer registers. Dissectors it creates are {@link SshDissector}s,
 * whose {@link SshDissector#onPacket} the stream layer calls per TCP packet for JA4SSH.
 */
public final class SshProtocol {
    /** Content-based identification of SSH; creates an {@link SshDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new SshSignature();

    private SshProtocol() {}
}
