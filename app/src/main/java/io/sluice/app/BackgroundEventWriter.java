package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Moves log formatting and writing off the packet thread: events are batched and handed to a
 * writer thread through a bounded queue, so on two cores the packet path and the output run side
 * by side, and a slow disk slows the packet thread down (back-pressure) instead of filling memory.
 * Events keep their order. A write failure on the writer thread is raised on the packet thread at
 * its next hand-over, as UncheckedIOException.
 */
final class BackgroundEventWriter implements FlowListener, AutoCloseable {
    private static final int BATCH = 1024;
    private static final List<Event> END = List.of();
    /** Asks the writer thread to flush its sink's output (an object of its own: compared by identity). */
    private static final List<Event> FLUSH = new ArrayList<>(0);

    /** Tells the writer thread that the source was quiet until a time (one for each quiet spell: a few a second at most). */
    private static final class Quiet extends ArrayList<Event> {
        final long clockNanos;

        Quiet(long clockNanos) {
            super(0);
            this.clockNanos = clockNanos;
        }
    }

    private final FlowListener sink;
    private final BlockingQueue<List<Event>> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;
    /** The first failure on the writer thread: an IOException, or a bug (RuntimeException) in formatting. */
    private volatile Throwable failure;
    private List<Event> batch = new ArrayList<>(BATCH);
    private boolean closed;

    /** @param sink where the events go, called on the writer thread only */
    BackgroundEventWriter(FlowListener sink) {
        this.sink = sink;
        this.thread = new Thread(this::drain, "sluice-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void connectionCreated(ConnectionCreation event) {
        add(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        add(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        add(event);
    }

    @Override
    public void content(ContentEvent event) {
        add(event);
    }

    /** Hands over the events batched so far, then has the writer thread flush the sink's output. */
    @Override
    public void flushOutput() {
        handOverThen(FLUSH);
    }

    /** Hands over the events batched so far, then the quiet spell, in that order. */
    @Override
    public void quietUntil(long clockNanos) {
        handOverThen(new Quiet(clockNanos));
    }

    /** The events batched so far, then a marker for the writer thread, in that order. */
    private void handOverThen(List<Event> marker) {
        if (!batch.isEmpty()) handOver();
        checkFailure();
        try {
            queue.put(marker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events to the log writer", e);
        }
    }

    private void add(Event e) {
        batch.add(e);
        if (batch.size() == BATCH) handOver();
    }

    private void handOver() {
        checkFailure();
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events to the log writer", e);
        }
        batch = new ArrayList<>(BATCH);
    }

    private void checkFailure() {
        Throwable f = failure;
        if (f instanceof IOException io) throw new UncheckedIOException(io);
        if (f != null) throw new IllegalStateException("the log writer failed: " + f, f);
    }

    private void drain() {
        try {
            while (true) {
                List<Event> events = queue.take();
                if (events == END) return;
                if (failure != null) continue; // keep draining so the packet thread never blocks forever
                try {
                    if (events == FLUSH) {
                        sink.flushOutput();
                        continue;
                    }
                    if (events instanceof Quiet q) {
                        sink.quietUntil(q.clockNanos);
                        continue;
                    }
                    deliver(events);
                } catch (UncheckedIOException io) {
                    failure = io.getCause();
                } catch (RuntimeException bug) {
                    // Keep draining: a dead writer would leave the packet thread blocked on a full queue.
                    failure = bug;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One batch to the sink; a method of its own so that the JIT compiles it without waiting for the loop in drain. */
    private void deliver(List<Event> events) {
        for (Event e : events) sink.dispatch(e);
    }

    /** Writes what is still queued and waits for the writer; raises a write failure if there was one. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (!batch.isEmpty()) queue.put(batch);
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finishing the logs", e);
        }
        checkFailure();
    }
}
