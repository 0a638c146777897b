package io.sluice.event;

/**
 * Everything the engine tells the analytics and the sinks. Every source (captures, flow exports,
 * logs) ends in these same records, so an analytic works on any source that carries its fields.
 * Records are built only when an event is emitted, never per packet.
 */
public sealed interface Event extends LogEntry permits ConnectionCreation, FlowRecord, TunnelEvent, ContentEvent {

    /** Event time, nanoseconds since the Unix epoch (the traffic's own clock). */
    long tsNanos();

    /** The DS0029 data component this event belongs to. */
    Ds0029Component component();
}
