package io.sluice.protocol.socks;

import io.sluice.protocol.ProtocolSignature;

/**
 * SOCKS 4, 4a and 5 proxies (T1090 Proxy): {@code socks.log}, and the relayed connection
 * identified and dissected after the proxy granted it.
 */
public final class SocksProtocol {
    private SocksProtocol() {}

    public static final ProtocolSignature SIGNATURE = new SocksSignature();
}
