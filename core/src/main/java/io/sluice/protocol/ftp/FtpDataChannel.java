package io.sluice.protocol.ftp;

import io.sluice.protocol.files.FileAnalysis;

/**
 * One data channel a control connection announced (PASV, EPSV, PORT, EPRT), shared with the data
 * connection's dissector through the expectation (Zeek's {@code ftp_data_expected}, which holds the
 * control connection's record): the control side says which file the transfer is for, the data
 * side hands back the file it followed, whose id and type the transfer's ftp.log row carries.
 */
final class FtpDataChannel {
    /** The argument of the file command (RETR, STOR, APPE, STOU) the transfer belongs to, or null. */
    String name;
    /** The file the data connection carried, from its first byte; null until then. */
    FileAnalysis file;
}
