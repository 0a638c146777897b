package io.sluice.packet;

/**
 * Why a packet could not be decoded to the end. Counted per reason in the summary; the flow table
 * still sees whatever layers were decoded before the error.
 */
public enum DecodeError {
    NONE("none"),
    TRUNCATED_LINK("truncated link-layer header"),
    UNSUPPORTED_LINK("unsupported link type"),
    UNSUPPORTED_ETHERTYPE("unsupported EtherType"),
    TRUNCATED_IP("truncated IP header"),
    BAD_IP_VERSION("bad IP version"),
    BAD_IP_HEADER_LENGTH("bad IP header length"),
    BAD_IP_TOTAL_LENGTH("IP total length smaller than the header"),
    TRUNCATED_TRANSPORT("truncated transport header"),
    BAD_TCP_HEADER_LENGTH("bad TCP data offset"),
    BAD_UDP_LENGTH("UDP length field disagrees with the IP payload"),
    TRUNCATED_ARP("truncated ARP packet"),
    BAD_IPV6_EXTENSION("bad IPv6 extension header"),
    FRAGMENT_DROPPED("IP fragment dropped (limits or overlap)"),
    TUNNEL_TOO_DEEP("tunnel nesting too deep"),
    BAD_TUNNEL("malformed tunnel header");

    private final String description;

    DecodeError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
