package io.sluice.detect.analytics;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;

/**
 * What a TCP connection attempt found, read from a {@link ConnectionCreation} (its outcome) or a
 * {@link FlowRecord} (Zeek's {@code conn_state} and history), so the scan analytics work the same
 * on captures, flow exports and host logs.
 *
 * <p>A failed attempt follows Zeek's {@code policy/misc/scan.zeek} ({@code is_failed_conn} and the
 * {@code connection_attempt}/{@code connection_rejected} events): no answer to the SYN, a reset in
 * answer to it, or a handshake the originator reset before either side sent data (a SYN scanner's
 * half-open probe of an open port). Everything else that completed a handshake is {@link #OPEN}.
 */
enum ProbeOutcome {
    /** The SYN was answered by a reset: the port is closed. */
    REFUSED,
    /** Nothing answered the SYN: no host, or a firewall dropped it. */
    UNANSWERED,
    /** The responder answered, the originator reset before any data: a half-open probe. */
    ABANDONED,
    /** A handshake completed (or, in a flow record, data flowed). */
    OPEN,
    /** Not TCP, picked up mid-stream, or not yet known. */
    UNKNOWN;

    boolean failed() {
        return this == REFUSED || this == UNANSWERED || this == ABANDONED;
    }

    /**
     * The scan analytics' key: the originator of a TCP connection attempt (creation or flow) to a
     * unicast address; null for anything else.
     */
    static String prober(Event event) {
        return switch (event) {
            case ConnectionCreation c when c.proto().equals("tcp") && !AddressClasses.isGroup(c.id().respH()) -> c.id().origH();
            case FlowRecord f when f.proto().equals("tcp") && !AddressClasses.isGroup(f.id().respH()) -> f.id().origH();
            default -> null;
        };
    }

    /** The connection of an event {@link #prober} accepted. */
    static ConnId probed(Event event) {
        return event instanceof FlowRecord f ? f.id() : ((ConnectionCreation) event).id();
    }

    static ProbeOutcome of(Event event) {
        return switch (event) {
            case ConnectionCreation c -> c.proto().equals("tcp") ? of(c.outcome()) : UNKNOWN;
            case FlowRecord f -> f.proto().equals("tcp") ? ofConnState(f.connState(), f.history(), f.origBytes(), f.respBytes()) : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    static ProbeOutcome of(ConnectionCreation.Outcome outcome) {
        return switch (outcome) {
            case REJECTED -> REFUSED;
            case UNANSWERED -> UNANSWERED;
            case ESTABLISHED -> OPEN;
            default -> UNKNOWN;
        };
    }

    /** Zeek's conn_state (base/protocols/conn/main.zeek) of a TCP connection. */
    static ProbeOutcome ofConnState(String state, String history, Long origBytes, Long respBytes) {
        if (state == null) return UNKNOWN;
        return switch (state) {
            case "REJ" -> REFUSED;
            case "S0", "SH", "RSTOS0" -> UNANSWERED;
            case "RSTO" -> noData(history, origBytes, respBytes) && sawSyn(history) ? ABANDONED : OPEN;
            case "SF", "S1", "S2", "S3", "RSTR" -> OPEN;
            default -> UNKNOWN; // OTH, RSTRH, SHR: no SYN from the originator was seen
        };
    }

    private static boolean noData(String history, Long origBytes, Long respBytes) {
        if (history != null && (history.indexOf('D') >= 0 || history.indexOf('d') >= 0)) return false;
        return (origBytes == null || origBytes == 0) && (respBytes == null || respBytes == 0);
    }

    private static boolean sawSyn(String history) {
        return history == null || history.indexOf('S') >= 0;
    }
}
