package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.netflow.DropReason;
import io.sluice.ingest.netflow.ExporterStats;
import io.sluice.ingest.netflow.InterfaceCounters;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The collector over loopback: garbage is counted per exporter and it keeps serving. */
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
