package io.sluice.pipeline;

import io.sluice.capture.CaptureException;
import io.sluice.capture.LiveSource;
import io.sluice.capture.PacketSource;
import io.sluice.flow.Flow;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.flow.FlowStats;
import io.sluice.flow.FlowTable;
import io.sluice.flow.TunnelParent;
import io.sluice.packet.Checksums;
import io.sluice.packet.DecodeError;
import io.sluice.packet.DecodeStats;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.Tunnel;
import io.sluice.protocol.Dissection;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.ProtocolRegistry;
import io.sluice.protocol.Protocols;
import io.sluice.protocol.arp.ArpLog;
import io.sluice.protocol.dhcp.DhcpExchanges;

/**
 * Reads packets from {@link PacketSource}s, decodes them and meters them in one {@link FlowTable},
 * so time and open flows carry over from one input to the next. Tunnels are handled as Zeek does:
 *
 * <ul>
 *   <li>VXLAN, Teredo, Geneve and AYIYA ride on UDP: the outer UDP packet is a connection of its
 *       own and its uid is the tunnel's; the inner packet is metered as its own flow with that uid
 *       in its {@code tunnel_parents}. An outer packet with a bad checksum is dropped with its
 *       payload, as Zeek's UDP analyzer does.
 *   <li>GRE and IP-in-IP have no outer connection: the tunnel gets a uid of its own, one per host
 *       pair ({@link FlowTable#ipTunnel}).
 *   <li>Nesting is followed to the decoder's {@link PacketDecoder#MAX_TUNNEL_DEPTH}.
 * </ul>
 *
 * <p>Content: TCP and UDP payload goes to the protocol layer ({@link Dissection}: reassembly,
 * identification, dissectors) unless {@link DissectionConfig#enabled()} is false (flows only).
 * Decoding damage and bad IP checksums become weirds ({@link DecodeWeirds}). ARP packets become
 * arp.log rows ({@link ArpLog}) and DHCP messages are joined into dhcp.log rows across connections
 * ({@link DhcpExchanges}, which wraps the listener); both only when content is dissected.
 *
 * <p>A damaged input ends that input only: {@link #run} returns the {@link CaptureException} (file
 * and offset) and everything read before it stays metered; the caller decides what to do next.
 * {@link #finish} ends the flows still open. One pipeline per thread; nothing is allocated per
 * packet (a reusable {@link Packet} per tunnel level). With {@link #decodeAhead} the outermost
 * packets are read and decoded on a second thread and metered here, in the same order.
 *
 * <p>A {@link LiveSource} is read in place (its packets are few and must not wait for a batch to
 * fill). Its quiet spells move time on as packets would, so connections time out while nothing
 * arrives, and the listener is asked to {@linkplain FlowListener#flushOutput flush} when the
 * source is quiet and once a second of wall time while it is busy.
 */
public final class PacketPipeline {
    private static final int PROGRESS_EVERY = 1 << 14;
    /** A busy live source: how often (wall time) the listener is asked to flush. */
    private static final long LIVE_FLUSH_EVERY_NANOS = 1_000_000_000L;
    /**
     * A quiet spell moves time to its clock minus this: packets the kernel stamped just before it
     * may still be on their way through its buffer, and a flow must not time out before them.
     */
    static final long LIVE_LATENESS_NANOS = 1_000_000_000L;

    private final FlowConfig config;
    private final FlowTable table;
    /** The listener as given, for {@link FlowListener#flushOutput} (events go through {@link #dhcp} first). */
    private final FlowListener listener;
    /** Joins DHCP messages of one transaction across connections into dhcp.log rows (Zeek does so in scripts). */
    private final DhcpExchanges dhcp;
    /** ARP is not a flow: its packets become arp.log rows here, null when only flows are metered. */
    private final ArpLog arp;
    /** Decodes the outermost packets: on the metering thread, or on {@link DecodeAhead}'s. */
    private final PacketDecoder outerDecoder = new PacketDecoder();
    /** Decodes tunnelled packets, on the metering thread (whether a tunnel is followed depends on flow state). */
    private final PacketDecoder innerDecoder = new PacketDecoder();
    private boolean decodeAhead;
    private final Packet[] packets = new Packet[PacketDecoder.MAX_TUNNEL_DEPTH + 1];
    private long packetCount, capturedBytes, wireBytes, innerPackets, badIpChecksums;
    private long firstTs = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;

    /** Full dissection with the standard protocols ({@link Protocols#standard()}). */
    public PacketPipeline(FlowConfig config, FlowListener listener) {
        this(config, DissectionConfig.defaults(), Protocols.standard(), listener);
    }

    public PacketPipeline(FlowConfig config, DissectionConfig content, ProtocolRegistry protocols,
            FlowListener listener) {
        this.config = config;
        this.listener = listener;
        Dissection dissection = content.enabled() ? new Dissection(content, protocols) : null;
        this.dhcp = new DhcpExchanges(listener);
        this.arp = content.enabled() ? new ArpLog(dhcp) : null;
        this.table = new FlowTable(config, dhcp, new TransportChecksums(), dissection);
        for (int i = 0; i < packets.length; i++) packets[i] = new Packet();
    }

    /**
     * Whether {@link #run} reads and decodes on a second thread ({@link DecodeAhead}) while this one
     * meters. The results are the same either way; it pays when a second core is free.
     */
    public PacketPipeline decodeAhead(boolean on) {
        this.decodeAhead = on;
        return this;
    }

    /**
     * Reads one source to its end, or to its first damage.
     *
     * @return null when the source was read to its clean end, else the damage (already recorded
     *     nowhere else: the caller reports it)
     */
    public CaptureException run(PacketSource source, ProgressListener progress) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        if (source instanceof LiveSource live) return runLive(live, listener);
        if (decodeAhead) return runAhead(source, listener);
        int sinceProgress = 0;
        try {
            while (source.next()) {
                packet(source);
                if (++sinceProgress == PROGRESS_EVERY) {
                    sinceProgress = 0;
                    listener.progress(source.bytesRead(), source.totalBytes(), packetCount);
                }
            }
            return null;
        } catch (CaptureException e) {
            return e;
        } finally {
            listener.progress(source.bytesRead(), source.totalBytes(), packetCount);
        }
    }

    private CaptureException runAhead(PacketSource source, ProgressListener listener) {
        int sinceProgress = 0;
        long total = source.totalBytes();
        var ahead = new DecodeAhead(source, outerDecoder, config.verifyChecksums());
        try (ahead) {
            ahead.start();
            Packet p;
            while ((p = ahead.next()) != null) {
                count(p);
                meter(p, null, 0);
                if (++sinceProgress == PROGRESS_EVERY) {
                    sinceProgress = 0;
                    listener.progress(ahead.bytesRead(), total, packetCount);
                }
            }
            return ahead.damage();
        } finally {
            listener.progress(ahead.bytesRead(), total, packetCount);
        }
    }

    private CaptureException runLive(LiveSource source, ProgressListener progress) {
        long lastFlush = System.nanoTime();
        try {
            while (true) {
                LiveSource.Poll poll = source.poll();
                if (poll == LiveSource.Poll.END) return null;
                if (poll == LiveSource.Poll.PACKET) {
                    packet(source);
                    // every packet: a trickle (a few a second) must be flushed too, and the clock read is cheap
                    long t = System.nanoTime();
                    if (t - lastFlush < LIVE_FLUSH_EVERY_NANOS) continue;
                    lastFlush = t;
                } else {
                    idle(source.idleNanos());
                    listener.quietUntil(source.idleNanos() - LIVE_LATENESS_NANOS);
                    lastFlush = System.nanoTime();
                }
                progress.progress(source.bytesRead(), source.totalBytes(), packetCount);
                listener.flushOutput();
            }
        } catch (CaptureException e) {
            return e;
        } finally {
            progress.progress(source.bytesRead(), source.totalBytes(), packetCount);
        }
    }

    /**
     * Time passes without traffic (a live source is quiet): connections whose timeouts fall before
     * {@code clockNanos} less {@link #LIVE_LATENESS_NANOS} end, as a packet at that time would end them.
     */
    public void idle(long clockNanos) {
        table.advanceTime(clockNanos - LIVE_LATENESS_NANOS);
    }

    /**
     * One packet of the source, decoded and metered. A method of its own, not the body of the loop
     * in {@link #run}: the JIT compiles a method after a few thousand calls, while a loop body
     * waits for an on-stack replacement of the whole loop and runs interpreted until then.
     */
    private void packet(PacketSource source) {
        Packet p = packets[0];
        p.frame(source.timestampNanos(), source.buffer(), source.linkType(), source.offset(), source.capturedLength(),
                source.originalLength());
        count(p);
        outerDecoder.decode(p);
        meter(p, null, 0);
    }

    private void count(Packet p) {
        packetCount++;
        capturedBytes += p.capLen;
        wireBytes += p.wireLen;
        long ts = p.tsNanos;
        if (ts < firstTs) firstTs = ts;
        if (ts > lastTs) lastTs = ts;
    }

    private void meter(Packet p, TunnelParent encap, int depth) {
        if (p.error != DecodeError.NONE) DecodeWeirds.report(p, table.weirds());
        else if (arp != null && p.ipVersion == 0) arp.packet(p);
        if (config.verifyChecksums() && p.ipVersion == 4
                && (p.ipChecksum != 0 ? p.ipChecksum == Packet.BAD : !Checksums.ipv4HeaderValid(p))) {
            // Zeek's IP analyzer drops the packet (weird bad_IP_checksum) before any connection.
            badIpChecksums++;
            table.weirds().flowPerOrig(p.tsNanos, p.srcHi, p.srcLo, p.dstHi, p.dstLo, "bad_IP_checksum", "IP");
            return;
        }
        table.process(p, encap);
        if (p.tunnel == Tunnel.NONE || depth + 1 >= packets.length) return;
        TunnelParent parent;
        switch (p.tunnel) {
            case VXLAN, TEREDO, GENEVE, AYIYA -> {
                Flow outer = table.lastFlow();
                if (outer == null || !table.lastPacketAnalyzed()) return;
                outer.markTunnel(p.tunnel, outer.isOrig(p.srcHi, p.srcLo, p.srcPort));
                parent = outer;
            }
            case GRE, IP -> parent = table.ipTunnel(p, p.tunnel, encap);
            default -> {
                return;
            }
        }
        Packet inner = packets[depth + 1];
        if (!innerDecoder.decodeInner(p, inner)) return;
        innerPackets++;
        meter(inner, parent, depth + 1);
    }

    /** Ends every open flow: the end of all input. */
    public void finish() {
        table.flush();
        dhcp.flush();
    }

    public PipelineStats stats() {
        return new PipelineStats(packetCount, capturedBytes, wireBytes, packetCount == 0 ? 0 : firstTs,
                packetCount == 0 ? 0 : lastTs, innerPackets, badIpChecksums, decodeStats());
    }

    private DecodeStats decodeStats() {
        var all = new DecodeStats();
        all.add(outerDecoder.stats());
        all.add(innerDecoder.stats());
        return all;
    }

    /** The content layer (reassembly pool, registry), or null when only flows are metered. */
    public Dissection dissection() {
        return table.dissection();
    }

    public FlowStats flowStats() {
        return table.stats();
    }
}
