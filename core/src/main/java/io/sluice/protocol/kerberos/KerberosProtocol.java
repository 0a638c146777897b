package io.sluice.protocol.kerberos;

import io.sluice.protocol.ProtocolSignature;

/**
 * Kerberos 5 over UDP and TCP (Zeek service names "krb" and "krb_tcp"): what the stream layer
 * registers. Its dissector writes kerberos.log rows ({@link KerberosTransaction}).
 */
public final class KerberosProtocol {
    /** Content-based identification of KDC messages; creates a {@code KerberosDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new KerberosSignature();

    private KerberosProtocol() {}
}
