package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.ingest.netflow.DropReason;
import io.sluice.ingest.netflow.ExporterStats;
import io.sluice.ingest.netflow.InterfaceCounters;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over loopback: nothing lost at a moderate rate, the counters add up, garbage is counted. */
class FlowCollectorTest {

    @Test
    void floodOfGarbageIsCountedAndValidExportsStillDecode() throws Exception {
        List<Event> events = new ArrayList<>();
        var sink = new FlowCollector.Sink() {
            @Override
            public void event(Event e) {
                synchronized (events) {
                    events.add(e);
                }
            }

            @Override
            public void counters(InterfaceCounters c) { }
        };
        var collector = new FlowCollector(List.of(CollectorEndpoint.parse(CollectorEndpoint.Kind.NETFLOW, "127.0.0.1:0"),
                CollectorEndpoint.parse(CollectorEndpoint.Kind.SFLOW, "127.0.0.1:0")), 8 << 20, sink);
        collector.start();
        InetSocketAddress netflow = collector.boundAddresses().get(0);
        InetSocketAddress sflow = collector.boundAddresses().get(1);
        int garbage = 50_000;
        var rnd = new SplittableRandom(7);
        try (var garbageSocket = new DatagramSocket(); var goodSocket = new DatagramSocket()) {
            byte[] junk = new byte[600];
            for (int i = 0; i < garbage; i++) {
                rnd.nextBytes(junk);
                int len = rnd.nextInt(junk.length);
                garbageSocket.send(new DatagramPacket(junk, len, i % 2 == 0 ? netflow : sflow));
                if ((i & 1023) == 0) Thread.sleep(1); // let a busy shared machine keep up; loss is not under test here
            }
            byte[] good = v9();
            goodSocket.send(new DatagramPacket(good, good.length, netflow));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                synchronized (events) {
                    if (events.stream().anyMatch(e -> e instanceof FlowRecord)) break;
                }
                Thread.sleep(20);
            }
        }
        Map<String, ExporterStats> stats = collector.stop();
        FlowRecord r;
        synchronized (events) {
            r = events.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).findFirst().orElseThrow();
        }
        assertThat(r.id().origH()).isEqualTo("10.0.0.1");
        long garbageDatagrams = 0, drops = 0;
        for (var e : stats.entrySet()) {
            if (e.getValue().flowRecords() > 0 && e.getKey().startsWith("netflow")) continue; // the good exporter
            garbageDatagrams += e.getValue().datagrams();
            drops += e.getValue().totalDrops();
        }
        // what reached the sockets (loopback may drop under load) was all counted as dropped, by reason
        assertThat(garbageDatagrams).isGreaterThan(garbage / 2);
        assertThat(drops).isEqualTo(garbageDatagrams);
        ExporterStats sflowGarbage = stats.entrySet().stream().filter(e -> e.getKey().startsWith("sflow")).findFirst()
                .orElseThrow().getValue();
        assertThat(sflowGarbage.drops(DropReason.BAD_VERSION) + sflowGarbage.drops(DropReason.TOO_SHORT))
                .isEqualTo(sflowGarbage.totalDrops());
    }

    /** Loopback at a moderate rate: nothing lost, and every counter agrees with what was sent and written. */
    @Test
    void moderateRateOverLoopbackLosesNothingAndTheCountersAddUp(@TempDir Path tmp) throws Exception {
        var connLogs = new LogDirectory(tmp, LogFormat.JSON, 0);
        var logs = new LogDirectory(tmp, LogFormat.JSON, 0);
        var writer = new CollectorLogWriter(connLogs, logs, true);
        var collector = new FlowCollector(List.of(CollectorEndpoint.parse(CollectorEndpoint.Kind.NETFLOW, "127.0.0.1:0")),
                8 << 20, FlowCollector.RING_DATAGRAMS, FlowCollector.RING_BYTES, true, writer::producer);
        collector.start();
        InetSocketAddress to = collector.boundAddresses().get(0);
        int datagrams = 500, perDatagram = 40;
        try (var s = new DatagramSocket()) {
            byte[] t = v9Template(0);
            s.send(new DatagramPacket(t, t.length, to));
            for (int d = 0; d < datagrams; d++) {
                byte[] b = v9Data(d + 1, d * perDatagram, perDatagram);
                s.send(new DatagramPacket(b, b.length, to));
                if (d % 20 == 19) Thread.sleep(1); // about 500,000 records/s at most, in short bursts
            }
        }
        long sent = datagrams + 1;
        long deadline = System.currentTimeMillis() + 30_000;
        while (collector.counters().decoded() < sent && System.currentTimeMillis() < deadline) Thread.sleep(20);
        collector.stop();
        writer.close();
        connLogs.close();
        logs.close();
        CollectorCounters c = collector.finalCounters();
        assertThat(c.received()).as("datagrams received of " + sent + " sent").isEqualTo(sent);
        assertThat(c.kernelDrops()).as("kernel drops (-1: no procfs)").isIn(0L, -1L);
        assertThat(c.queueFull()).isZero();
        assertThat(c.decoded() + c.queueFull()).isEqualTo(c.received());
        assertThat(c.malformed()).isZero();
        assertThat(c.records()).isEqualTo((long) datagrams * perDatagram);
        assertThat(writer.flowRows()).isEqualTo(c.records());
        assertThat(Files.readAllLines(tmp.resolve("conn.log"))).hasSize(datagrams * perDatagram);
        assertThat(Files.readAllLines(tmp.resolve("connection_creation.log"))).hasSize(datagrams * perDatagram);
    }

    /** A decoder held up by its output: the ring fills, and received = decoded + dropped (queue full). */
    @Test
    void aFullRingIsCountedAndReceivedIsDecodedPlusDropped() throws Exception {
        var gate = new CountDownLatch(1);
        long[] rows = new long[1];
        var sink = new FlowCollector.Sink() {
            @Override
            public void event(Event e) {
                try {
                    gate.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                rows[0]++;
            }

            @Override
            public void counters(InterfaceCounters c) { }
        };
        var collector = new FlowCollector(List.of(CollectorEndpoint.parse(CollectorEndpoint.Kind.NETFLOW, "127.0.0.1:0")),
                8 << 20, 4, 65536, true, () -> sink);
        collector.start();
        InetSocketAddress to = collector.boundAddresses().get(0);
        int datagrams = 200, perDatagram = 10;
        try (var s = new DatagramSocket()) {
            byte[] t = v9Template(0);
            s.send(new DatagramPacket(t, t.length, to));
            long deadline = System.currentTimeMillis() + 10_000;
            while (collector.counters().decoded() < 1 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            for (int d = 0; d < datagrams; d++) {
                byte[] b = v9Data(d + 1, d * perDatagram, perDatagram);
                s.send(new DatagramPacket(b, b.length, to));
            }
        }
        long sent = datagrams + 1;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            CollectorCounters c = collector.counters();
            if (c.received() + Math.max(c.kernelDrops(), 0) >= sent) break;
            Thread.sleep(10);
        }
        gate.countDown();
        Thread.sleep(200);
        collector.stop();
        CollectorCounters c = collector.finalCounters();
        if (c.kernelDrops() >= 0) assertThat(c.received() + c.kernelDrops()).isEqualTo(sent);
        assertThat(c.queueFull()).as("the ring holds 4 datagrams").isGreaterThan(datagrams - 10);
        assertThat(c.decoded() + c.queueFull()).isEqualTo(c.received());
        assertThat(c.records()).isEqualTo((c.decoded() - 1) * perDatagram);
        assertThat(rows[0]).as("a conn and a creation event per record").isEqualTo(2 * c.records());
    }

    /**
     * The receiving thread allocates nothing per datagram (the ring is preallocated, and the JDK
     * hands back the same sender address object while the sender repeats). Measured with the
     * thread's allocation counter over 3,000 datagrams; a per-datagram copy would be over 500 bytes each.
     */
    @Test
    void theReceivingThreadAllocatesNothingPerDatagram() throws Exception {
        var sink = new FlowCollector.Sink() {
            @Override
            public void event(Event e) { }

            @Override
            public void counters(InterfaceCounters c) { }
        };
        var collector = new FlowCollector(List.of(CollectorEndpoint.parse(CollectorEndpoint.Kind.NETFLOW, "127.0.0.1:0")),
                8 << 20, sink);
        collector.start();
        InetSocketAddress to = collector.boundAddresses().get(0);
        Thread receiving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("collect-netflow-" + to.getPort())).findFirst().orElseThrow();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] b = v9Data(1, 0, 40);
        try (var s = new DatagramSocket()) {
            for (int i = 0; i < 200; i++) s.send(new DatagramPacket(b, b.length, to)); // warm up
            long deadline = System.currentTimeMillis() + 10_000;
            while (collector.datagrams() < 200 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            long before = threads.getThreadAllocatedBytes(receiving.threadId());
            int n = 3000;
            for (int i = 0; i < n; i++) {
                s.send(new DatagramPacket(b, b.length, to));
                if (i % 100 == 99) Thread.sleep(1);
            }
            while (collector.datagrams() < 200 + n && System.currentTimeMillis() < deadline + 10_000) Thread.sleep(10);
            long allocated = threads.getThreadAllocatedBytes(receiving.threadId()) - before;
            assertThat(collector.datagrams()).isEqualTo(200 + n);
            assertThat(allocated).as("bytes allocated by the receiving thread for " + n + " datagrams")
                    .isLessThan(n * 16L);
        } finally {
            collector.stop();
        }
    }

    /** A v9 template (id 256): source and destination IPv4 address and port, protocol. */
    static byte[] v9Template(int sequence) {
        var b = ByteBuffer.allocate(20 + 4 + 4 + 5 * 4);
        b.putShort((short) 9).putShort((short) 1).putInt(1000).putInt(1_700_000_000).putInt(sequence).putInt(0);
        b.putShort((short) 0).putShort((short) (4 + 4 + 5 * 4)).putShort((short) 256).putShort((short) 5);
        b.putShort((short) 8).putShort((short) 4).putShort((short) 12).putShort((short) 4);
        b.putShort((short) 7).putShort((short) 2).putShort((short) 11).putShort((short) 2);
        b.putShort((short) 4).putShort((short) 1);
        return b.array();
    }

    /** A v9 data datagram of {@code n} records of template 256, numbered from {@code first}. */
    static byte[] v9Data(int sequence, int first, int n) {
        int set = 4 + n * 13;
        int pad = (4 - set % 4) % 4;
        var b = ByteBuffer.allocate(20 + set + pad);
        b.putShort((short) 9).putShort((short) n).putInt(1000).putInt(1_700_000_000).putInt(sequence).putInt(0);
        b.putShort((short) 256).putShort((short) (set + pad));
        for (int i = 0; i < n; i++) {
            int k = first + i;
            b.putInt(0x0a000000 | (k & 0xffffff)).putInt(0xc0a80001).putShort((short) (1024 + k % 60000))
                    .putShort((short) 443).put((byte) 6);
        }
        return b.array();
    }

    static byte[] v9() {
        var out = new ByteArrayOutputStream();
        int[] header = {0, 9, 0, 2, 0, 0, 3, 232, 0x65, 0x53, (byte) 0xf1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        for (int b : header) out.write(b);
        int[] template = {0, 0, 0, 24, 1, 0, 0, 4, 0, 8, 0, 4, 0, 12, 0, 4, 0, 7, 0, 2, 0, 11, 0, 2};
        for (int b : template) out.write(b);
        int[] data = {1, 0, 0, 16, 10, 0, 0, 1, 10, 0, 0, 2, 0, 80, 0, 81};
        for (int b : data) out.write(b);
        return out.toByteArray();
    }
}
