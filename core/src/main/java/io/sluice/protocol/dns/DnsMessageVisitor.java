package io.sluice.protocol.dns;

/**
 * Receives what {@link DnsMessageParser} finds in one DNS message, in wire order, mirroring the
 * events of Zeek's DNS analyzer ({@code dns_message}, {@code dns_request}/{@code dns_rejected},
 * one event per record, {@code dns_end}). The dns.log builder is one visitor; the name-service
 * logs of NBNS, LLMNR and mDNS (issue 4) are meant to be others over the same parser.
 */
interface DnsMessageVisitor {

    /** The header was decoded (Zeek's {@code dns_message}). */
    void onMessage(DnsHeader h);

    /** One question (Zeek's {@code dns_request}, or {@code dns_rejected} / {@code dns_query_reply} in responses). */
    void onQuestion(DnsHeader h, DnsQuestion q);

    /** Whether records of {@code section} should be rendered as answer text. */
    boolean rendersText(DnsHeader h, int section);

    /** One resource record whose rdata parsed (Zeek raises no event for rdata it rejects). */
    void onRecord(DnsHeader h, DnsRecord r);

    /** The questions and the answer section parsed: the message is DNS (Zeek's protocol confirmation). */
    void onConfirmed(DnsHeader h);

    /** Whether to parse the authority and additional sections; Zeek skips them unless asked. */
    boolean wantsAuthorityAndAdditional(DnsHeader h);

    /** The message is done, including when parsing stopped early (Zeek's {@code dns_end}). */
    void onEnd(DnsHeader h);
}
