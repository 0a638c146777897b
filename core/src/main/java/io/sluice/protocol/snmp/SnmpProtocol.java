package io.sluice.protocol.snmp;

import io.sluice.protocol.ProtocolSignature;

/** SNMP v1/v2c/v3 over UDP (Zeek service name "snmp"): one snmp.log row ({@link SnmpSession}) per connection. */
public final class SnmpProtocol {
    private SnmpProtocol() {}

    public static final ProtocolSignature SIGNATURE = new SnmpSignature();
}
