package io.sluice.protocol.http;

import io.sluice.protocol.ProtocolSignature;

/** HTTP/1.x: the entry point the stream layer registers (signature, dissector, http.log rows). */
public final class HttpProtocol {
    /** Content-based identification of HTTP/1.x; creates an {@link HttpDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new HttpSignature();

    private HttpProtocol() {}
}
