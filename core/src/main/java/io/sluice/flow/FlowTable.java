package io.sluice.flow;

import io.sluice.event.FlowListener;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.TunnelEvent;
import io.sluice.packet.ByteEntropy;
import io.sluice.packet.MacAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.Tunnel;
import io.sluice.protocol.Dissection;
import io.sluice.protocol.FirstBytes;
import io.sluice.protocol.FlowDissection;
import io.sluice.protocol.icmp.IcmpDissector;
import java.util.ArrayList;

/**
 * The flow meter: a bidirectional open-addressing table of {@link Flow}s keyed by the symmetric
 * 5-tuple plus VLAN and inner VLAN, metering each packet with Zeek's conn semantics (originator
 * choice and flips, TCP endpoint states and history, sizes from sequence numbers, content gaps,
 * checksum handling, timers) and telling a {@link FlowListener} about connection creations,
 * connection ends and tunnels.
 *
 * <p>Memory is bounded: the table grows to what {@link FlowConfig#maxFlows()} needs and then evicts
 * the least recently active flow for every new one. Flows are reused from a free list. Time is
 * packet time only: {@link #process} advances it, and timers fire when packet time passes them,
 * before the packet is metered (as Zeek runs its timers). Not thread-safe: one table per thread.
 *
 * <p>Connection creation events: TCP once the handshake outcome is known (ESTABLISHED when the
 * responder sends its SYN-ACK, or at once when the first packet seen is a SYN-ACK; REJECTED when
 * it answers the SYN with a reset; MIDSTREAM at once when the first packet has no SYN;
 * UNANSWERED when a SYN-started connection ends without an answer). UDP and ICMP at their first
 * packet with outcome UNKNOWN. A creation event always precedes the connection's record.
 *
 * <p>Content: with a {@link Dissection}, each TCP and UDP connection's payload goes to the protocol
 * layer: TCP streams are put in order with the same relative sequence numbers and the same
 * decisions about gaps as the reassembly bookkeeping behind conn.log's {@code missed_bytes}
 * (peer's acks first, then the packet's data, as Zeek delivers them), UDP per datagram; a
 * connection's dissector ends before its record is built, so its confirmations reach
 * {@code service}. Weirds (TCP rule violations, checksum errors) go through {@link WeirdReporter}.
 *
 * <p>Not metered (counted in {@link FlowStats#notMetered()}): packets without IP, fragments the
 * decoder did not reassemble, transport headers the decoder rejected, and IP protocols other than
 * TCP, UDP, ICMP and ICMPv6.
 */
public final class FlowTable {
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
    private static final long SWEEP_INTERVAL = 1_000_000_000L;

    private final FlowConfig config;
    private final FlowListener listener;
    private final ChecksumVerifier verifier;
    private final TcpSession tcp;
    private final FlowRecords records;
    private final WeirdReporter weirds;
    private final Dissection dissection;
    /** ICMP messages as content events (icmp.log), when the content layer is on; null otherwise. */
    private final IcmpDissector icmp;
    private final ByteEntropy entropy = new ByteEntropy();
    /** Messages per ICMP connection written to icmp.log; a flood is still counted in conn.log. */
    private static final long ICMP_ROWS_PER_FLOW = 1000;
    private final FlowContext context;
    /** Connections dissectors announced (FTP data, TFTP data), matched as connections are created. */
    private final ExpectedConnections expected = new ExpectedConnections();
    private final UidGenerator uids;
    private final DeadlineHeap heap = new DeadlineHeap();
    private final int maxCapacity;

    private Flow[] slots;
    private int[] slotHash;
    private int mask;
    private int size;
    private Flow free;
    private Flow lruHead, lruTail;
    private long now = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private Flow lastFlow;
    private boolean lastAnalyzed;

    private final ArrayList<TunnelParent> activeTunnels = new ArrayList<>();
    private final ArrayList<IpTunnel> ipTunnels = new ArrayList<>();
    private final ArrayList<Long> tunnelReads = new ArrayList<>();
    /** SOCKS proxies as tunnels (Zeek's Tunnel::active entries with orig_p 0), reported by dissectors. */
    private final ProxyTunnels proxyTunnels;

    private long created, expired, evicted, flushed, reused, tcpCount, udpCount, icmpCount, badChecksums,
            notMetered;
    private int peak;

    // key of the packet being processed (no allocation per packet)
    private long kAHi, kALo, kBHi, kBLo;
    private int kAPort, kBPort, kProto, kVlan, kInnerVlan, kDir, kHash;

    /** Varies the uid seed for the file ids, so that a file id never repeats a connection's digits. */
    private static final long FILE_ID_SEED = 0x46_69_6c_65L; // "File"

    public FlowTable(FlowConfig config, FlowListener listener, ChecksumVerifier verifier) {
        this(config, listener, verifier, null);
    }

    /**
     * @param dissection the content layer, or null to meter flows only
     */
    public FlowTable(FlowConfig config, FlowListener listener, ChecksumVerifier verifier, Dissection dissection) {
        this.config = config;
        this.listener = listener;
        this.verifier = config.verifyChecksums() ? verifier : null;
        this.weirds = new WeirdReporter(listener);
        this.proxyTunnels = new ProxyTunnels(listener, ProxyTunnels.CAPACITY);
        this.dissection = dissection != null && dissection.config().enabled() ? dissection : null;
        this.context = new FlowContext(listener, weirds, config.localNetworks(), expected, proxyTunnels,
                config.uidSeed() ^ FILE_ID_SEED, this.dissection != null ? this.dissection.config().fileHashes() : java.util.Set.of(),
                this.dissection != null ? this.dissection.config().fileExtraction() : io.sluice.protocol.files.FileExtraction.NONE);
        this.icmp = this.dissection != null ? new IcmpDissector() : null;
        this.tcp = new TcpSession(config, weirds);
        this.records = new FlowRecords(config);
        this.uids = new UidGenerator(config.uidSeed());
        this.maxCapacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1L << 30, config.maxFlows() * 4L / 3 + 1)) * 2 - 1);
        int cap = Math.min(maxCapacity, Integer.highestOneBit(Math.max(16, config.initialCapacity()) * 2 - 1));
        slots = new Flow[cap];
        slotHash = new int[cap];
        mask = cap - 1;
    }

    public FlowTable(FlowConfig config, FlowListener listener) {
        this(config, listener, null);
    }

    // ------------------------------------------------------------------ packets

    /** Meters one decoded packet that was not seen inside a tunnel. */
    public void process(Packet p) {
        process(p, null);
    }

    /**
     * Meters one decoded packet.
     *
     * @param encap the tunnel the packet came out of, or null
     */
    public void process(Packet p, TunnelParent encap) {
        advanceTime(p.tsNanos);
        lastFlow = null;
        lastAnalyzed = false;
        int kind;
        if (p.ipVersion == 0 || p.l4Offset < 0 || p.fragment) {
            notMetered++;
            return;
        }
        switch (p.ipProto) {
            case 6 -> kind = Flow.TCP;
            case 17 -> kind = Flow.UDP;
            case 1, 58 -> kind = Flow.ICMP;
            default -> {
                notMetered++;
                return;
            }
        }
        int srcPort = p.srcPort, dstPort = p.dstPort;
        boolean oneWay = false;
        if (kind == Flow.ICMP) {
            boolean v6 = p.ipProto == 58;
            srcPort = p.icmpType;
            int counterpart = IcmpTypes.counterpart(v6, p.icmpType);
            oneWay = counterpart < 0;
            dstPort = oneWay ? p.icmpCode : counterpart;
        }
        makeKey(p, srcPort, dstPort, oneWay);
        Flow f = find();
        long t = now;
        if (f != null && kind == Flow.TCP && TcpSession.isReuse(f, p.tcpFlags, p.seq)) {
            reused++;
            endFlow(f);
            f = null;
        }
        boolean fresh = f == null;
        if (fresh) f = create(p, kind, srcPort, dstPort, oneWay, encap, t);
        boolean isOrig = f.isOrig(p.srcHi, p.srcLo, srcPort);

        if (!fresh) checkEncapsulation(f, encap);

        if (verifier != null && !verifier.valid(p)) {
            badChecksums++;
            badChecksum(f, p, isOrig);
        } else {
            lastAnalyzed = true;
            switch (kind) {
                case Flow.TCP -> {
                    tcp.process(f, isOrig, p.tcpFlags, p.seq & 0xFFFFFFFFL, p.ack & 0xFFFFFFFFL, p.window,
                            p.payloadLength, p.payloadCaptured >= p.payloadLength, t);
                    if (!f.printsDone) f.printsDone = f.prints.packet(p, isOrig, t);
                    count(f, isOrig, p.ipLength);
                    if (p.payloadLength > 0 && p.srcMac >= 0 && tcp.segmentSeq >= 0) {
                        checkStation(f, p, tcp.endpointIsOrig, t);
                    }
                    if (f.dissection != null) tcpContent(f, p, t);
                }
                case Flow.UDP -> {
                    f.lastNs = t;
                    if (isOrig) f.checkHistory(0x1, 'D'); else f.checkHistory(0x2, 'd');
                    updateLength(f, isOrig, udpLength(p) - 8);
                    count(f, isOrig, p.ipLength);
                    if (!f.printsDone) f.printsDone = f.prints.datagram(p, isOrig, t);
                    if (f.dissection != null) udpContent(f, p, isOrig, t);
                }
                default -> {
                    f.lastNs = t;
                    // Zeek: the IP payload length minus the 8-byte ICMP header.
                    updateLength(f, isOrig, p.l3Offset + p.ipLength - p.l4Offset - 8);
                    count(f, isOrig, p.ipLength);
                    if (IcmpTypes.isEcho(p.ipProto == 58, p.icmpType)) echoStats(f, p);
                    if (icmp != null && f.origPkts + f.respPkts <= ICMP_ROWS_PER_FLOW) {
                        icmp.onMessage(p.ipProto == 58, p.buf, p.l4Offset, 8 + p.payloadCaptured, context.at(f, t));
                    }
                }
            }
        }
        if (!f.creationEmitted) checkCreation(f, false);
        touch(f);
        schedule(f);
        lastFlow = f;
    }

    /**
     * Data injected into a TCP session: new data of one direction from a second link-layer source,
     * then other bytes from the direction's own source at the same sequence numbers. The segments
     * of one side of a connection come from one host, or the one router before the sensor; a
     * second source alone is a copy seen at a second capture point (a SPAN of both sides of a
     * router) or a relay in the middle, and those carry the same bytes. A third host that takes
     * over a session (TCP session hijacking: hunt, shijack, ettercap) sends the next sequence
     * numbers first; the victim, unaware, then sends its own bytes there. The first 16 bytes of the
     * second source's first new segment are kept and compared, as far as both go, with the own
     * source's segment that starts at the same place; reported once per connection, as weird
     * {@value #INJECTED_DATA}. Costs one comparison per TCP data segment; bytes are copied only on
     * a second source. The stream reassembler cannot see this: like Zeek with {@code tcp_max_old_segments =
     * 0}, it drops a retransmission of delivered bytes without comparing it.
     */
    private void checkStation(Flow f, Packet p, boolean orig, long t) {
        long seq = tcp.segmentSeq;
        long end = seq + p.payloadLength;
        long first = orig ? f.origStation : f.respStation;
        long reached = orig ? f.origDataEnd : f.respDataEnd;
        if (end > reached) {
            if (orig) f.origDataEnd = end; else f.respDataEnd = end;
        }
        if (first < 0) {
            if (orig) f.origStation = p.srcMac; else f.respStation = p.srcMac;
            return;
        }
        int dir = orig ? 1 : 2;
        if (p.srcMac != first) {
            if (f.injDir == 0 && end > reached && seq >= reached) {
                f.injDir = dir;
                f.injStart = seq;
                f.injLen = Math.min(INJECTED_KEPT, p.payloadCaptured);
                f.injHead = payloadHead(p, 0, f.injLen);
                f.injTail = payloadHead(p, 8, f.injLen);
                f.injMac = p.srcMac;
            }
            return;
        }
        int n = Math.min(f.injLen, p.payloadCaptured);
        if (f.injDir != dir || seq != f.injStart || n == 0) return;
        f.injDir = -dir;
        // the same bytes, as far as both go: a copy, not an injection
        if (payloadHead(p, 0, n) == mask(f.injHead, n) && payloadHead(p, 8, n) == mask(f.injTail, n - 8)) return;
        weirds.conn(f, t, INJECTED_DATA, (orig ? "orig" : "resp") + " seq " + seq + ": " + MacAddress.format(f.injMac)
                + " sent it first, " + MacAddress.format(first) + " other bytes", null);
    }

    static final String INJECTED_DATA = "TCP_injected_data";
    /** Bytes of the second source's segment kept to compare: two longs. */
    private static final int INJECTED_KEPT = 16;

    /** Payload bytes {@code from} to {@code from + 8}, as far as {@code n} reaches, in one long (the rest zero). */
    private static long payloadHead(Packet p, int from, int n) {
        long v = 0;
        for (int i = from; i < Math.min(n, from + 8); i++) {
            v |= (long) (p.buf.get(p.payloadOffset + i) & 0xff) << (8 * (i - from));
        }
        return v;
    }

    /** The first {@code n} bytes (0 to 8) of a long made by {@link #payloadHead}. */
    private static long mask(long v, int n) {
        return n <= 0 ? 0 : n >= 8 ? v : v & ((1L << (8 * n)) - 1);
    }

    /** Payload size (from the IP length) and, with the content layer on, entropy of the captured part. */
    private void echoStats(Flow f, Packet p) {
        if (f.icmpEcho == null) f.icmpEcho = new IcmpEchoStats();
        int payload = Math.max(0, p.l3Offset + p.ipLength - p.l4Offset - 8);
        double bits = icmp == null ? Double.NaN : entropy.bits(p.buf, p.l4Offset + 8, p.payloadCaptured);
        f.icmpEcho.add(payload, bits);
    }

    // ------------------------------------------------------------------ content

    /**
     * Hands a TCP packet to the content layer: first the peer direction's reassembly point (this
     * packet's ack may have declared a hole lost), then this packet's payload, then this
     * direction's reassembly point, mirroring the order in which Zeek's TCP analyzer delivers.
     */
    private void tcpContent(Flow f, Packet p, long t) {
        FlowDissection d = f.dissection;
        if (d.inspecting()) {
            FlowContext ctx = context.at(f, t);
            boolean orig = tcp.endpointIsOrig;
            TcpEndpoint e = orig ? f.tcpOrig : f.tcpResp;
            int flags = p.tcpFlags;
            boolean bareAck = p.payloadLength == 0 && (flags & (SYN | FIN | RST | ACK)) == ACK;
            d.packet(orig, p.payloadLength, bareAck, ctx);
            d.tcpAdvance(!orig, e.peer.lastReassemSeq, ctx);
            long seq = tcp.dataSeq;
            if (seq >= 0) d.tcpSegment(orig, seq, p.buf, p.payloadOffset, p.payloadLength, ctx);
            d.tcpAdvance(orig, e.lastReassemSeq, ctx);
            if (e.skipDeliveries) d.stopStream(orig);
        }
        dropIdleDissection(f, d);
    }

    private void udpContent(Flow f, Packet p, boolean isOrig, long t) {
        FlowDissection d = f.dissection;
        if (d.inspecting()) {
            FlowContext ctx = context.at(f, t);
            d.packet(isOrig, p.payloadLength, false, ctx);
            int len = Math.min(p.payloadLength, p.payloadCaptured);
            if (len > 0 && d.inspecting()) d.udpDatagram(isOrig, p.buf, p.payloadOffset, len, ctx);
        }
        dropIdleDissection(f, d);
    }

    /** A connection nobody dissects (identification gave up) is only metered from now on. */
    private void dropIdleDissection(Flow f, FlowDissection d) {
        if (!d.attached() && !d.inspecting()) {
            f.dissection = null;
            measureFirstBytes(f, d);
            d.close();
        }
    }

    /** Runs the dissector's end before the record is built, so its confirmations are in it. */
    private void endContent(Flow f) {
        FlowDissection d = f.dissection;
        f.dissection = null;
        d.end(context.at(f, now));
        measureFirstBytes(f, d);
        d.close();
    }

    /**
     * Keeps on the flow the entropy of its first payload bytes when no dissector confirmed a protocol:
     * once per connection, when its content state is released (never per packet).
     */
    private void measureFirstBytes(Flow f, FlowDissection d) {
        if (f.service != null) return;
        FirstBytes b = d.firstBytes();
        f.origSampled = b.length(true);
        f.respSampled = b.length(false);
        if (f.origSampled > 0) {
            f.origSampleBits = b.entropy(true, entropy);
            f.origSampleHead = b.head(true);
            f.origSampleText = b.text(true);
        }
        if (f.respSampled > 0) {
            f.respSampleBits = b.entropy(false, entropy);
            f.respSampleHead = b.head(false);
            f.respSampleText = b.text(false);
        }
    }

    /** Weirds of this table's connections and of packets outside them. */
    public WeirdReporter weirds() {
        return weirds;
    }

    /** The content layer, or null when only flows are metered. */
    public Dissection dissection() {
        return dissection;
    }

    /**
     * Whether the last packet passed the checksum test and was analysed; Zeek hands the payload
     * of a UDP packet to a tunnel decoder only then.
     */
    public boolean lastPacketAnalyzed() {
        return lastAnalyzed;
    }

    /** The flow of the last packet given to {@link #process}, or null when it was not metered. */
    public Flow lastFlow() {
        return lastFlow;
    }

    /**
     * The GRE or IP-in-IP tunnel between the outer packet's hosts, keeping one uid per host pair
     * as Zeek does; created on first use.
     */
    public IpTunnel ipTunnel(Packet outer, Tunnel type, TunnelParent outerEncap) {
        advanceTime(outer.tsNanos);
        long sHi = outer.srcHi, sLo = outer.srcLo, dHi = outer.dstHi, dLo = outer.dstLo;
        boolean srcFirst = Long.compareUnsigned(sHi, dHi) < 0 || (sHi == dHi && Long.compareUnsigned(sLo, dLo) <= 0);
        long aHi = srcFirst ? sHi : dHi, aLo = srcFirst ? sLo : dLo, bHi = srcFirst ? dHi : sHi, bLo = srcFirst ? dLo : sLo;
        for (int i = ipTunnels.size() - 1; i >= 0; i--) {
            IpTunnel tun = ipTunnels.get(i);
            if (tun.aHi == aHi && tun.aLo == aLo && tun.bHi == bHi && tun.bLo == bLo) {
                tun.lastActiveNs = now;
                return tun;
            }
        }
        IpTunnel tun = new IpTunnel(sHi, sLo, dHi, dLo, uids.next(), type, outerEncap, now);
        ipTunnels.add(tun);
        return tun;
    }

    // ------------------------------------------------------------------ time

    /** Moves packet time forward (never back) and runs every timer that is due. */
    public void advanceTime(long nowNanos) {
        if (nowNanos > now) now = nowNanos;
        while (heap.peekDeadline() <= now) {
            Flow f = heap.peekFlow();
            int g = heap.peekGeneration();
            long d = heap.peekDeadline();
            heap.pop();
            if (!f.live || f.generation != g || f.scheduledDeadline != d) continue;
            f.scheduledDeadline = Flow.NEVER;
            if (runTimers(f)) {
                expired++;
                endFlow(f);
            } else {
                schedule(f);
            }
        }
        if (now >= nextSweep) {
            nextSweep = now + SWEEP_INTERVAL;
            sweepTunnels();
            heap.compact(size);
        }
    }

    /**
     * Ends every flow still open (end of input), oldest activity first. Tunnels still active get no
     * row: an outer connection's tunnel gets its CLOSE as its connection ends, but GRE, IP-in-IP and
     * SOCKS tunnels, which have no connection of their own, stay as they are, as Zeek leaves its
     * {@code Tunnel::active} table at shutdown (no EXPIRE is written for them).
     */
    public void flush() {
        while (lruHead != null) {
            flushed++;
            endFlow(lruHead);
        }
    }

    public int size() {
        return size;
    }

    public FlowStats stats() {
        return new FlowStats(created, size, expired, evicted, flushed, reused, tcpCount, udpCount, icmpCount,
                badChecksums, notMetered, peak);
    }

    int capacity() {
        return slots.length;
    }

    ProxyTunnels proxyTunnels() {
        return proxyTunnels;
    }

    // ------------------------------------------------------------------ metering helpers

    private static void count(Flow f, boolean isOrig, int ipLength) {
        if (isOrig) {
            f.origPkts++;
            f.origIpBytes += ipLength;
        } else {
            f.respPkts++;
            f.respIpBytes += ipLength;
        }
    }

    private static void updateLength(Flow f, boolean isOrig, long len) {
        if (isOrig) f.origLen = f.origLen < 0 ? len : f.origLen + len;
        else f.respLen = f.respLen < 0 ? len : f.respLen + len;
    }

    private static int udpLength(Packet p) {
        if (p.buf != null && p.l4Offset >= 0 && p.l4Offset + 6 <= p.buf.limit()) {
            return p.buf.getShort(p.l4Offset + 4) & 0xFFFF;
        }
        return p.payloadLength + 8;
    }

    private void badChecksum(Flow f, Packet p, boolean isOrig) {
        switch (f.kind) {
            case Flow.TCP -> {
                weirds.perOrig(f, now, "bad_TCP_checksum", "TCP");
                tcp.badChecksum(f, isOrig);
            }
            case Flow.UDP -> {
                weirds.perOrig(f, now, "bad_UDP_checksum", "UDP");
                // Zeek's ConnSize sees UDP packets before the checksum test.
                count(f, isOrig, p.ipLength);
                if (isOrig) {
                    f.origChkCnt++;
                    if (f.scaledHistory('C', f.origChkCnt, f.origChkThresh)) f.origChkThresh *= 10;
                } else {
                    f.respChkCnt++;
                    if (f.scaledHistory('c', f.respChkCnt, f.respChkThresh)) f.respChkThresh *= 10;
                }
            }
            default -> weirds.perOrig(f, now, "bad_ICMP_checksum", "ICMP"); // ICMP: the packet is skipped
        }
    }

    private Flow create(Packet p, int kind, int srcPort, int dstPort, boolean oneWay, TunnelParent encap, long t) {
        if (size >= config.maxFlows()) {
            evicted++;
            endFlow(lruHead);
        }
        Flow f = free;
        if (f != null) free = f.lruNext;
        else f = new Flow();
        f.reset();
        f.aHi = kAHi; f.aLo = kALo; f.bHi = kBHi; f.bLo = kBLo;
        f.aPort = kAPort; f.bPort = kBPort; f.ipProto = kProto; f.vlan = kVlan; f.innerVlan = kInnerVlan;
        f.dirTag = kDir; f.hash = kHash;
        f.kind = kind;
        f.uidHigh = uids.nextHigh();
        f.uidLow = uids.nextLow();
        f.origHi = p.srcHi; f.origLo = p.srcLo; f.respHi = p.dstHi; f.respLo = p.dstLo;
        f.origPort = srcPort; f.respPort = dstPort;
        f.origMac = p.srcMac; f.respMac = p.dstMac;
        f.oneWayIcmp = oneWay;
        f.startNs = f.lastNs = t;
        boolean broadcast = p.dstHi == 0 && p.dstLo == 0xFFFFFFFFFFFFL;
        boolean flip = false;
        if (kind == Flow.TCP) {
            f.initTcp();
            f.expireTimer0 = t + config.tcpSynTimeoutNanos();
            flip = TcpSession.flipAtStart(p.tcpFlags, srcPort, dstPort, config.likelyServerPorts());
            tcpCount++;
        } else if (kind == Flow.UDP) {
            flip = config.likelyServerPorts().isUdp(srcPort) && !config.likelyServerPorts().isUdp(dstPort);
            udpCount++;
        } else {
            icmpCount++;
        }
        if (flip && !broadcast) f.flipRoles();
        if (dissection != null && kind != Flow.ICMP && dissection.wants(kind == Flow.TCP)) {
            f.dissection = dissection.open(kind == Flow.TCP, f.origPort, f.respPort);
        }
        if (kind != Flow.ICMP && !expected.isEmpty()) {
            String service = expected.match(f.origHi, f.origLo, f.respHi, f.respLo, f.respPort, kind == Flow.TCP, t);
            if (service != null) {
                f.addService(service, false);
                f.expectation = expected.matchedAttachment();
                if (f.dissection != null) f.dissection.expected(service);
            }
        }
        if (kind == Flow.UDP && isDnsPort(f.respPort) && config.dnsSessionTimeout().toNanos() > 0) {
            f.dnsTimer = t + config.dnsSessionTimeout().toNanos();
        }
        insert(f);
        created++;
        if (size > peak) peak = size;
        if (encap != null) {
            f.encap = encap;
            f.addParent(encap);
            registerAll(encap);
        }
        Outcome outcome;
        if (kind != Flow.TCP) {
            outcome = Outcome.UNKNOWN;
        } else {
            int fl = p.tcpFlags;
            outcome = (fl & SYN) == 0 ? Outcome.MIDSTREAM : (fl & ACK) != 0 ? Outcome.ESTABLISHED : null;
        }
        if (outcome != null) emitCreation(f, outcome);
        return f;
    }

    /**
     * Ports Zeek's DNS analyzer is registered for (base/protocols/dns: 53, 137, 5353, 5355/udp).
     * Zeek attaches it by the responder port, and over UDP it ends the connection after
     * {@code dns_session_timeout} of quiet instead of the UDP inactivity timeout.
     */
    private static boolean isDnsPort(int port) {
        return port == 53 || port == 137 || port == 5353 || port == 5355;
    }

    private void checkEncapsulation(Flow f, TunnelParent encap) {
        if (f.encap == encap) return;
        if (encap != null) {
            f.addParent(encap);
            registerAll(encap);
        }
        f.encap = encap;
    }

    /** TCP creation outcome: decided by the responder's answer to the SYN, or at the end. */
    private void checkCreation(Flow f, boolean ending) {
        if (f.kind != Flow.TCP) return;
        // One call of emitCreation, not one per outcome: the JIT inlines the record building at
        // every call site, and five copies of it made this method one of the costliest to compile.
        Outcome outcome = tcpOutcome(f, ending);
        if (outcome != null) emitCreation(f, outcome);
    }

    private static Outcome tcpOutcome(Flow f, boolean ending) {
        int rs = f.tcpResp.state;
        if (rs == TcpState.RESET) {
            int os = f.tcpOrig.state;
            return os == TcpState.SYN_SENT || os == TcpState.SYN_ACK_SENT || os == TcpState.RESET || ending
                    ? Outcome.REJECTED : Outcome.ESTABLISHED;
        }
        if ((f.histSeen & (TcpSession.HIST_SYN_PKT << 16)) != 0 || rs == TcpState.ESTABLISHED) return Outcome.ESTABLISHED;
        if (ending) return rs == TcpState.INACTIVE ? Outcome.UNANSWERED : Outcome.ESTABLISHED;
        return null;
    }

    private void emitCreation(Flow f, Outcome outcome) {
        f.creationEmitted = true;
        ConnectionCreation event = records.creation(f, outcome);
        listener.connectionCreated(event);
    }

    // ------------------------------------------------------------------ tunnels

    private void registerAll(TunnelParent parent) {
        TunnelParent outer = parent.outerParent();
        if (outer != null && outer != parent) registerAll(outer);
        if (!parent.tunnelActive()) {
            parent.setTunnelActive(true);
            activeTunnels.add(parent);
            tunnelReads.add(now);
            listener.tunnel(new TunnelEvent(now, parent.uid(), parent.tunnelId(), typeName(parent),
                    "Tunnel::DISCOVER"));
        } else {
            int i = activeTunnels.indexOf(parent);
            if (i >= 0) tunnelReads.set(i, now);
        }
    }

    private void closeTunnel(TunnelParent parent, String action) {
        parent.setTunnelActive(false);
        int i = activeTunnels.indexOf(parent);
        if (i >= 0) {
            activeTunnels.remove(i);
            tunnelReads.remove(i);
        }
        listener.tunnel(new TunnelEvent(now, parent.uid(), parent.tunnelId(), typeName(parent), action));
    }

    private static String typeName(TunnelParent parent) {
        Tunnel type = parent.tunnelType();
        return (type == null ? Tunnel.NONE : type).zeekName();
    }

    /** Tunnel::active's read-expiry (EXPIRE), of the proxies' tunnels too, and the silent expiry of IP tunnel state. */
    private void sweepTunnels() {
        long expiry = config.tunnelExpiration().toNanos();
        for (int i = activeTunnels.size() - 1; i >= 0; i--) {
            if (now - tunnelReads.get(i) >= expiry) closeTunnel(activeTunnels.get(i), "Tunnel::EXPIRE");
        }
        proxyTunnels.expire(now, expiry);
        long ipTimeout = config.ipTunnelTimeout().toNanos();
        for (int i = ipTunnels.size() - 1; i >= 0; i--) {
            if (now - ipTunnels.get(i).lastActiveNs >= ipTimeout) ipTunnels.remove(i);
        }
    }

    // ------------------------------------------------------------------ timers

    private long inactivityTimeout(Flow f) {
        return switch (f.kind) {
            case Flow.TCP -> f.tcpHandshakeDone ? config.tcpInactivityNanos() : config.udpInactivityNanos();
            case Flow.UDP -> config.udpInactivityNanos();
            default -> config.icmpInactivityNanos();
        };
    }

    private void schedule(Flow f) {
        long d = f.nextDeadline(inactivityTimeout(f));
        if (d < f.scheduledDeadline) {
            f.scheduledDeadline = d;
            heap.push(d, f);
        }
    }

    /** Fires the flow's due timers in time order; true when the flow is to be removed. */
    private boolean runTimers(Flow f) {
        long inactivity = inactivityTimeout(f);
        while (true) {
            long inact = inactivity > 0 ? f.lastNs + inactivity : Flow.NEVER;
            long best = inact;
            int which = 0;
            if (f.dnsTimer < best) { best = f.dnsTimer; which = 7; }
            if (f.kind == Flow.TCP) {
                if (f.deleteTimer < best) { best = f.deleteTimer; which = 1; }
                if (f.attemptTimer < best) { best = f.attemptTimer; which = 2; }
                if (f.resetTimer < best) { best = f.resetTimer; which = 3; }
                if (f.expireTimer0 < best) { best = f.expireTimer0; which = 4; }
                if (f.expireTimer1 < best) { best = f.expireTimer1; which = 5; }
                if (f.expireTimer2 < best) { best = f.expireTimer2; which = 6; }
            }
            if (best > now) return false;
            switch (which) {
                case 0 -> {
                    return true;
                }
                case 1 -> {
                    return true;
                }
                case 2 -> {
                    f.attemptTimer = Flow.NEVER;
                    if (tcp.attemptTimer(f)) return true;
                }
                case 7 -> {
                    // DNS_Analyzer::ExpireTimer: one second of slack for the usual query/reply pair.
                    long timeout = config.dnsSessionTimeout().toNanos();
                    if (now - f.lastNs >= timeout - 1_000_000_000L) return true;
                    f.dnsTimer = now + timeout;
                }
                case 3 -> {
                    f.resetTimer = Flow.NEVER;
                    if (tcp.resetTimer(f)) {
                        f.tcpIsActive = false;
                        return true;
                    }
                }
                default -> {
                    boolean remove = tcp.expireTimer(f, now);
                    if (remove) return true;
                    long next = f.tcpIsActive ? now + config.tcpSessionTimerNanos() : Flow.NEVER;
                    if (which == 4) f.expireTimer0 = next;
                    else if (which == 5) f.expireTimer1 = next;
                    else f.expireTimer2 = next;
                }
            }
        }
    }

    // ------------------------------------------------------------------ ending

    private void endFlow(Flow f) {
        if (!f.creationEmitted) checkCreation(f, true);
        if (f.dissection != null) endContent(f);
        listener.flowEnded(records.conn(f));
        if (f.tunnelActive) closeTunnel(f, "Tunnel::CLOSE");
        remove(f);
        lruUnlink(f);
        f.live = false;
        f.generation++;
        f.encap = null;
        if (f.parents != null) java.util.Arrays.fill(f.parents, null);
        f.parentCount = 0;
        f.lruNext = free;
        f.lruPrev = null;
        free = f;
        if (lastFlow == f) lastFlow = null;
    }

    // ------------------------------------------------------------------ LRU

    private void touch(Flow f) {
        if (lruTail == f) return;
        lruUnlink(f);
        f.lruPrev = lruTail;
        f.lruNext = null;
        if (lruTail != null) lruTail.lruNext = f; else lruHead = f;
        lruTail = f;
    }

    private void lruUnlink(Flow f) {
        Flow p = f.lruPrev, n = f.lruNext;
        if (p != null) p.lruNext = n; else if (lruHead == f) lruHead = n;
        if (n != null) n.lruPrev = p; else if (lruTail == f) lruTail = p;
        f.lruPrev = f.lruNext = null;
    }

    // ------------------------------------------------------------------ hash table

    private void makeKey(Packet p, int srcPort, int dstPort, boolean oneWay) {
        boolean srcFirst;
        if (oneWay) {
            srcFirst = true;
            kDir = 1;
        } else {
            int c = Long.compareUnsigned(p.srcHi, p.dstHi);
            if (c == 0) c = Long.compareUnsigned(p.srcLo, p.dstLo);
            srcFirst = c < 0 || (c == 0 && srcPort <= dstPort);
            kDir = 0;
        }
        if (srcFirst) {
            kAHi = p.srcHi; kALo = p.srcLo; kAPort = srcPort;
            kBHi = p.dstHi; kBLo = p.dstLo; kBPort = dstPort;
        } else {
            kAHi = p.dstHi; kALo = p.dstLo; kAPort = dstPort;
            kBHi = p.srcHi; kBLo = p.srcLo; kBPort = srcPort;
        }
        kProto = p.ipProto;
        kVlan = p.vlan;
        kInnerVlan = p.innerVlan;
        long h = kAHi * 0x9E3779B97F4A7C15L;
        h = (h ^ kALo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ kBHi) * 0x165667B19E3779F9L;
        h = (h ^ kBLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ (((long) kAPort << 48) | ((long) kBPort << 32) | ((long) kProto << 24) | (kDir << 20)
                | ((kVlan & 0xFFF) << 8))) * 0xC2B2AE3D27D4EB4FL;
        h ^= (long) (kInnerVlan & 0xFFF) << 40;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        kHash = (int) h;
    }

    private Flow find() {
        int i = kHash & mask;
        while (true) {
            Flow f = slots[i];
            if (f == null) return null;
            if (slotHash[i] == kHash && f.aLo == kALo && f.bLo == kBLo && f.aPort == kAPort && f.bPort == kBPort
                    && f.aHi == kAHi && f.bHi == kBHi && f.ipProto == kProto && f.vlan == kVlan
                    && f.innerVlan == kInnerVlan && f.dirTag == kDir) {
                return f;
            }
            i = (i + 1) & mask;
        }
    }

    private void insert(Flow f) {
        if ((size + 1) * 4L > slots.length * 3L && slots.length < maxCapacity) grow();
        int i = f.hash & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = f;
        slotHash[i] = f.hash;
        f.live = true;
        size++;
    }

    private void grow() {
        Flow[] old = slots;
        int n = old.length * 2;
        slots = new Flow[n];
        slotHash = new int[n];
        mask = n - 1;
        for (Flow f : old) {
            if (f == null) continue;
            int i = f.hash & mask;
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = f;
            slotHash[i] = f.hash;
        }
    }

    private void remove(Flow f) {
        int i = f.hash & mask;
        while (slots[i] != f) {
            if (slots[i] == null) return;
            i = (i + 1) & mask;
        }
        slots[i] = null;
        size--;
        // Backward-shift deletion keeps probe sequences intact without tombstones.
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Flow g = slots[j];
            if (g == null) return;
            int home = slotHash[j] & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) continue;
            slots[i] = g;
            slotHash[i] = slotHash[j];
            slots[j] = null;
            i = j;
        }
    }
}
