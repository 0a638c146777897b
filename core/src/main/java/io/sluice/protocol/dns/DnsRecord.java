package io.sluice.protocol.dns;

import java.nio.ByteBuffer;

/**
 * One resource record as the parser hands it to a {@link DnsMessageVisitor}: valid only during
 * the callback (the parser reuses it and the message bytes belong to the caller).
 *
 * <p>{@link #reply()} says whether Zeek's base scripts would pass the record to
 * {@code DNS::do_reply} (a record type whose event the scripts handle); {@link #text()} is then
 * the string Zeek appends to {@code answers} (empty when Zeek appends nothing, as for WKS), or null
 * when the visitor did not ask for text.
 */
final class DnsRecord {
    static final int ANSWER = 1, AUTHORITY = 2, ADDITIONAL = 3;

    private final byte[] owner = new byte[DnsNameReader.MAX_NAME];
    private int ownerLength;

    int section;
    int type;
    int rclass;
    /** Unsigned 32-bit TTL in seconds (for OPT: extended rcode, version and flags). */
    long ttl;
    ByteBuffer buffer;
    int base;
    int messageLength;
    /** Offset of the rdata from the message start. */
    int rdataOffset;
    int rdataLength;
    boolean reply;
    String text;

    void setOwner(DnsNameReader reader) {
        ownerLength = reader.length();
        System.arraycopy(reader.bytes(), 0, owner, 0, ownerLength);
    }

    /** The owner name, lowercased as Zeek does for answer names. */
    String ownerName() {
        return DnsText.latin1(owner, ownerLength, true);
    }

    /** The NetBIOS name type of the owner name when it is an encoded NetBIOS name, else 256. */
    int ownerNetbiosType() {
        return NetbiosName.nameType(owner, ownerLength);
    }

    boolean reply() {
        return reply;
    }

    String text() {
        return text;
    }

    /** EDNS (type OPT): the requester's UDP payload size, carried in the class field. */
    int ednsUdpPayloadSize() {
        return rclass;
    }

    /** EDNS (type OPT): the DNSSEC OK bit of the flags carried in the TTL field. */
    boolean ednsDnssecOk() {
        return (ttl & 0x8000) != 0;
    }
}
