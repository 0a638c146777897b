package io.sluice.protocol.ssh;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.http.TunnelledConversations.Flow;
import java.nio.ByteBuffer;

/**
 * Replays a corpus flow into an {@link SshDissector} the way the stream layer is meant to: stream
 * bytes per segment through {@code onData}, and every TCP packet through {@code onPacket} (for
 * JA4SSH), in capture order.
 */
final class SshConformanceSupport {
    private SshConformanceSupport() {}

    /** Null unless the flow is TCP and its first payload looks like SSH. */
    static RecordingContext replay(Flow flow) {
        var c = flow.conversation();
        if (!c.proto().equals("tcp") || c.chunks().isEmpty()) return null;
        var first = c.chunks().get(0);
        if (!SshProtocol.SIGNATURE.matches(first.fromOrig(), ByteBuffer.wrap(first.bytes()), 0, first.bytes().length,
                c.id().origP(), c.id().respP())) {
            // a server may send other lines before its banner: try the client's first bytes
            var firstClient = c.chunks().stream().filter(x -> x.fromOrig()).findFirst().orElse(null);
            if (firstClient == null || !SshProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(firstClient.bytes()), 0,
                    firstClient.bytes().length, c.id().origP(), c.id().respP())) {
                return null;
            }
        }
        var d = (SshDissector) SshProtocol.SIGNATURE.create();
        var ctx = new RecordingContext("C" + Integer.toHexString(c.id().hashCode()), c.id(), "tcp");
        // chunks and segments are both in capture order; interleave them by timestamp
        var chunks = c.chunks();
        var segs = flow.segments();
        int ci = 0;
        for (var s : segs) {
            while (ci < chunks.size() && chunks.get(ci).tsNanos() < s.tsNanos()) deliver(d, ctx, chunks.get(ci++));
            ctx.ts = s.tsNanos();
            d.onPacket(s.fromOrig(), s.payloadLength(), s.payloadLength() == 0 && (s.tcpFlags() & 0x17) == 0x10, ctx);
            while (ci < chunks.size() && chunks.get(ci).tsNanos() == s.tsNanos()) deliver(d, ctx, chunks.get(ci++));
        }
        while (ci < chunks.size()) deliver(d, ctx, chunks.get(ci++));
        d.onEnd(ctx);
        return ctx;
    }

    private static void deliver(SshDissector d, RecordingContext ctx, io.sluice.protocol.CaptureConversations.Chunk c) {
        ctx.ts = c.tsNanos();
        d.onData(c.fromOrig(), ByteBuffer.wrap(c.bytes()), 0, c.bytes().length, ctx);
    }
}
