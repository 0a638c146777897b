package io.sluice.protocol.ntp;

import io.sluice.protocol.ProtocolSignature;

/** NTP over UDP (Zeek service name "ntp"): one ntp.log row ({@link NtpMessage}) per message. */
public final class NtpProtocol {
    private NtpProtocol() {}

    public static final ProtocolSignature SIGNATURE = new NtpSignature();
}
