package io.sluice.protocol.telnet;

import io.sluice.protocol.ProtocolSignature;

/**
 * Telnet (RFC 854), identification only: the conn record's service gets "telnet"; no log.
 *
 * <p>Not yet in {@link io.sluice.protocol.Protocols#standard()}: Zeek's telnet analyzer never
 * confirms, so Zeek's conn.log has no "telnet" service (core.vlan-mpls has a telnet session), and
 * registering it needs an entry in ZeekConnConformanceTest's list of deliberate differences.
 */
public final class TelnetProtocol {
    private TelnetProtocol() {}

    public static final ProtocolSignature SIGNATURE = new TelnetSignature();
}
