package io.sluice.protocol.tftp;

import io.sluice.protocol.ProtocolSignature;

/**
 * TFTP over UDP (Zeek service name "tftp", from the zeek/spicy-tftp package): what the stream layer
 * registers. Its dissector writes tftp.log ({@link TftpTransfer}).
 */
public final class TftpProtocol {
    /** Content-based identification of TFTP requests and data flows; creates a {@code TftpDissector}. */
    public static final ProtocolSignature SIGNATURE = new TftpSignature();

    private TftpProtocol() {}
}
