package io.sluice.protocol.vnc;

import io.sluice.protocol.ProtocolSignature;

/** VNC (RFB, RFC 6143), identification only: the conn record's service gets "vnc"; no log. */
public final class VncProtocol {
    private VncProtocol() {}

    public static final ProtocolSignature SIGNATURE = new VncSignature();
}
