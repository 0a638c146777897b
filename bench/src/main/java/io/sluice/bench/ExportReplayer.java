package io.sluice.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends NetFlow v9 or IPFIX records to a collector at a fixed rate (or as fast as it can), for
 * {@code bench/collector-throughput.sh}: a template first and again every 1,000 datagrams (a
 * refresh, as exporters do), then data datagrams of 40 records.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.ExportReplayer HOST PORT 9|10 RECORDS RATE</pre>
 * RATE is records per second, 0 for unlimited. Pacing sleeps whenever the sender is a millisecond
 * or more ahead of its schedule and sends without waiting otherwise, so the rate is exact over any
 * millisecond and the replayer needs little CPU (it used to spin a core between datagrams, which on
 * a 2-core machine left the collector one core). Prints
 * "sent RECORDS records in DATAGRAMS datagrams (TEMPLATES templates) in SECONDS s (RATE/s)".
 */
public final class ExportReplayer {
    /** How far ahead of schedule the sender may run before it sleeps: bursts of at most a millisecond. */
    private static final long PARK_NANOS = 1_000_000;

    private ExportReplayer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ExportReplayer HOST PORT 9|10 RECORDS RATE(records/s, 0 = unlimited)");
            System.exit(2);
        }
        var to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int version = Integer.parseInt(args[2]);
        long records = Long.parseLong(args[3]);
        long rate = Long.parseLong(args[4]);
        long datagrams = (records + ExportDatagrams.RECORDS - 1) / ExportDatagrams.RECORDS;
        // Pre-build a ring of data datagrams so that sending measures the socket, not the builder.
        byte[][] ring = new byte[256][];
        for (int i = 0; i < ring.length; i++) ring[i] = ExportDatagrams.data(version, i, (long) i * ExportDatagrams.RECORDS);
        byte[] template = ExportDatagrams.template(version, 0);
        long nanosPerDatagram = rate > 0 ? 1_000_000_000L * ExportDatagrams.RECORDS / rate : 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ByteBuffer t = ByteBuffer.wrap(template);
            long templates = 0;
            long start = System.nanoTime();
            for (long d = 0; d < datagrams; d++) {
                if (d % 1000 == 0) {
                    t.clear();
                    ch.write(t);
                    templates++;
                }
                ch.write(ByteBuffer.wrap(ring[(int) (d & 255)]));
                if (nanosPerDatagram > 0) {
                    long ahead = start + (d + 1) * nanosPerDatagram - System.nanoTime();
                    if (ahead >= PARK_NANOS) LockSupport.parkNanos(ahead);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            long sent = datagrams * ExportDatagrams.RECORDS;
            System.out.printf("sent %d records in %d datagrams (%d templates) in %.2f s (%.0f/s)%n", sent,
                    datagrams + templates, templates, s, sent / s);
        }
    }
}
