package io.sluice.packet.craft;

import static io.sluice.packet.craft.TlsBytes.clientHelloBody;
import static io.sluice.packet.craft.TlsBytes.handshake;
import static io.sluice.packet.craft.TlsBytes.sni;

/**
 * A minimal TLS 1.2 ClientHello record with SNI, for the tests of dissectors that hand their stream
 * to the TLS dissector (LDAP StartTLS, RDP, SMTP, FTP) and of analytics that only need a name.
 */
public final class TlsHelloBytes {
    private TlsHelloBytes() {}

    public static byte[] clientHello(String serverName) {
        byte[] hello = handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0xc02f, 0x009c}, sni(serverName)));
        // record version 3.1, as browsers write their first record
        return TlsBytes.of().u8(0x16).u16(0x0301).vec16(hello).build();
    }
}
