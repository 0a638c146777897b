package io.sluice.capture;

/**
 * A packet source that waits for traffic: a live interface. Besides packets it reports the
 * quiet spells between them, so that a consumer can let time pass without traffic (flows time
 * out, logs are flushed) the way it passes with it.
 *
 * <p>Packet timestamps and {@link #idleNanos()} come from one clock, the capturing kernel's, so
 * a quiet spell moves time on exactly as a packet arriving at that moment would.
 */
public interface LiveSource extends PacketSource {

    /** What one {@link #poll} found. */
    enum Poll {
        /** A packet is current, as after {@link #next()} returned true. */
        PACKET,
        /** No packet came within the source's read timeout; {@link #idleNanos()} says when that was. */
        IDLE,
        /** The source was stopped (a signal, a packet or time limit) or its interface went away. */
        END
    }

    /**
     * Waits for the next packet, at most the source's read timeout.
     *
     * @throws CaptureException when the capture fails (the interface went down); every packet
     *     returned before stays valid and the source is finished
     */
    Poll poll() throws CaptureException;

    /** When the last {@link Poll#IDLE} was seen, nanoseconds since the Unix epoch. */
    long idleNanos();

    /** Skips quiet spells: a live source also works wherever any {@link PacketSource} does. */
    @Override
    default boolean next() throws CaptureException {
        Poll p;
        do {
            p = poll();
        } while (p == Poll.IDLE);
        return p == Poll.PACKET;
    }
}
