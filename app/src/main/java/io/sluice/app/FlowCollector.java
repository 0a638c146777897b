package io.sluice.app;

import io.sluice.event.Event;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.netflow.Exporter;
import io.sluice.ingest.netflow.ExporterStats;
import io.sluice.ingest.netflow.ExporterTable;
import io.sluice.ingest.netflow.FlowExportDecoder;
import io.sluice.ingest.netflow.FlowExportEvents;
import io.sluice.ingest.netflow.InterfaceCounters;
import io.sluice.ingest.netflow.SflowDecoder;
import io.sluice.ingest.netflow.SflowEvents;
import io.sluice.packet.IpAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Receives NetFlow v5/v9, IPFIX and sFlow datagrams on UDP sockets and turns them into events.
 * Per socket two threads: a receiving thread that only copies each datagram into a preallocated
 * {@link DatagramRing}, and a decoding thread with its own decoder and exporter table (templates
 * belong to the exporter's transport session, which arrives on one socket) that hands the events
 * to its {@link Sink}. Writing the logs is the sink's business (in {@code collect}, two writer
 * threads shared by all sockets: {@link CollectorLogWriter}).
 *
 * <p>Where a datagram can be lost, and the counter that says so: in the kernel, when the socket
 * receive buffer is full ({@link KernelUdpDrops}, read by {@link #counters()}); in the ring, when
 * the decoding thread (or the output behind it) falls behind ({@code queue_full}). Datagrams the
 * decoder rejects in whole or in part are counted as {@code malformed}, and by reason per exporter.
 * So for each socket: received = decoded + queue_full (+ those still in the ring).
 *
 * <p>Socket receive buffer: set with {@code SO_RCVBUF} to {@code receiveBuffer} bytes. Linux caps
 * it at {@code net.core.rmem_max} unless raised with {@code sysctl -w net.core.rmem_max=...};
 * {@link #receiveBuffers()} reports what the kernel granted (Linux doubles the request for its
 * bookkeeping, so a granted size below the request means it was capped).
 *
 * <p>No allocation per datagram on either thread when the sender repeats (the JDK reuses the
 * sender's address object then); the decoders allocate nothing per record beyond the events.
 */
final class FlowCollector implements AutoCloseable {

    /** Where one decoding thread's events go; called on that thread only. */
    interface Sink {
        void event(Event event);

        void counters(InterfaceCounters counters);

        /** The ring has been empty for a while (about 10 ms): pass on anything held back. Also called at the end. */
        default void flush() {}
    }

    /** Datagrams a ring holds by default (at 40 records a datagram, 1.3 s at 500,000 records/s). */
    static final int RING_DATAGRAMS = 16384;
    /** Payload bytes a ring holds by default. */
    static final int RING_BYTES = 32 << 20;

    /** An idle decoding thread spins this many times before it parks, */
    private static final int SPINS = 100;
    /**
     * then parks this long at a time: at 500,000 records/s about 12 datagrams arrive meanwhile, far
     * fewer than a ring holds, and fewer wake-ups leave more CPU to the busy threads,
     */
    private static final long PARK_NANOS = 1_000_000;
    /** and after this many idle rounds (about 10 ms) hands its held-back rows to the sink. */
    private static final int IDLE_FLUSH = SPINS + 10;

    private final List<Receiver> receivers = new ArrayList<>();
    private final KernelUdpDrops kernel = new KernelUdpDrops();
    private volatile boolean stopping;

    /** One sink shared by every decoding thread: it must be thread-safe. */
    FlowCollector(List<CollectorEndpoint> endpoints, int receiveBuffer, Sink sink) throws IOException {
        this(endpoints, receiveBuffer, RING_DATAGRAMS, RING_BYTES, true, () -> sink);
    }

    /**
     * @param sinks gives each decoding thread its own sink
     * @param ringDatagrams datagrams held between the receiving and the decoding thread of a socket
     * @param ringBytes payload bytes held likewise
     * @param creations false to make no ConnectionCreation for NetFlow/IPFIX records (sFlow's are
     *     left to the sink to drop)
     */
    FlowCollector(List<CollectorEndpoint> endpoints, int receiveBuffer, int ringDatagrams, int ringBytes,
            boolean creations, Supplier<? extends Sink> sinks) throws IOException {
        int seed = 1;
        try {
            for (CollectorEndpoint e : endpoints) {
                // An IPv4 address gets an IPv4 socket: a dual-stack socket bound to a v4-mapped
                // address does not receive IPv4 datagrams on every kernel; wildcard stays dual-stack.
                InetAddress bind = e.address().getAddress();
                DatagramChannel ch = bind instanceof Inet4Address && !bind.isAnyLocalAddress()
                        ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(e.address());
                receivers.add(new Receiver(e, ch, seed++, new DatagramRing(ringDatagrams, ringBytes), creations,
                        sinks.get()));
            }
        } catch (IOException ex) {
            close();
            throw new IOException("cannot listen on " + endpoints + ": " + ex.getMessage()
                    + " (is the port in use, or below 1024 without privileges?)", ex);
        }
    }

    void start() {
        for (Receiver r : receivers) {
            r.decoding.start();
            r.thread.start();
        }
    }

    /** The bound addresses in endpoint order (port 0 becomes the port the system chose). */
    List<InetSocketAddress> boundAddresses() throws IOException {
        var out = new ArrayList<InetSocketAddress>();
        for (Receiver r : receivers) out.add((InetSocketAddress) r.channel.getLocalAddress());
        return out;
    }

    /** SO_RCVBUF as granted by the kernel, per endpoint. */
    List<Integer> receiveBuffers() throws IOException {
        var out = new ArrayList<Integer>();
        for (Receiver r : receivers) out.add(r.channel.getOption(StandardSocketOptions.SO_RCVBUF));
        return out;
    }

    /** Datagrams received so far over all sockets (read without locking; for progress and idle checks). */
    long datagrams() {
        long n = 0;
        for (Receiver r : receivers) n += r.received;
        return n;
    }

    /**
     * The counters summed over sockets, read while running (each is exact on its own; they are
     * read one after the other, so a datagram in flight may show in one and not yet the next).
     * Kernel drops are read from procfs for the bound ports (-1 when unknown).
     */
    CollectorCounters counters() {
        long received = 0, queueFull = 0, decoded = 0, malformed = 0, records = 0, kernelDrops = -1;
        for (Receiver r : receivers) {
            records += r.records;
            malformed += r.malformed;
            decoded += r.decoded;
            queueFull += r.queueFull;
            received += r.received;
            long k = kernel.socketDrops(r.port);
            if (k >= 0) kernelDrops = Math.max(kernelDrops, 0) + k;
        }
        return new CollectorCounters(received, queueFull, decoded, malformed, records, kernelDrops);
    }

    /**
     * Stops receiving (after up to two seconds for the receiving threads to empty the socket buffers;
     * datagrams still in them then are dropped with the sockets, uncounted), lets
     * the decoding threads finish what is in their rings, flushes their sinks, and returns the
     * statistics per exporter, merged over sockets, keyed by "endpoint kind exporter".
     */
    Map<String, ExporterStats> stop() throws InterruptedException {
        // What the kernel still holds for us would be lost uncounted when the sockets close: give the
        // receiving threads up to two seconds to take it (procfs tells how many bytes are queued).
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Receiver r : receivers) {
            while (kernel.socketQueuedBytes(r.port) > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        }
        // Kernel drops are only readable while the sockets are open.
        for (Receiver r : receivers) r.kernelDropsAtStop = kernel.socketDrops(r.port);
        stopping = true;
        close();
        for (Receiver r : receivers) {
            r.thread.join(5000);
            r.receiving = false;
            r.decoding.join(60_000); // decodes what was in the ring before the stop
        }
        var stats = new LinkedHashMap<String, ExporterStats>();
        for (Receiver r : receivers) {
            for (Exporter e : r.table.exporters()) {
                String key = r.endpoint.kind().label() + " " + e.stats().exporter();
                stats.computeIfAbsent(key, k -> new ExporterStats(e.stats().exporter())).add(e.stats());
            }
        }
        return stats;
    }

    /** The counters after {@link #stop()}, with the kernel drops read just before the sockets closed. */
    CollectorCounters finalCounters() {
        CollectorCounters c = counters();
        long k = -1;
        for (Receiver r : receivers) if (r.kernelDropsAtStop >= 0) k = Math.max(k, 0) + r.kernelDropsAtStop;
        return new CollectorCounters(c.received(), c.queueFull(), c.decoded(), c.malformed(), c.records(), k);
    }

    /** CPU time of the receiving threads, summed, after {@link #stop()}; -1 when unknown. */
    long receiveCpuNanos() {
        long n = 0;
        for (Receiver r : receivers) {
            if (r.receiveCpuNanos < 0) return -1;
            n += r.receiveCpuNanos;
        }
        return n;
    }

    /** CPU time of the decoding threads, summed, after {@link #stop()}; -1 when unknown. */
    long decodeCpuNanos() {
        long n = 0;
        for (Receiver r : receivers) {
            if (r.decodeCpuNanos < 0) return -1;
            n += r.decodeCpuNanos;
        }
        return n;
    }

    @Override
    public void close() {
        for (Receiver r : receivers) {
            try {
                r.channel.close();
            } catch (IOException ignored) {
                // closing to stop; nothing left to do with a socket that will not close
            }
        }
    }

    /** One socket, its ring, and its two threads. Counters are written by one thread each. */
    private final class Receiver {
        final CollectorEndpoint endpoint;
        final DatagramChannel channel;
        final int port;
        final DatagramRing ring;
        final Sink sink;
        final ExporterTable table = new ExporterTable();
        final Thread thread;
        final Thread decoding;
        final FlowExportDecoder flows;
        final FlowExportEvents flowEvents;
        final SflowDecoder sflow;
        final SflowEvents sflowEvents;
        /** Receiving thread. */
        volatile long received;
        volatile long queueFull;
        /** Cleared once the receiving thread has ended; then an empty ring means done. */
        volatile boolean receiving = true;
        /** Decoding thread. */
        volatile long decoded;
        volatile long malformed;
        volatile long records;
        volatile long kernelDropsAtStop = -1;
        /** CPU time each thread used, taken as it ends (-1 until then, or when the JVM cannot measure it). */
        volatile long receiveCpuNanos = -1;
        volatile long decodeCpuNanos = -1;

        Receiver(CollectorEndpoint endpoint, DatagramChannel channel, int seed, DatagramRing ring, boolean creations,
                Sink sink) throws IOException {
            this.endpoint = endpoint;
            this.channel = channel;
            this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            this.ring = ring;
            this.sink = sink;
            var context = new IngestContext("udp:" + port, sink::event,
                    (s, p, r) -> { }, new UidGenerator(seed * 0x9E3779B97F4A7C15L), new CommunityId(0));
            if (endpoint.kind() == CollectorEndpoint.Kind.SFLOW) {
                sflowEvents = new SflowEvents(context, sink::counters);
                sflow = new SflowDecoder(table, sflowEvents);
                flows = null;
                flowEvents = null;
            } else {
                flowEvents = new FlowExportEvents(context, creations);
                flows = new FlowExportDecoder(table, flowEvents);
                sflow = null;
                sflowEvents = null;
            }
            String name = endpoint.kind().label() + "-" + port;
            thread = new Thread(this::receiveLoop, "collect-" + name);
            decoding = new Thread(this::decodeLoop, "decode-" + name);
        }

        private void receiveLoop() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            InetSocketAddress last = null;
            long hi = 0, lo = 0;
            int port = 0;
            try {
                while (!stopping) {
                    InetSocketAddress from;
                    try {
                        buf.clear();
                        from = (InetSocketAddress) channel.receive(buf);
                    } catch (ClosedChannelException e) {
                        return;
                    } catch (IOException e) {
                        if (stopping) return;
                        continue; // e.g. ICMP port unreachable reported on a later receive
                    }
                    if (from == null) continue;
                    if (from != last) { // the JDK hands back the same object while the sender repeats
                        last = from;
                        byte[] raw = from.getAddress().getAddress();
                        if (raw.length == 4) {
                            hi = 0;
                            lo = 0x0000_ffff_0000_0000L | ((raw[0] & 0xffL) << 24) | ((raw[1] & 0xffL) << 16)
                                    | ((raw[2] & 0xffL) << 8) | (raw[3] & 0xffL);
                        } else {
                            hi = 0;
                            lo = 0;
                            for (int i = 0; i < 8; i++) hi = (hi << 8) | (raw[i] & 0xff);
                            for (int i = 8; i < 16; i++) lo = (lo << 8) | (raw[i] & 0xff);
                        }
                        port = from.getPort();
                    }
                    received++;
                    buf.flip();
                    if (!ring.offer(buf, hi, lo, port, System.currentTimeMillis() * 1_000_000L)) queueFull++;
                }
            } finally {
                receiveCpuNanos = ThreadCpu.current();
                receiving = false;
            }
        }

        private void decodeLoop() {
            ByteBuffer view = ByteBuffer.wrap(ring.bytes());
            int idle = 0;
            while (true) {
                int slot = ring.peek();
                if (slot < 0) {
                    if (!receiving && ring.peek() < 0) break;
                    // Quiet for about 10 ms: pass on the rows held back, so a trickle still reaches
                    // the logs promptly while a busy collector hands over full batches only.
                    if (idle < IDLE_FLUSH && ++idle == IDLE_FLUSH) sink.flush();
                    if (idle < SPINS) Thread.onSpinWait();
                    else LockSupport.parkNanos(PARK_NANOS);
                    continue;
                }
                idle = 0;
                decode(view, slot);
                ring.release(slot);
            }
            sink.flush();
            decodeCpuNanos = ThreadCpu.current();
        }

        private void decode(ByteBuffer view, int slot) {
            long hi = ring.senderHi(slot), lo = ring.senderLo(slot);
            int from = ring.senderPort(slot);
            Exporter ex = table.get(hi, lo, from);
            long dropsBefore = ex.stats().totalDrops();
            long recordsBefore = flowEvents != null ? flowEvents.flows() : sflowEvents.flows();
            try {
                if (sflow != null) {
                    sflow.decode(view, ring.offset(slot), ring.length(slot), hi, lo, from, ring.receivedNanos(slot));
                } else {
                    flows.decode(view, ring.offset(slot), ring.length(slot), hi, lo, from);
                }
            } catch (RuntimeException bug) {
                // A decoder bug must not stop the collector; the datagram is lost and the log says so.
                System.getLogger(FlowCollector.class.getName()).log(System.Logger.Level.ERROR,
                        "decoder failed on a datagram from " + IpAddress.format(hi, lo) + " port " + from
                                + "; it was dropped", bug);
                malformed++;
            }
            if (ex.stats().totalDrops() != dropsBefore) malformed++;
            records += (flowEvents != null ? flowEvents.flows() : sflowEvents.flows()) - recordsBefore;
            decoded++;
        }
    }
}
