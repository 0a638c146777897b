package io.sluice.protocol.dhcp;

import io.sluice.protocol.CaptureConversations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * TEST SCAFFOLDING: the per-message {@link DhcpMessage}s of a capture in capture order, which the
 * pipeline's aggregation ({@link DhcpExchanges}) does not pass on: each conversation replayed into
 * a DHCP dissector.
 */
final class MessagesOf {
    private MessagesOf() {}

    static List<DhcpMessage> capture(Path pcap) throws Exception {
        List<DhcpMessage> out = new ArrayList<>();
        for (var c : CaptureConversations.read(pcap)) {
            out.addAll(c.replay(DhcpProtocol.SIGNATURE.create()).eventsOf(DhcpMessage.class));
        }
        out.sort(Comparator.comparingLong(DhcpMessage::tsNanos));
        return out;
    }
}
