package io.sluice.protocol.ldap;

import io.sluice.protocol.ProtocolSignature;

/**
 * LDAP over TCP and UDP (Zeek service names "ldap_tcp" and "ldap_udp", after its analyzers): what the stream layer registers. Its dissector
 * writes ldap.log ({@link LdapMessageRow}) and ldap_search.log ({@link LdapSearchRow}).
 */
public final class LdapProtocol {
    /** Content-based identification of LDAP messages; creates an {@code LdapDissector} per connection. */
    public static final ProtocolSignature SIGNATURE = new LdapSignature();

    private LdapProtocol() {}
}
