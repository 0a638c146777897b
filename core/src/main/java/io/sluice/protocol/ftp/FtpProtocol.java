package io.sluice.protocol.ftp;

import io.sluice.protocol.ProtocolSignature;

/**
 * The FTP control channel (Zeek service name "ftp"): what the stream layer registers. Its dissector
 * writes ftp.log ({@link FtpCommand}).
 */
public final class FtpProtocol {
    /** Content-based identification of FTP; creates an {@code FtpDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new FtpSignature();
    /** FTP data connections, attached only to connections a control connection announced (files.log). */
    public static final ProtocolSignature DATA_SIGNATURE = new FtpDataSignature();

    private FtpProtocol() {}
}
