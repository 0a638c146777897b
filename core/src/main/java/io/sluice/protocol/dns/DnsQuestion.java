package io.sluice.protocol.dns;

/**
 * One question of a DNS message as the parser hands it to a {@link DnsMessageVisitor}: valid only
 * during the callback (the parser reuses it). Names are made into Strings only when asked for.
 */
final class DnsQuestion {
    private final byte[] name = new byte[DnsNameReader.MAX_NAME];
    private int length;
    int qtype;
    int qclass;

    void set(DnsNameReader reader, int qtype, int qclass) {
        length = reader.length();
        System.arraycopy(reader.bytes(), 0, name, 0, length);
        this.qtype = qtype;
        this.qclass = qclass;
    }

    /** The name lowercased (ASCII only), as Zeek logs {@code query}. */
    String name() {
        return DnsText.latin1(name, length, true);
    }

    /** The name as it was on the wire. */
    String originalName() {
        return DnsText.latin1(name, length, false);
    }

    /** Whether the wire name had uppercase ASCII letters (then {@link #originalName} differs). */
    boolean hasUppercase() {
        for (int i = 0; i < length; i++) {
            if (name[i] >= 'A' && name[i] <= 'Z') return true;
        }
        return false;
    }

    /** The raw name bytes (first {@link #length()} are valid), for decoders such as NetBIOS names. */
    byte[] bytes() {
        return name;
    }

    int length() {
        return length;
    }
}
