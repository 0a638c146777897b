package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogEntry;
import io.sluice.ingest.netflow.InterfaceCounters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The collector's output: formats and writes the rows the decoding threads produce, on threads of
 * its own, so decoding and JSON encoding run on different cores. Two lanes, each a thread with its
 * own {@link LogDirectory} over the same folder: conn.log, and the rest (connection_creation.log,
 * sflow_counters.log); so with four cores the two large logs are encoded side by side.
 *
 * <p>Each decoding thread gets a {@link Producer} that fills batches of {@value #BATCH} rows per
 * lane; full batches travel to the lane's thread through a bounded queue and come back empty
 * through a pool, so nothing is allocated per row on the way. When the output cannot keep up, a
 * pool runs dry and the decoding threads wait (back-pressure, timed in {@link #waitNanos()}); their
 * datagram rings then fill and the receiving threads count the datagrams they cannot keep.
 *
 * <p>{@code creations=false} leaves connection_creation rows out (see docs/flow-exports.md). A
 * write failure stops that lane's writing (the rest is discarded so the decoders never block for
 * ever) and is reported by {@link #failed()}.
 */
final class CollectorLogWriter implements AutoCloseable {
    static final int BATCH = 1024;
    private static final int BATCHES = 32;

    private static final class Batch {
        final LogEntry[] rows = new LogEntry[BATCH];
        int size;
    }

    private static final Batch END = new Batch();

    /** One output thread and its log files. */
    private static final class Lane {
        final LogDirectory logs;
        final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
        final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES);
        final Thread thread;
        volatile long rows;
        volatile IOException failure;
        volatile long cpuNanos = -1;

        Lane(LogDirectory logs, String name) {
            this.logs = logs;
            for (int i = 0; i < BATCHES; i++) empty.add(new Batch());
            thread = new Thread(this::drain, name);
        }

        private void drain() {
            try {
                while (true) {
                    Batch b = full.take();
                    if (b == END) return;
                    if (failure == null) {
                        try {
                            LogEntry[] rows = b.rows;
                            for (int i = 0; i < b.size; i++) logs.write(rows[i]);
                        } catch (IOException e) {
                            failure = e;
                            System.getLogger(CollectorLogWriter.class.getName()).log(System.Logger.Level.ERROR,
                                    "cannot write logs: " + e.getMessage());
                        }
                    }
                    rows += b.size; // this thread is the only writer
                    java.util.Arrays.fill(b.rows, 0, b.size, null);
                    b.size = 0;
                    empty.put(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                cpuNanos = ThreadCpu.current();
            }
        }
    }

    private final Lane conn;
    private final Lane other;
    private final boolean creations;
    private long waitNanos;

    /**
     * @param connLogs where conn.log goes; written by this writer's first thread only until {@link #close}
     * @param otherLogs where the other logs go (may be the same folder, not the same object)
     */
    CollectorLogWriter(LogDirectory connLogs, LogDirectory otherLogs, boolean creations) {
        if (connLogs == otherLogs) throw new IllegalArgumentException("each lane needs its own LogDirectory");
        this.conn = new Lane(connLogs, "collect-write-conn");
        this.other = new Lane(otherLogs, "collect-write-other");
        this.creations = creations;
        conn.thread.start();
        other.thread.start();
    }

    /** A sink for one decoding thread (not thread-safe itself; one per thread). */
    Producer producer() {
        return new Producer();
    }

    /** conn.log rows written so far. */
    long flowRows() {
        return conn.rows;
    }

    /** Time the decoding threads spent waiting for the output, in nanoseconds. */
    synchronized long waitNanos() {
        return waitNanos;
    }

    private synchronized void waited(long nanos) {
        waitNanos += nanos;
    }

    /** CPU time of the conn.log thread, after {@link #close()}; -1 when unknown. */
    long connCpuNanos() {
        return conn.cpuNanos;
    }

    /** CPU time of the thread writing the other logs, after {@link #close()}; -1 when unknown. */
    long otherCpuNanos() {
        return other.cpuNanos;
    }

    boolean failed() {
        return failure() != null;
    }

    /** The first write failure of either lane, or null. */
    IOException failure() {
        return conn.failure != null ? conn.failure : other.failure;
    }

    /** Rows written per log over both lanes (after {@link #close}). */
    Map<String, Long> rowCounts() {
        var counts = new LinkedHashMap<String, Long>(conn.logs.rowCounts());
        counts.putAll(other.logs.rowCounts());
        return counts;
    }

    /**
     * Writes what the producers handed over and stops the threads. Producers must have been
     * {@linkplain Producer#flush flushed} by their threads first. The log folders stay open.
     */
    @Override
    public void close() throws InterruptedException {
        for (Lane l : new Lane[] {conn, other}) {
            if (l.thread.isAlive()) {
                l.full.put(END);
                l.thread.join();
            }
        }
    }

    /** Batches one decoding thread's rows, a batch per lane. */
    final class Producer implements FlowCollector.Sink {
        private Batch connBatch;
        private Batch otherBatch;

        @Override
        public void event(Event event) {
            if (event instanceof FlowRecord r) {
                Batch b = connBatch;
                if (b == null) b = connBatch = takeEmpty(conn);
                b.rows[b.size++] = r;
                if (b.size == BATCH) connBatch = handOver(conn, b);
            } else if (creations || !(event instanceof ConnectionCreation)) {
                addOther(event);
            }
        }

        @Override
        public void counters(InterfaceCounters counters) {
            addOther(counters);
        }

        private void addOther(LogEntry row) {
            Batch b = otherBatch;
            if (b == null) b = otherBatch = takeEmpty(other);
            b.rows[b.size++] = row;
            if (b.size == BATCH) otherBatch = handOver(other, b);
        }

        /** Hands the rows held so far to the lanes (called when the ring is empty, and at the end). */
        @Override
        public void flush() {
            if (connBatch != null && connBatch.size > 0) connBatch = handOver(conn, connBatch);
            if (otherBatch != null && otherBatch.size > 0) otherBatch = handOver(other, otherBatch);
        }

        private Batch handOver(Lane lane, Batch b) {
            try {
                lane.full.put(b); // never waits: there are fewer batches than the queue holds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        private Batch takeEmpty(Lane lane) {
            Batch b = lane.empty.poll();
            if (b != null) return b;
            long t0 = System.nanoTime();
            try {
                b = lane.empty.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                b = new Batch(); // stopping: never lose the row for want of a batch
            }
            waited(System.nanoTime() - t0);
            return b;
        }
    }
}
