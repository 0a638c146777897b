package io.sluice.protocol.dns;

import java.nio.ByteBuffer;

/**
 * Walks one whole DNS message (a UDP datagram or a length-delimited TCP message) and reports it
 * to a {@link DnsMessageVisitor}, following the order and the failure rules of Zeek's
 * {@code DNS_Interpreter::ParseMessage}: header; at most {@value #MAX_QUESTIONS} questions (more is
 * {@code DNS_Conn_count_too_large}); the answer section; then, only if the visitor asks, the
 * authority and additional sections. A record that does not fit ends the message with Zeek's weird.
 *
 * <p>Every read is bounded by the message length; nothing throws on any input. After each record
 * parsing resumes at the end of its rdata (Zeek resumes where the rdata parser stopped, which only
 * differs on malformed records). Weirds are forwarded to the sink, at most
 * {@value #MAX_WEIRDS_PER_MESSAGE} per message, so a crafted message cannot flood weird.log.
 *
 * <p>Not thread-safe. The dissector uses its thread's instance ({@link #shared}) for every
 * connection, passing the connection's weird sink with each message: a parser holds only scratch
 * state between messages, and one per connection was 1 kB and seven objects for every DNS flow.
 * Allocates only the strings visitors ask for.
 */
final class DnsMessageParser implements DnsNameReader.Weirds {
    /** Zeek's {@code dns_max_queries}. */
    static final int MAX_QUESTIONS = 25;
    static final int MAX_WEIRDS_PER_MESSAGE = 16;

    private final DnsHeader header = new DnsHeader();
    private final DnsNameReader names = new DnsNameReader();
    private final DnsQuestion question = new DnsQuestion();
    private final DnsRecord record = new DnsRecord();
    private final StringBuilder text = new StringBuilder(128);
    private DnsNameReader.Weirds sink;
    /** NetBIOS name service: labels longer than 63 bytes are fine and type 33 is NBSTAT, not SRV. */
    private boolean netbios;
    private int weirds;

    private static final ThreadLocal<DnsMessageParser> SHARED = new ThreadLocal<>();

    DnsMessageParser(DnsNameReader.Weirds sink, boolean netbios) {
        this.sink = sink;
        this.netbios = netbios;
    }

    /** The calling thread's parser, for {@link #parse(ByteBuffer, int, int, DnsMessageVisitor, DnsNameReader.Weirds, boolean)}. */
    static DnsMessageParser shared() {
        DnsMessageParser p = SHARED.get();
        if (p == null) {
            p = new DnsMessageParser(null, false);
            SHARED.set(p);
        }
        return p;
    }

    /** Parses one message for a connection whose weirds go to {@code sink}. */
    void parse(ByteBuffer buf, int base, int length, DnsMessageVisitor v, DnsNameReader.Weirds sink, boolean netbios) {
        this.sink = sink;
        this.netbios = netbios;
        try {
            parse(buf, base, length, v);
        } finally {
            this.sink = null; // no reference to a connection is kept between messages
        }
    }

    @Override
    public void weird(String name, String addl) {
        if (weirds++ < MAX_WEIRDS_PER_MESSAGE) sink.weird(name, addl);
    }

    void parse(ByteBuffer buf, int base, int length, DnsMessageVisitor v) {
        weirds = 0;
        if (length < DnsHeader.LENGTH) {
            weird("DNS_truncated_len_lt_hdr_len", null);
            return;
        }
        DnsHeader h = header;
        h.decode(buf, base, length);
        v.onMessage(h);
        if (h.qdcount > MAX_QUESTIONS) {
            weird("DNS_Conn_count_too_large", null);
            v.onEnd(h);
            return;
        }
        int pos = DnsHeader.LENGTH;
        for (int i = 0; i < h.qdcount; i++) {
            pos = names.read(buf, base, length, pos, netbios, this);
            if (length - pos < 4) {
                weird("DNS_truncated_quest_too_short", null);
                v.onEnd(h);
                return;
            }
            question.set(names, DnsHeader.u16(buf, base + pos), DnsHeader.u16(buf, base + pos + 2));
            pos += 4;
            v.onQuestion(h, question);
        }
        pos = records(buf, base, length, pos, h.ancount, DnsRecord.ANSWER, v);
        if (pos < 0) {
            v.onEnd(h);
            return;
        }
        v.onConfirmed(h);
        if (v.wantsAuthorityAndAdditional(h)) {
            pos = records(buf, base, length, pos, h.nscount, DnsRecord.AUTHORITY, v);
            if (pos >= 0) records(buf, base, length, pos, h.arcount, DnsRecord.ADDITIONAL, v);
        }
        v.onEnd(h);
    }

    /** Parses {@code count} records from {@code pos}; returns the position after them, or -1 to stop. */
    private int records(ByteBuffer buf, int base, int length, int pos, int count, int section, DnsMessageVisitor v) {
        DnsRecord r = record;
        boolean render = v.rendersText(header, section);
        for (int i = 0; i < count; i++) {
            pos = names.read(buf, base, length, pos, netbios, this);
            if (length - pos < 4) {
                weird("DNS_truncated_ans_too_short", null);
                return -1;
            }
            r.setOwner(names);
            r.section = section;
            r.type = DnsHeader.u16(buf, base + pos);
            r.rclass = DnsHeader.u16(buf, base + pos + 2);
            pos += 4;
            // Zeek reads a missing TTL or rdlength as zero without consuming anything.
            r.ttl = 0;
            if (length - pos >= 4) {
                r.ttl = DnsHeader.u32(buf, base + pos);
                pos += 4;
            }
            int rdlength = 0;
            if (length - pos >= 2) {
                rdlength = DnsHeader.u16(buf, base + pos);
                pos += 2;
            }
            if (rdlength > length - pos) {
                weird("DNS_truncated_RR_rdlength_lt_len", null);
                return -1;
            }
            if (rdlength == 0 && length - pos > 0) {
                weird("DNS_zero_rdlength", null);
                return -1;
            }
            r.buffer = buf;
            r.base = base;
            r.messageLength = length;
            r.rdataOffset = pos;
            r.rdataLength = rdlength;
            boolean ok = DnsRdata.decode(r, render, netbios, names, text, this);
            if (r.reply || ok) v.onRecord(header, r);
            if (!ok) return -1;
            pos += rdlength;
        }
        return pos;
    }
}
