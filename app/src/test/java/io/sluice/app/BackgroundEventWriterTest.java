package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BackgroundEventWriterTest {
    private static final ConnId ID = new ConnId("10.0.0.1", 1234, "10.0.0.2", 80);

    private static TunnelEvent event(int i) {
        return new TunnelEvent(i, "C" + i, ID, "Tunnel::GRE", "Tunnel::DISCOVER");
    }

    /** Records tunnel events; fails on the n-th with the given exception (n < 0: never). */
    private static final class Sink implements FlowListener {
        final List<Long> seen = new ArrayList<>();
        final int failAt;
        final RuntimeException failure;

        Sink(int failAt, RuntimeException failure) {
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override public void connectionCreated(ConnectionCreation event) {}

        @Override public void flowEnded(FlowRecord record) {}

        @Override public void tunnel(TunnelEvent event) {
            if (seen.size() == failAt) throw failure;
            seen.add(event.tsNanos());
        }

        /** Flushes and quiet spells are recorded in the same list, as negative numbers: -1 a flush, -clock a quiet spell. */
        @Override public void flushOutput() {
            seen.add(-1L);
        }

        @Override public void quietUntil(long clockNanos) {
            seen.add(-clockNanos);
        }
    }

    @Test
    void flushesAndQuietSpellsReachTheWriterThreadInOrderWithTheEvents() {
        var sink = new Sink(-1, null);
        var writer = new BackgroundEventWriter(sink);
        writer.tunnel(event(1));
        writer.tunnel(event(2));
        writer.flushOutput(); // a partial batch goes first
        writer.tunnel(event(3));
        writer.quietUntil(500);
        writer.quietUntil(600);
        writer.tunnel(event(4));
        writer.close();
        assertThat(sink.seen).containsExactly(1L, 2L, -1L, 3L, -500L, -600L, 4L);
    }

    @Test
    void deliversEveryEventInOrderOnClose() {
        var sink = new Sink(-1, null);
        var writer = new BackgroundEventWriter(sink);
        for (int i = 0; i < 100_000; i++) writer.tunnel(event(i));
        writer.close();
        assertThat(sink.seen).hasSize(100_000);
        for (int i = 0; i < sink.seen.size(); i++) assertThat(sink.seen.get(i)).isEqualTo(i);
    }

    @Test
    @Timeout(30)
    void aWriteFailureReachesThePacketThreadWithoutBlockingIt() {
        var writer = new BackgroundEventWriter(new Sink(10, new UncheckedIOException(new IOException("disk full"))));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 5_000_000; i++) writer.tunnel(event(i));
            writer.close();
        }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
    }

    @Test
    @Timeout(30)
    void aBugInFormattingIsReportedAndNeverDeadlocks() {
        var writer = new BackgroundEventWriter(new Sink(3, new IllegalArgumentException("bad field")));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 5_000_000; i++) writer.tunnel(event(i));
            writer.close();
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("bad field");
    }
}
