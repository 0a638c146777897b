package io.sluice.ingest.netflow;

/** Callbacks in datagram order; the view is reused, so copy what must outlive a call. */
public interface SflowListener {
    default void onDatagram(SflowView v) { }

    default void onSample(SflowView v) { }

    /** A record of the current sample; its known fields are decoded, others are only framed. */
    default void onRecord(SflowView v) { }

    default void onSampleEnd(SflowView v) { }
}
