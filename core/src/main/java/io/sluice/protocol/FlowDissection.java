package io.sluice.protocol;

import io.sluice.event.WireText;
import java.nio.ByteBuffer;

/**
 * The content layer of one connection: its two TCP streams (or its datagrams), identification
 * of its protocol by content, and the dissector once one is attached. Driven by the flow layer,
 * which passes the {@link DissectorContext} of the connection with every call; the context is used
 * only during the call.
 *
 * <p>Lifecycle: while no dissector is attached, payload is offered to the registry's signatures
 * until {@link DissectionConfig#identifyBytes()} bytes or {@link DissectionConfig#identifyChunks()}
 * chunks were tried; then the connection is only metered ({@link #inspecting()} false). Over TCP
 * what was tried is kept ({@link IdentifyingPrefix}), so that a signature sees a direction's stream
 * from its start however the sender cut it into segments, and a dissector attached on a match at
 * a stream's start is given everything both directions sent before. Once
 * attached, the dissector gets the stream in order per direction until it says
 * {@link Dissector#wantsMore()} false or both directions reach the stream depth; its
 * {@link Dissector#onEnd} runs when the connection ends. A dissector that throws is detached
 * and reported as a weird, never propagated.
 *
 * <p>The first {@link DissectionConfig#sampleBytes()} bytes of each direction are kept in
 * {@link FirstBytes} for the flow layer's measure of connections no dissector identifies. When
 * identification gives up before a direction's sample is complete, that direction's stream goes on
 * (and the connection stays {@link #inspecting()}) until the sample is complete, a gap ends it, or
 * the connection ends: at most {@code sampleBytes} more bytes per direction, copied, never parsed.
 *
 * <p>A dissector may hand the rest of the connection to another protocol
 * ({@link Dissector#tunnelledBytes()}, an HTTP CONNECT tunnel): identification then starts again
 * on the bytes that follow, as for a new connection, and the first dissector still sees the end.
 */
public final class FlowDissection implements StreamSink {
    /** The weird for an overlap with different bytes (Zeek's event of that name). */
    public static final String REXMIT_INCONSISTENCY = "rexmit_inconsistency";

    private final Dissection owner;
    private StreamReassembler orig, resp;
    private final FirstBytes first;
    private final IdentifyingPrefix prefix;

    private boolean tcp;
    private int origPort, respPort;
    private boolean identifying;
    /** The dissector was attached because another connection announced this one ({@link #expected}). */
    private boolean announced;
    private int triedBytes, triedChunks;
    private ProtocolSignature signature;
    private Dissector dissector;
    private boolean dissectorDone;
    /** The dissector whose connection became a tunnel for {@link #dissector}'s protocol, or null. */
    private Dissector carrier;
    private DissectorContext ctx;

    // the packet being processed, replayed to a dissector attached by its payload
    private boolean pktFromOrig, pktBareAck;
    private int pktLength;

    FlowDissection(Dissection owner) {
        this.owner = owner;
        this.orig = new StreamReassembler(owner.pool());
        this.resp = new StreamReassembler(owner.pool());
        this.first = new FirstBytes(owner.config().sampleBytes());
        this.prefix = new IdentifyingPrefix(owner.config().identifyBytes(), owner.config().identifyChunks());
    }

    void open(boolean overTcp, int origPort, int respPort) {
        DissectionConfig c = owner.config();
        this.tcp = overTcp;
        this.origPort = origPort;
        this.respPort = respPort;
        identifying = owner.registry().any(overTcp);
        triedBytes = triedChunks = 0;
        announced = false;
        signature = null;
        dissector = null;
        dissectorDone = false;
        carrier = null;
        ctx = null;
        orig.reset(c.streamDepth(), c.maxHeldBytes(), c.maxHeldSegments());
        resp.reset(c.streamDepth(), c.maxHeldBytes(), c.maxHeldSegments());
        first.reset();
        prefix.reset();
        if (!identifying) stopStreams();
    }

    /** True while the connection's payload is still wanted (being identified or dissected). */
    public boolean inspecting() {
        if (dissector != null) return !dissectorDone && (!tcp || !orig.done() || !resp.done());
        return identifying || sampling(true) || sampling(false);
    }

    /** After identification gave up without a protocol, the direction's first bytes are still wanted. */
    private boolean sampling(boolean fromOrig) {
        return signature == null && first.wants(fromOrig) && !(fromOrig ? orig : resp).done();
    }

    /** The first bytes of each direction (the measure is the flow layer's, for unidentified connections). */
    public FirstBytes firstBytes() {
        return first;
    }

    /** True when a dissector is (or was) attached and must see the connection's end. */
    public boolean attached() {
        return dissector != null || carrier != null;
    }

    public ProtocolSignature signature() {
        return signature;
    }

    /**
     * Whether the protocol found runs on a port that is not its own (responder port). A connection
     * another one announced (an FTP data channel, a TFTP transfer, a DCE/RPC endpoint the endpoint
     * mapper named) is on the port it was told to use, whatever the number; so is a protocol inside a
     * tunnel, whose port is the tunnel's.
     */
    public boolean onNonStandardPort() {
        return signature != null && !announced && carrier == null && !signature.standardPort(respPort);
    }

    public StreamReassembler stream(boolean fromOrig) {
        return fromOrig ? orig : resp;
    }

    /** The originator and responder swapped (Zeek's role flip): so do the streams. */
    public void flipRoles() {
        StreamReassembler s = orig;
        orig = resp;
        resp = s;
        first.flip();
        prefix.flip();
        int p = origPort;
        origPort = respPort;
        respPort = p;
    }

    // ---------------------------------------------------------------- input from the flow layer

    /** One packet of the connection (before its payload), for {@link Dissector#onPacket}. */
    public void packet(boolean fromOrig, int payloadLength, boolean bareAck, DissectorContext c) {
        pktFromOrig = fromOrig;
        pktLength = payloadLength;
        pktBareAck = bareAck;
        if (dissector == null || dissectorDone) return;
        ctx = c;
        try {
            dissector.onPacket(fromOrig, payloadLength, bareAck, c);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A TCP segment's payload at relative sequence {@code seq}. */
    public void tcpSegment(boolean fromOrig, long seq, ByteBuffer buf, int off, int len, DissectorContext c) {
        ctx = c;
        (fromOrig ? orig : resp).segment(fromOrig, seq, buf, off, len, this);
    }

    /** The flow layer's reassembly point of a direction moved to {@code seq}: holes below it are lost. */
    public void tcpAdvance(boolean fromOrig, long seq, DissectorContext c) {
        StreamReassembler s = fromOrig ? orig : resp;
        if (s.done() || s.next() >= seq) return;
        ctx = c;
        s.advanceTo(fromOrig, seq, this);
    }

    /** One UDP datagram's payload. */
    public void udpDatagram(boolean fromOrig, ByteBuffer buf, int off, int len, DissectorContext c) {
        ctx = c;
        streamData(fromOrig, buf, off, len);
    }

    /** The connection ended: the dissector emits what is pending. */
    public void end(DissectorContext c) {
        ctx = c;
        if (dissector != null) {
            try {
                dissector.onEnd(c);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        if (carrier != null) {
            try {
                carrier.onEnd(c);
            } catch (RuntimeException e) {
                c.weird("dissector_exception", WireText.ofText("tunnel carrier: " + e));
            }
        }
    }

    /** Stops one TCP direction (the flow layer stopped reassembling it, as Zeek does without acks). */
    public void stopStream(boolean fromOrig) {
        (fromOrig ? orig : resp).stop();
        first.end(fromOrig);
    }

    /** Frees the streams' chunks; the flow layer drops this object afterwards. */
    public void close() {
        stopStreams();
        owner.release(this, signature != null, orig, resp);
        dissector = null;
        signature = null;
        ctx = null;
    }

    // ---------------------------------------------------------------- stream sink

    @Override
    public void streamData(boolean fromOrig, ByteBuffer buf, int off, int len) {
        if (first.wants(fromOrig)) {
            first.take(fromOrig, buf, off, len);
            if (signature == null && !identifying && !first.wants(fromOrig)) (fromOrig ? orig : resp).stop();
        }
        if (dissector == null) {
            if (!identifying || !identify(fromOrig, buf, off, len)) return;
        }
        if (dissectorDone) return;
        deliver(fromOrig, buf, off, len);
    }

    private void deliver(boolean fromOrig, ByteBuffer buf, int off, int len) {
        try {
            dissector.onData(fromOrig, buf, off, len, ctx);
            int tunnelled = carrier == null ? dissector.tunnelledBytes() : -1; // one level: tunnels do not nest
            if (tunnelled >= 0) {
                tunnel(fromOrig, buf, off + len - Math.min(tunnelled, len), Math.min(tunnelled, len));
                return;
            }
            if (!dissector.wantsMore()) finishDissector();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * The connection now carries another protocol (Zeek's HTTP analyzer attaches a fresh protocol
     * detection after a successful CONNECT): identification starts over with the {@code len} bytes
     * of this chunk that follow the hand-over, then with whatever either side sends next.
     */
    private void tunnel(boolean fromOrig, ByteBuffer buf, int off, int len) {
        carrier = dissector;
        dissector = null;
        identifying = true;
        triedBytes = triedChunks = 0;
        prefix.reset(); // the tunnel's streams start here
        if (len > 0 && identify(fromOrig, buf, off, len)) deliver(fromOrig, buf, off, len);
    }

    @Override
    public void streamGap(boolean fromOrig, long length) {
        if (dissector == null) prefix.gap();
        if (first.wants(fromOrig)) {
            first.end(fromOrig);
            if (signature == null && !identifying) (fromOrig ? orig : resp).stop();
        }
        if (dissector == null || dissectorDone) return;
        try {
            dissector.onGap(fromOrig, length, ctx);
            if (!dissector.wantsMore()) finishDissector();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void streamInconsistent(boolean fromOrig, long seq, int length) {
        // Zeek raises rexmit_inconsistency as an event; Sluice writes it to weird.log.
        ctx.weird(REXMIT_INCONSISTENCY, (fromOrig ? "orig" : "resp") + " seq " + seq + " len " + length);
    }

    /**
     * The connection was announced by another one as {@code service} (an expected connection): its
     * dissector is attached now, before any payload, as Zeek's scheduled analyzers are, so that even
     * a first message the signature would not recognise is parsed. No-op when nothing is registered
     * under that name (FTP's "ftp-data" has no dissector) or identification is over.
     */
    public void expected(String service) {
        if (!identifying || dissector != null) return;
        ProtocolSignature s = owner.registry().named(service, tcp);
        if (s == null) return;
        Dissector d;
        try {
            d = s.create();
        } catch (RuntimeException e) {
            return;
        }
        if (d != null) {
            announced = true;
            attach(s, d);
        }
    }

    // ---------------------------------------------------------------- internals

    /**
     * Offers a delivery to the signatures. Over TCP a direction's first delivery is asked about on
     * its own; a later one is kept with the earlier ones and the direction's stream from its start
     * is asked about first, then, failing that, the delivery alone (a protocol that starts after
     * another, as TLS after a SOCKS exchange). A match at a stream's start gets the whole kept
     * beginning of the connection replayed, and this delivery, here; then false is returned, as when
     * nothing matched. True means the caller delivers this delivery to the new dissector.
     */
    private boolean identify(boolean fromOrig, ByteBuffer buf, int off, int len) {
        ProtocolRegistry registry = owner.registry();
        ProtocolSignature s = null;
        boolean fromStart = false;
        int kept = 0;
        if (!tcp) {
            s = registry.identify(false, fromOrig, buf, off, len, origPort, respPort);
        } else if (!prefix.seen(fromOrig)) {
            s = registry.identify(true, fromOrig, buf, off, len, origPort, respPort);
            if (s != null) fromStart = true; else prefix.add(fromOrig, buf, off, len);
        } else {
            kept = prefix.add(fromOrig, buf, off, len);
            if (kept > 0 && prefix.length(fromOrig) > kept) {
                s = registry.identify(true, fromOrig, prefix.view(fromOrig), 0, prefix.length(fromOrig), origPort, respPort);
                fromStart = s != null;
            }
            if (s == null) {
                kept = 0;
                s = registry.identify(true, fromOrig, buf, off, len, origPort, respPort);
            }
        }
        if (s != null) {
            Dissector d;
            try {
                d = s.create();
            } catch (RuntimeException e) {
                d = null;
            }
            if (d != null) {
                attach(s, d);
                if (pktFromOrig == fromOrig) packet(pktFromOrig, pktLength, pktBareAck, ctx);
                if (!fromStart) {
                    prefix.reset();
                    return !dissectorDone;
                }
                replayPrefix(d);
                if (kept < len && dissector == d && !dissectorDone) deliver(fromOrig, buf, off + kept, len - kept);
                return false;
            }
        }
        triedBytes += len;
        triedChunks++;
        DissectionConfig c = owner.config();
        if (triedBytes >= c.identifyBytes() || triedChunks >= c.identifyChunks()) {
            identifying = false;
            prefix.reset();
            // A direction whose first bytes are still wanted goes on until it has them; over UDP
            // not a silent one, so that one-way datagram streams do not keep this state for life.
            if (!tcp) {
                if (first.length(true) == 0) first.end(true);
                if (first.length(false) == 0) first.end(false);
            }
            if (!first.wants(true)) orig.stop();
            if (!first.wants(false)) resp.stop();
        }
        return false;
    }

    /** The connection's kept beginning to the dissector just attached, as long as it is the one attached. */
    private void replayPrefix(Dissector d) {
        int o = 0, r = 0;
        for (int i = 0; i < prefix.chunks() && dissector == d && !dissectorDone; i++) {
            boolean fromOrig = prefix.chunkFromOrig(i);
            int n = prefix.chunkLength(i);
            deliver(fromOrig, ByteBuffer.wrap(prefix.bytes(fromOrig)), fromOrig ? o : r, n);
            if (fromOrig) o += n; else r += n;
        }
        if (dissector == d) prefix.reset(); // else a tunnel opened during the replay and keeps its own
    }

    private void attach(ProtocolSignature s, Dissector d) {
        identifying = false;
        signature = s;
        dissector = d;
        long depth = owner.depthFor(s);
        if (depth != owner.config().streamDepth()) {
            orig.depth(depth);
            resp.depth(depth);
        }
    }

    private void finishDissector() {
        dissectorDone = true;
        stopStreams();
    }

    private void failed(RuntimeException e) {
        String where = signature == null ? "?" : signature.name();
        ctx.weird("dissector_exception", WireText.ofText(where + ": " + e));
        // onEnd is skipped as well: the dissector's state can no longer be trusted.
        dissectorDone = true;
        dissector = null;
        identifying = false;
        stopStreams();
    }

    private void stopStreams() {
        orig.stop();
        resp.stop();
    }
}
