package io.sluice.protocol;

import java.util.List;

/**
 * The protocols a default run identifies and dissects: the one place to register a protocol.
 * Order matters only for ties between signatures that match the same bytes on a port that is
 * standard for neither (the first wins).
 */
public final class Protocols {
    private Protocols() {}

    public static ProtocolRegistry standard() {
        return new ProtocolRegistry(List.of(
                // DnsProtocol, TlsProtocol, HttpProtocol, SshProtocol, QuicProtocol: registered as
                // their branches merge, e.g. new io.sluice.protocol.dns.DnsProtocol(),
        ));
    }
}
