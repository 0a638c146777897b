package io.sluice.protocol.ftp;

import io.sluice.protocol.ProtocolSignature;

/**
 * The FTP control channel (Zeek service name "ftp"): what the stream layer registers. Its dissector
 * writes ftp.log ({@link FtpCommand}).
 */
public final class FtpProtocol {
    /** Content-based identification of FTP; creates an {@code FtpDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new FtpSignature();

    private FtpProtocol() {}
}
