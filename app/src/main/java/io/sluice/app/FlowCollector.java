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

/**
 * Receives NetFlow v5/v9, IPFIX and sFlow datagrams on UDP sockets, one receiving thread per
 * socket with its own decoder and exporter table (templates belong to the exporter's transport
 * session, which arrives on one socket), and hands the events to a {@link Sink}.
 *
 * <p>Socket receive buffer: set with {@code SO_RCVBUF} to {@code receiveBuffer} bytes. Linux caps
 * it at {@code net.core.rmem_max} (often 208 KiB) unless raised with {@code sysctl -w
 * net.core.rmem_max=33554432}; {@link #receiveBuffers()} reports what the kernel granted (Linux
 * doubles the request for its bookkeeping). At 500,000 records/s of v9 (about 20,000 datagrams/s of
 * 1,400 bytes, 28 MB/s) a 32 MiB buffer holds about one second of traffic, enough to ride out a
 * garbage collection or a slow disk.
 *
 * <p>Per datagram the JDK allocates the sender's address and the collector a copy of the bytes
 * (handed from the receiving to the decoding thread); the decoders allocate nothing per record
 * beyond the events they emit.
 */
final class FlowCollector implements AutoCloseable {

    /** Where events go; called from the receiving threads, so implementations must be thread-safe. */
    interface Sink {
        void event(Event event);

        void counters(InterfaceCounters counters);
    }

    /** Datagrams held between the receiving and the decoding thread of a socket (about 22 MB of v9). */
    static final int QUEUE = 16384;

    private final List<Receiver> receivers = new ArrayList<>();
    private final Sink sink;
    private volatile boolean stopping;

    FlowCollector(List<CollectorEndpoint> endpoints, int receiveBuffer, Sink sink) throws IOException {
        this.sink = sink;
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
                receivers.add(new Receiver(e, ch, seed++));
            }
        } catch (IOException ex) {
            close();
            throw new IOException("cannot listen on " + endpoints + ": " + ex.getMessage()
                    + " (is the port in use, or below 1024 without privileges?)", ex);
        }
    }

    void start() {
        for (Receiver r : receivers) r.thread.start();
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
        for (Receiver r : receivers) n += r.datagrams;
        return n;
    }

    /** Datagrams dropped because a socket's queue was full (the decoder could not keep up). */
    long queueDrops() {
        long n = 0;
        for (Receiver r : receivers) n += r.queueDrops;
        return n;
    }

    /**
     * Stops receiving (datagrams already in the socket buffers are dropped with the sockets), waits
     * for the receiving threads to finish their current datagram, and returns the statistics per
     * exporter, merged over sockets, keyed by "endpoint kind exporter".
     */
    Map<String, ExporterStats> stop() throws InterruptedException {
        stopping = true;
        close();
        for (Receiver r : receivers) {
            r.thread.join(5000);
            r.decoding.join(30_000); // decodes what was queued before the stop
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

    /**
     * One socket: a receiving thread that only copies datagrams into a bounded queue (so a burst
     * or a slow disk is absorbed by {@link #QUEUE} datagrams of memory on top of the kernel's
     * buffer), and a decoding thread that decodes them and hands the events to the sink. When the
     * queue is full the datagram is dropped and counted ({@link #queueDrops()}).
     */
    private final class Receiver implements Runnable {
        final CollectorEndpoint endpoint;
        final DatagramChannel channel;
        final ExporterTable table = new ExporterTable();
        final Thread thread;
        final Thread decoding;
        final FlowExportDecoder flows;
        final SflowDecoder sflow;
        final java.util.concurrent.ArrayBlockingQueue<Datagram> queue = new java.util.concurrent.ArrayBlockingQueue<>(QUEUE);
        volatile long datagrams;
        volatile long queueDrops;

        Receiver(CollectorEndpoint endpoint, DatagramChannel channel, int seed) {
            this.endpoint = endpoint;
            this.channel = channel;
            var context = new IngestContext("udp:" + endpoint.address().getPort(), sink::event,
                    (s, p, r) -> { }, new UidGenerator(seed * 0x9E3779B97F4A7C15L), new CommunityId(0));
            if (endpoint.kind() == CollectorEndpoint.Kind.SFLOW) {
                sflow = new SflowDecoder(table, new SflowEvents(context, sink::counters));
                flows = null;
            } else {
                flows = new FlowExportDecoder(table, new FlowExportEvents(context));
                sflow = null;
            }
            String name = endpoint.kind().label() + "-" + endpoint.address().getPort();
            thread = new Thread(this, "collect-" + name);
            decoding = new Thread(this::decodeLoop, "decode-" + name);
        }

        @Override
        public void run() {
            decoding.start();
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
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
                    datagrams++;
                    byte[] copy = new byte[buf.position()];
                    buf.flip().get(copy);
                    if (!queue.offer(new Datagram(from, copy, System.currentTimeMillis() * 1_000_000L))) queueDrops++;
                }
            } finally {
                queue.offer(Datagram.END);
            }
        }

        private void decodeLoop() {
            while (true) {
                Datagram d;
                try {
                    d = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (d == Datagram.END) return;
                InetAddress a = d.from().getAddress();
                long hi, lo;
                byte[] raw = a.getAddress();
                if (a instanceof Inet4Address) {
                    hi = 0;
                    lo = 0x0000_ffff_0000_0000L | ((raw[0] & 0xffL) << 24) | ((raw[1] & 0xffL) << 16)
                            | ((raw[2] & 0xffL) << 8) | (raw[3] & 0xffL);
                } else {
                    hi = 0;
                    lo = 0;
                    for (int i = 0; i < 8; i++) hi = (hi << 8) | (raw[i] & 0xff);
                    for (int i = 8; i < 16; i++) lo = (lo << 8) | (raw[i] & 0xff);
                }
                ByteBuffer buf = ByteBuffer.wrap(d.bytes());
                try {
                    if (sflow != null) {
                        sflow.decode(buf, 0, d.bytes().length, hi, lo, d.from().getPort(), d.receivedNanos());
                    } else {
                        flows.decode(buf, 0, d.bytes().length, hi, lo, d.from().getPort());
                    }
                } catch (RuntimeException bug) {
                    // A decoder bug must not stop the collector; the datagram is lost and the log says so.
                    System.getLogger(FlowCollector.class.getName()).log(System.Logger.Level.ERROR,
                            "decoder failed on a datagram from " + d.from() + "; it was dropped", bug);
                }
            }
        }
    }

    private record Datagram(InetSocketAddress from, byte[] bytes, long receivedNanos) {
        static final Datagram END = new Datagram(null, new byte[0], 0);
    }
}
