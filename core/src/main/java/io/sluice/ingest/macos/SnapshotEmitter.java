package io.sluice.ingest.macos;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one snapshot of a connection table into {@code ConnectionCreation}s. A snapshot shows
 * connections that exist, not who opened them: a connection whose local port is a port this host
 * listens on (in the same snapshot, same protocol) is taken as inbound (the remote end is the
 * originator); every other connection as outbound. TCP states past the handshake (ESTABLISHED,
 * CLOSE_WAIT, FIN_WAIT, ...) give outcome established; SYN_SENT and UDP give unknown.
 */
final class SnapshotEmitter {
    private SnapshotEmitter() {}

    static void emit(List<SnapshotSocket> sockets, long tsNanos, String source, IngestContext context) {
        Set<String> listening = new HashSet<>();
        for (SnapshotSocket s : sockets) {
            if (s.listening()) listening.add(s.proto() + "/" + s.localPort());
        }
        for (SnapshotSocket s : sockets) {
            if (s.listening()) continue;
            boolean inbound = listening.contains(s.proto() + "/" + s.localPort());
            String oh = inbound ? s.remote() : s.local();
            int op = inbound ? s.remotePort() : s.localPort();
            String rh = inbound ? s.local() : s.remote();
            int rp = inbound ? s.localPort() : s.remotePort();
            context.emit(IngestEvents.creation(context, tsNanos, context.newUid(), oh, op, rh, rp, s.proto(),
                    outcome(s), source, null, s.process()));
        }
    }

    private static Outcome outcome(SnapshotSocket s) {
        if (s.proto() != 6 || s.state() == null) return Outcome.UNKNOWN;
        return switch (s.state()) {
            case "SYN_SENT", "SYNSENT", "SYN_RECEIVED", "SYN_RCVD", "CLOSED", "LISTEN" -> Outcome.UNKNOWN;
            default -> Outcome.ESTABLISHED;
        };
    }
}
