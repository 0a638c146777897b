package io.sluice.ingest.netflow;

import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;

/**
 * Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into {@link ExportRecord}
 * views. Templates and options templates are kept per exporter (address and port) and observation
 * domain / source id, replaced on refresh and removed on IPFIX withdrawal. Variable-length fields
 * (IPFIX, and the H3C v9 extension) and enterprise fields are skipped by their length unless they
 * are RFC 5103 reverse elements.
 *
 * <p>Sampling: a rate from options data (samplingInterval, samplerRandomInterval, or
 * samplingPacketInterval/Space) is remembered per domain and put in {@link ExportRecord#samplingRate};
 * a rate in the data record itself wins; v5 uses its header's interval. The decoder does not scale
 * counters itself, the listener does (so a conformance test still sees the exported values).
 *
 * <p>Reads are absolute and byte by byte (independent of the buffer's byte order) and bounded by
 * the datagram and set lengths; a malformed datagram is counted per exporter by {@link DropReason}
 * and decoding stops, never an exception. No allocation per record: templates are the only objects
 * made, when they arrive. Not thread-safe: one decoder per receiving thread.
 */
public final class FlowExportDecoder {
    private static final int V5_HEADER = 24, V5_RECORD = 48, V9_HEADER = 20, IPFIX_HEADER = 16;
    /** More fields than any real template; bounds the arrays a hostile template can make us allocate. */
    private static final int MAX_FIELDS = 1024;
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

    private final ExporterTable exporters;
    private final ExportListener listener;
    private final ExportRecord rec = new ExportRecord();
    private ByteBuffer b;

    public FlowExportDecoder(ExporterTable exporters, ExportListener listener) {
        this.exporters = exporters;
        this.listener = listener;
    }

    public ExporterTable exporters() {
        return exporters;
    }

    /**
     * Decodes one datagram payload ({@code len} bytes at {@code off}) sent from ({@code hi},
     * {@code lo}) port {@code port}; returns the records emitted (flow and options).
     */
    public int decode(ByteBuffer buf, int off, int len, long hi, long lo, int port) {
        Exporter ex = exporters.get(hi, lo, port);
        ex.stats.datagrams++;
        if (off < 0 || len < 0 || (long) off + len > buf.limit()) {
            ex.stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        b = buf;
        if (len < 4) {
            ex.stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        int version = u16(off);
        return switch (version) {
            case 5 -> v5(ex, off, len);
            case 9 -> v9(ex, off, len);
            case 10 -> ipfix(ex, off, len);
            default -> {
                ex.stats.drop(DropReason.BAD_VERSION);
                yield 0;
            }
        };
    }

    /** The version a datagram declares, or -1 when it is too short to say (for recognisers). */
    public static int version(ByteBuffer buf, int off, int len) {
        if (len < 2) return -1;
        return ((buf.get(off) & 0xff) << 8) | (buf.get(off + 1) & 0xff);
    }

    // ---- NetFlow v5 -------------------------------------------------------------------------

    private int v5(Exporter ex, int off, int len) {
        if (len < V5_HEADER) {
            ex.stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        int count = u16(off + 2);
        if (count == 0 || V5_HEADER + (long) count * V5_RECORD > len) {
            ex.stats.drop(DropReason.BAD_LENGTH);
            return 0;
        }
        ex.stats.lastVersion = 5;
        long uptime = u32(off + 4);
        long exportMillis = u32(off + 8) * 1000 + u32(off + 12) / 1_000_000;
        int engine = u16(off + 20);
        int sampling = u16(off + 22);
        long rate = sampling & 0x3fff; // the top two bits are the sampling mode
        Exporter.Domain d = ex.domain(engine);
        if (d == null) {
            ex.stats.drop(DropReason.STATE_LIMIT);
            return 0;
        }
        for (int i = 0; i < count; i++) {
            int p = off + V5_HEADER + i * V5_RECORD;
            ExportRecord r = rec;
            r.reset();
            r.version = 5;
            r.domain = engine;
            r.exporter = d.text;
            r.exportMillis = exportMillis;
            r.hasSrc = r.hasDst = true;
            r.srcLo = IpAddress.v4Lo((int) u32(p));
            r.dstLo = IpAddress.v4Lo((int) u32(p + 4));
            r.ipVersion = 4;
            r.inputIf = u16(p + 12);
            r.outputIf = u16(p + 14);
            r.packets = u32(p + 16);
            r.bytes = u32(p + 20);
            r.hasCounts = true;
            r.startMillis = exportMillis - (int) (uptime - u32(p + 24));
            r.endMillis = exportMillis - (int) (uptime - u32(p + 28));
            r.srcPort = u16(p + 32);
            r.dstPort = u16(p + 34);
            r.tcpFlags = u8(p + 37);
            r.proto = u8(p + 38);
            r.tos = u8(p + 39);
            r.srcAs = u16(p + 40);
            r.dstAs = u16(p + 42);
            if (r.proto == 1) { // Cisco puts ICMP type and code in the destination port
                r.icmpType = r.dstPort >>> 8;
                r.icmpCode = r.dstPort & 0xff;
            }
            r.recordSampling = rate;
            r.samplingRate = rate > 1 ? rate : 1;
            ex.stats.flowRecords++;
            listener.onRecord(r);
        }
        return count;
    }

    // ---- NetFlow v9 -------------------------------------------------------------------------

    private int v9(Exporter ex, int off, int len) {
        if (len < V9_HEADER) {
            ex.stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        ex.stats.lastVersion = 9;
        long uptime = u32(off + 4);
        long exportMillis = u32(off + 8) * 1000;
        long sourceId = u32(off + 16);
        Exporter.Domain d = ex.domain(sourceId);
        if (d == null) {
            ex.stats.drop(DropReason.STATE_LIMIT);
            return 0;
        }
        long boot = exportMillis - uptime;
        return sets(ex, d, 9, off + V9_HEADER, off + len, exportMillis, boot);
    }

    // ---- IPFIX ------------------------------------------------------------------------------

    private int ipfix(Exporter ex, int off, int len) {
        if (len < IPFIX_HEADER) {
            ex.stats.drop(DropReason.TOO_SHORT);
            return 0;
        }
        int length = u16(off + 2);
        if (length < IPFIX_HEADER || length > len) {
            ex.stats.drop(DropReason.BAD_LENGTH);
            return 0;
        }
        ex.stats.lastVersion = 10;
        long exportMillis = u32(off + 4) * 1000;
        long domainId = u32(off + 12);
        Exporter.Domain d = ex.domain(domainId);
        if (d == null) {
            ex.stats.drop(DropReason.STATE_LIMIT);
            return 0;
        }
        return sets(ex, d, 10, off + IPFIX_HEADER, off + length, exportMillis, Long.MIN_VALUE);
    }

    /** Walks the (flow)sets of a v9 or IPFIX message; {@code boot} is v9's sysUptime origin. */
    private int sets(Exporter ex, Exporter.Domain d, int version, int p, int end, long exportMillis, long boot) {
        int emitted = 0;
        while (end - p >= 4) {
            int setId = u16(p);
            int setLen = u16(p + 2);
            if (setLen < 4) {
                if (!zeros(p, end)) ex.stats.drop(DropReason.TRUNCATED_SET);
                break; // zero filling after the last set (Palo Alto) is padding, not an error
            }
            if (setLen > end - p) {
                ex.stats.drop(DropReason.TRUNCATED_SET);
                break;
            }
            int body = p + 4, setEnd = p + setLen;
            if (version == 9 ? setId == 0 : setId == 2) {
                templates(ex, d, version, body, setEnd);
            } else if (version == 9 ? setId == 1 : setId == 3) {
                if (version == 9) v9OptionsTemplates(ex, d, body, setEnd);
                else ipfixOptionsTemplates(ex, d, body, setEnd);
            } else if (setId >= 256) {
                emitted += data(ex, d, version, setId, body, setEnd, exportMillis, boot);
            } else {
                ex.stats.drop(DropReason.RESERVED_SET_ID);
            }
            p = setEnd;
        }
        return emitted;
    }

    private void templates(Exporter ex, Exporter.Domain d, int version, int q, int end) {
        while (end - q >= 4) {
            int id = u16(q);
            int count = u16(q + 2);
            q += 4;
            if (count == 0) {
                if (version == 10 && (id == 2 || id >= 256)) { // RFC 7011 8.1 withdrawal
                    if (id == 2) d.templates.removeAll(false);
                    else d.templates.remove(id);
                    ex.stats.withdrawals++;
                    continue;
                }
                if (id != 0) ex.stats.drop(DropReason.BAD_TEMPLATE);
                return; // padding
            }
            if (id < 256) {
                ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            q = template(ex, d, version, id, false, 0, count, q, end);
            if (q < 0) return;
        }
    }

    private void ipfixOptionsTemplates(Exporter ex, Exporter.Domain d, int q, int end) {
        while (end - q >= 4) {
            int id = u16(q);
            int count = u16(q + 2);
            if (count == 0) {
                q += 4;
                if (id == 3 || id >= 256) {
                    if (id == 3) d.templates.removeAll(true);
                    else d.templates.remove(id);
                    ex.stats.withdrawals++;
                    continue;
                }
                if (id != 0) ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            if (end - q < 6 || id < 256) {
                ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            int scope = u16(q + 4);
            q += 6;
            if (scope > count) {
                ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            q = template(ex, d, 10, id, true, scope, count, q, end);
            if (q < 0) return;
        }
    }

    private void v9OptionsTemplates(Exporter ex, Exporter.Domain d, int q, int end) {
        while (end - q >= 6) {
            int id = u16(q);
            int scopeBytes = u16(q + 2);
            int optionBytes = u16(q + 4);
            if (id < 256) {
                if (id != 0) ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            q += 6;
            if ((scopeBytes & 3) != 0 || (optionBytes & 3) != 0 || scopeBytes + optionBytes > end - q
                    || scopeBytes + optionBytes == 0) {
                ex.stats.drop(DropReason.BAD_TEMPLATE);
                return;
            }
            q = template(ex, d, 9, id, true, scopeBytes / 4, (scopeBytes + optionBytes) / 4, q, end);
            if (q < 0) return;
        }
    }

    /**
     * Reads {@code count} field specifiers at {@code q} and stores the template; returns the position
     * after them, or -1 when the template was malformed (counted).
     */
    private int template(Exporter ex, Exporter.Domain d, int version, int id, boolean options, int scope,
            int count, int q, int end) {
        if (count > MAX_FIELDS) {
            ex.stats.drop(DropReason.BAD_TEMPLATE);
            return -1;
        }
        int[] roles = new int[count];
        int[] lengths = new int[count];
        int[] elements = new int[count];
        long[] enterprises = new long[count];
        for (int i = 0; i < count; i++) {
            if (end - q < 4) {
                ex.stats.drop(DropReason.BAD_TEMPLATE);
                return -1;
            }
            int element = u16(q);
            int length = u16(q + 2);
            q += 4;
            long pen = 0;
            if (version == 10 && (element & 0x8000) != 0) {
                if (end - q < 4) {
                    ex.stats.drop(DropReason.BAD_TEMPLATE);
                    return -1;
                }
                pen = u32(q);
                element &= 0x7fff;
                q += 4;
            }
            elements[i] = element;
            enterprises[i] = pen;
            lengths[i] = length;
            // v9 scope fields are scope types (system, interface, ...), not information elements
            boolean v9Scope = version == 9 && i < scope;
            roles[i] = v9Scope ? FieldRole.SKIP : FieldRole.of(pen, element);
        }
        Template t = new Template(id, options, scope, roles, lengths, elements, enterprises);
        ex.stats.templates++;
        if (t.minLength == 0) {
            // A record of no bytes cannot be walked; keep no template so its data counts as unknown.
            d.templates.remove(id);
            ex.stats.drop(DropReason.ZERO_LENGTH_TEMPLATE);
            return q;
        }
        if (!d.templates.put(t)) ex.stats.drop(DropReason.STATE_LIMIT);
        return q;
    }

    // ---- data records -----------------------------------------------------------------------

    private int data(Exporter ex, Exporter.Domain d, int version, int setId, int q, int end, long exportMillis,
            long boot) {
        Template t = d.templates.get(setId);
        if (t == null) {
            ex.stats.drop(DropReason.UNKNOWN_TEMPLATE);
            return 0;
        }
        int emitted = 0;
        int[] roles = t.roles;
        int[] lengths = t.lengths;
        int n = roles.length;
        while (end - q >= t.minLength) {
            ExportRecord r = rec;
            r.reset();
            for (int i = 0; i < n; i++) {
                int flen = lengths[i];
                if (flen == Template.VARIABLE) {
                    if (q >= end) {
                        ex.stats.drop(DropReason.TRUNCATED_RECORD);
                        return emitted;
                    }
                    flen = u8(q++);
                    if (flen == 255) {
                        if (end - q < 2) {
                            ex.stats.drop(DropReason.TRUNCATED_RECORD);
                            return emitted;
                        }
                        flen = u16(q);
                        q += 2;
                    }
                }
                if (flen > end - q) {
                    ex.stats.drop(DropReason.TRUNCATED_RECORD);
                    return emitted;
                }
                int role = roles[i];
                if (role != FieldRole.SKIP && flen > 0) field(r, role, q, flen);
                q += flen;
            }
            finish(r, d, t, version, exportMillis, boot);
            if (t.options) {
                ex.stats.optionsRecords++;
                if (r.optSamplingRate > 0) d.samplingRate = r.optSamplingRate;
                if (r.optSystemInitMillis != Long.MIN_VALUE) d.systemInitMillis = r.optSystemInitMillis;
            } else {
                ex.stats.flowRecords++;
            }
            emitted++;
            listener.onRecord(r);
        }
        return emitted;
    }

    private void field(ExportRecord r, int role, int p, int len) {
        switch (role) {
            case FieldRole.SRC_V4 -> {
                if (len == 4) {
                    long v = IpAddress.v4Lo((int) u32(p));
                    if (!r.hasSrc || v != IpAddress.v4Lo(0)) {
                        r.srcHi = 0;
                        r.srcLo = v;
                        r.hasSrc = true;
                    }
                }
            }
            case FieldRole.DST_V4 -> {
                if (len == 4) {
                    long v = IpAddress.v4Lo((int) u32(p));
                    if (!r.hasDst || v != IpAddress.v4Lo(0)) {
                        r.dstHi = 0;
                        r.dstLo = v;
                        r.hasDst = true;
                    }
                }
            }
            case FieldRole.SRC_V6 -> {
                if (len == 16) {
                    long hi = u64(p, 8), lo = u64(p + 8, 8);
                    if (!r.hasSrc || (hi | lo) != 0) { // an all-zero v6 beside a v4 address is filler
                        r.srcHi = hi;
                        r.srcLo = lo;
                        r.hasSrc = true;
                    }
                }
            }
            case FieldRole.DST_V6 -> {
                if (len == 16) {
                    long hi = u64(p, 8), lo = u64(p + 8, 8);
                    if (!r.hasDst || (hi | lo) != 0) {
                        r.dstHi = hi;
                        r.dstLo = lo;
                        r.hasDst = true;
                    }
                }
            }
            case FieldRole.SRC_PORT -> r.srcPort = (int) u64(p, len) & 0xffff;
            case FieldRole.DST_PORT -> r.dstPort = (int) u64(p, len) & 0xffff;
            case FieldRole.PROTO -> r.proto = (int) u64(p, len) & 0xff;
            case FieldRole.TCP_FLAGS -> r.tcpFlags = (int) u64(p, len) & 0xffff;
            case FieldRole.REV_TCP_FLAGS -> r.revTcpFlags = (int) u64(p, len) & 0xffff;
            case FieldRole.TOS -> r.tos = (int) u64(p, len) & 0xff;
            case FieldRole.BYTES -> {
                r.deltaBytes = u64(p, len);
                r.hasDelta = true;
            }
            case FieldRole.PACKETS -> {
                r.deltaPackets = u64(p, len);
                r.hasDelta = true;
            }
            case FieldRole.TOTAL_BYTES -> {
                r.totalBytes = u64(p, len);
                r.hasTotal = true;
            }
            case FieldRole.TOTAL_PACKETS -> {
                r.totalPackets = u64(p, len);
                r.hasTotal = true;
            }
            case FieldRole.POST_BYTES -> {
                r.postBytes = u64(p, len);
                r.hasPost = true;
            }
            case FieldRole.POST_PACKETS -> {
                r.postPackets = u64(p, len);
                r.hasPost = true;
            }
            case FieldRole.INIT_BYTES -> {
                r.deltaBytes = u64(p, len);
                r.hasDelta = true;
            }
            case FieldRole.INIT_PACKETS -> {
                r.deltaPackets = u64(p, len);
                r.hasDelta = true;
            }
            case FieldRole.RESP_BYTES, FieldRole.REV_BYTES -> {
                r.revBytes = u64(p, len);
                r.hasReverse = true;
            }
            case FieldRole.RESP_PACKETS, FieldRole.REV_PACKETS -> {
                r.revPackets = u64(p, len);
                r.hasReverse = true;
            }
            case FieldRole.FIRST_UPTIME -> r.firstUptime = u64(p, len);
            case FieldRole.LAST_UPTIME -> r.lastUptime = u64(p, len);
            case FieldRole.START_SEC -> r.startAbs = u64(p, len) * 1000;
            case FieldRole.END_SEC -> r.endAbs = u64(p, len) * 1000;
            case FieldRole.START_MS -> r.startAbs = u64(p, len);
            case FieldRole.END_MS -> r.endAbs = u64(p, len);
            case FieldRole.START_NTP_US, FieldRole.START_NTP_NS -> r.startAbs = ntpMillis(p, len);
            case FieldRole.END_NTP_US, FieldRole.END_NTP_NS -> r.endAbs = ntpMillis(p, len);
            case FieldRole.START_DELTA_US -> r.startDeltaMicros = u64(p, len);
            case FieldRole.END_DELTA_US -> r.endDeltaMicros = u64(p, len);
            case FieldRole.DURATION_MS -> r.durationMicros = u64(p, len) * 1000;
            case FieldRole.DURATION_US -> r.durationMicros = u64(p, len);
            case FieldRole.SYSTEM_INIT_MS -> r.optSystemInitMillis = u64(p, len);
            case FieldRole.SRC_MAC -> { if (len == 6) r.srcMac = u64(p, 6); }
            case FieldRole.DST_MAC -> { if (len == 6) r.dstMac = u64(p, 6); }
            case FieldRole.POST_SRC_MAC -> { if (len == 6 && r.srcMac < 0) r.srcMac = u64(p, 6); }
            case FieldRole.POST_DST_MAC -> { if (len == 6 && r.dstMac < 0) r.dstMac = u64(p, 6); }
            case FieldRole.VLAN -> { if (r.vlan <= 0) r.vlan = (int) u64(p, len) & 0xfff; }
            case FieldRole.ICMP_TYPE_CODE -> {
                int v = (int) u64(p, len);
                r.icmpType = (v >>> 8) & 0xff;
                r.icmpCode = v & 0xff;
            }
            case FieldRole.ICMP_TYPE -> r.icmpType = (int) u64(p, len) & 0xff;
            case FieldRole.ICMP_CODE -> r.icmpCode = (int) u64(p, len) & 0xff;
            case FieldRole.INPUT_IF -> r.inputIf = u64(p, len);
            case FieldRole.OUTPUT_IF -> r.outputIf = u64(p, len);
            case FieldRole.SRC_AS -> r.srcAs = u64(p, len);
            case FieldRole.DST_AS -> r.dstAs = u64(p, len);
            case FieldRole.IP_VERSION -> r.ipVersion = (int) u64(p, len);
            case FieldRole.DIRECTION -> r.direction = (int) u64(p, len);
            case FieldRole.END_REASON -> r.endReason = (int) u64(p, len);
            case FieldRole.SAMPLING_INTERVAL -> r.recordSampling = u64(p, len);
            case FieldRole.SAMPLING_PACKET_INTERVAL -> r.samplingPacketInterval = u64(p, len);
            case FieldRole.SAMPLING_PACKET_SPACE -> r.samplingPacketSpace = u64(p, len);
            default -> { }
        }
    }

    /** Resolves counters, sampling and times once every field of the record has been read. */
    private void finish(ExportRecord r, Exporter.Domain d, Template t, int version, long exportMillis, long boot) {
        r.version = version;
        r.templateId = t.id;
        r.options = t.options;
        r.domain = d.id;
        r.exporter = d.text;
        r.exportMillis = exportMillis;
        if (r.hasDelta) {
            r.bytes = r.deltaBytes;
            r.packets = r.deltaPackets;
            r.hasCounts = true;
        } else if (r.hasTotal) {
            r.bytes = r.totalBytes;
            r.packets = r.totalPackets;
            r.hasCounts = true;
        } else if (r.hasPost) {
            r.bytes = r.postBytes;
            r.packets = r.postPackets;
            r.hasCounts = true;
        }
        long announced = r.recordSampling;
        if (r.samplingPacketInterval > 0) {
            announced = (r.samplingPacketInterval + r.samplingPacketSpace) / r.samplingPacketInterval;
        }
        if (t.options) {
            r.optSamplingRate = announced;
        } else {
            r.samplingRate = announced > 1 ? announced : Math.max(1, d.samplingRate);
        }
        // IPFIX sysUpTime fields count from systemInitTimeMilliseconds (options data or this record)
        long origin = boot;
        if (version == 10) {
            origin = r.optSystemInitMillis != Long.MIN_VALUE ? r.optSystemInitMillis : d.systemInitMillis;
        }
        long start = r.startAbs, end = r.endAbs;
        if (origin != Long.MIN_VALUE) {
            long uptimeNow = exportMillis - origin;
            if (start == Long.MIN_VALUE && r.firstUptime >= 0) {
                start = version == 9 ? exportMillis - (int) (uptimeNow - r.firstUptime) : origin + r.firstUptime;
            }
            if (end == Long.MIN_VALUE && r.lastUptime >= 0) {
                end = version == 9 ? exportMillis - (int) (uptimeNow - r.lastUptime) : origin + r.lastUptime;
            }
        } else if (start == Long.MIN_VALUE && end == Long.MIN_VALUE && r.firstUptime >= 0 && r.lastUptime >= 0) {
            // No clock origin yet: anchor the end at the export time and keep the exported duration.
            end = exportMillis;
            start = end - (r.lastUptime - r.firstUptime);
        }
        if (start == Long.MIN_VALUE && r.startDeltaMicros >= 0) start = exportMillis - r.startDeltaMicros / 1000;
        if (end == Long.MIN_VALUE && r.endDeltaMicros >= 0) end = exportMillis - r.endDeltaMicros / 1000;
        if (start == Long.MIN_VALUE && end != Long.MIN_VALUE && r.durationMicros >= 0) {
            start = end - r.durationMicros / 1000;
        }
        if (end == Long.MIN_VALUE && start != Long.MIN_VALUE && r.durationMicros >= 0) {
            end = start + r.durationMicros / 1000;
        }
        r.startMillis = start;
        r.endMillis = end;
        if (r.ipVersion == 0 && r.hasSrc) r.ipVersion = IpAddress.isV4(r.srcHi, r.srcLo) ? 4 : 6;
    }

    /** NTP timestamp (seconds since 1900, 32-bit fraction) to Unix ms; IPFIX dateTimeMicro/Nanoseconds. */
    private long ntpMillis(int p, int len) {
        if (len != 8) return Long.MIN_VALUE;
        long seconds = u32(p) - NTP_TO_UNIX_SECONDS;
        long fraction = u32(p + 4);
        return seconds * 1000 + ((fraction * 1000) >>> 32);
    }

    // ---- reads ------------------------------------------------------------------------------

    private boolean zeros(int p, int end) {
        for (int i = p; i < end; i++) {
            if (b.get(i) != 0) return false;
        }
        return true;
    }

    private int u8(int i) {
        return b.get(i) & 0xff;
    }

    private int u16(int i) {
        return ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
    }

    private long u32(int i) {
        return ((long) (b.get(i) & 0xff) << 24) | ((b.get(i + 1) & 0xff) << 16) | ((b.get(i + 2) & 0xff) << 8)
                | (b.get(i + 3) & 0xff);
    }

    /** Unsigned big-endian integer of 1..8 bytes (reduced-size encoding, RFC 7011 6.2); longer keeps the low 8. */
    private long u64(int p, int len) {
        long v = 0;
        int from = len > 8 ? p + len - 8 : p;
        for (int i = from; i < p + len; i++) v = (v << 8) | (b.get(i) & 0xff);
        return v;
    }
}
