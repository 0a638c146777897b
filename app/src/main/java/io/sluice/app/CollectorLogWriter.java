package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogEntry;
import io.sluice.ingest.netflow.InterfaceCounters;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The collector's output thread: formats and writes the rows the decoding threads produce, so
 * decoding and JSON encoding run on different cores. Each decoding thread gets a {@link Producer}
 * that fills batches of {@value #BATCH} rows; full batches travel to this thread through a bounded
 * queue and come back empty through a pool, so nothing is allocated per row on the way. When the
 * output cannot keep up, the pool runs dry and the decoding threads wait (back-pressure); their
 * datagram rings then fill and the receiving threads count the datagrams they cannot keep.
 *
 * <p>{@code creations=false} leaves connection_creation rows out (see docs/flow-exports.md).
 * A write failure stops writing (the rest is discarded so the decoders never block for ever) and
 * is reported by {@link #failed()}.
 */
final class CollectorLogWriter implements AutoCloseable {
    static final int BATCH = 1024;
    private static final int BATCHES = 32;
    private static final Batch END = new Batch();

    private static final class Batch {
        final LogEntry[] rows = new LogEntry[BATCH];
        int size;
    }

    private final LogDirectory logs;
    private final boolean creations;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile long flowRows;
    private volatile long waitNanos;
    private volatile IOException failure;

    CollectorLogWriter(LogDirectory logs, boolean creations) {
        this.logs = logs;
        this.creations = creations;
        for (int i = 0; i < BATCHES; i++) empty.add(new Batch());
        thread = new Thread(this::drain, "collect-writer");
        thread.start();
    }

    /** A sink for one decoding thread (not thread-safe itself; one per thread). */
    Producer producer() {
        return new Producer();
    }

    /** conn.log rows written so far. */
    long flowRows() {
        return flowRows;
    }

    /** Time the decoding threads spent waiting for an empty batch, i.e. for the output (nanoseconds). */
    long waitNanos() {
        return waitNanos;
    }

    boolean failed() {
        return failure != null;
    }

    IOException failure() {
        return failure;
    }

    private void drain() {
        try {
            while (true) {
                Batch b = full.take();
                if (b == END) return;
                long flows = 0;
                if (failure == null) {
                    try {
                        LogEntry[] rows = b.rows;
                        for (int i = 0; i < b.size; i++) {
                            LogEntry e = rows[i];
                            logs.write(e);
                            if (e instanceof FlowRecord) flows++;
                        }
                    } catch (IOException e) {
                        failure = e;
                        System.getLogger(CollectorLogWriter.class.getName()).log(System.Logger.Level.ERROR,
                                "cannot write logs: " + e.getMessage());
                    }
                }
                flowRows += flows; // this thread is the only writer
                java.util.Arrays.fill(b.rows, 0, b.size, null);
                b.size = 0;
                empty.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes what the producers handed over and stops the thread. Producers must have been
     * {@linkplain Producer#flush flushed} by their threads first. The log folder stays open.
     */
    @Override
    public void close() throws InterruptedException {
        if (!thread.isAlive()) return;
        full.put(END);
        thread.join();
    }

    /** Batches one decoding thread's rows. */
    final class Producer implements FlowCollector.Sink {
        private Batch batch;

        @Override
        public void event(Event event) {
            if (!creations && event instanceof ConnectionCreation) return;
            add((LogEntry) event);
        }

        @Override
        public void counters(InterfaceCounters counters) {
            add(counters);
        }

        private void add(LogEntry row) {
            Batch b = batch;
            if (b == null) b = batch = takeEmpty();
            b.rows[b.size++] = row;
            if (b.size == BATCH) flush();
        }

        /** Hands the rows held so far to the writer (called when the ring is empty, and at the end). */
        @Override
        public void flush() {
            Batch b = batch;
            if (b == null || b.size == 0) return;
            batch = null;
            try {
                full.put(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Batch takeEmpty() {
            Batch b = empty.poll();
            if (b != null) return b;
            long t0 = System.nanoTime();
            try {
                b = empty.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                b = new Batch(); // stopping: never lose the row for want of a batch
            }
            long waited = System.nanoTime() - t0;
            synchronized (CollectorLogWriter.this) {
                waitNanos += waited;
            }
            return b;
        }
    }
}
