package io.sluice.bench;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ProtocolSignature;
import io.sluice.protocol.dns.DnsProtocol;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.quic.QuicProtocol;
import io.sluice.protocol.ssh.SshProtocol;
import io.sluice.protocol.tls.TlsProtocol;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One protocol dissector over one typical conversation (see {@link Conversations}; QUIC's is read
 * from a corpus capture, parameter {@code quicCapture}), from a fresh
 * dissector to its end, with events handed to a Blackhole. Score: conversations per second; the
 * identification step (the signature on the first chunk) is included, as the stream layer runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DissectorBenchmark {

    @Param({"dns", "http", "tls", "ssh", "quic"})
    public String protocol;

    /** Where the QUIC conversation is read from (relative to the repository root, where run-jmh.sh runs). */
    @Param("../shared/corpus/fingerprints/ja4/quic-tls-handshake.pcapng")
    public String quicCapture;

    private ProtocolSignature signature;
    private ByteBuffer[] chunks;
    private boolean[] fromOrig;
    private Context ctx;

    /** The stream layer's view of one connection, minus the stream layer. */
    private static final class Context implements DissectorContext {
        private final ConnId id = new ConnId("10.0.0.1", 51544, "203.0.113.80", 443);
        private final String proto;
        Blackhole bh;
        int events;

        Context(String proto) {
            this.proto = proto;
        }

        @Override public String uid() {
            return "CBench000000000001";
        }

        @Override public ConnId id() {
            return id;
        }

        @Override public String proto() {
            return proto;
        }

        @Override public long tsNanos() {
            return 1_772_442_000_000_000_000L;
        }

        @Override public boolean origIsLocal() {
            return true;
        }

        @Override public boolean respIsLocal() {
            return false;
        }

        @Override public void emit(Event event) {
            events++;
            if (bh != null) bh.consume(event);
        }

        @Override public void confirm(String name) {
            if (bh != null) bh.consume(name);
        }

        @Override public void weird(String name, String addl) {
            if (bh != null) bh.consume(name);
        }
    }

    @Setup
    public void setup() throws io.sluice.capture.CaptureException {
        signature = switch (protocol) {
            case "dns" -> DnsProtocol.SIGNATURE;
            case "http" -> HttpProtocol.SIGNATURE;
            case "tls" -> TlsProtocol.SIGNATURE;
            case "ssh" -> SshProtocol.SIGNATURE;
            case "quic" -> QuicProtocol.SIGNATURE;
            default -> throw new IllegalArgumentException(protocol);
        };
        List<Conversations.Chunk> conv = protocol.equals("quic")
                ? Conversations.fromCapture(java.nio.file.Path.of(quicCapture), signature)
                : Conversations.of(protocol);
        chunks = new ByteBuffer[conv.size()];
        fromOrig = new boolean[conv.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = ByteBuffer.wrap(conv.get(i).bytes()).asReadOnlyBuffer();
            fromOrig[i] = conv.get(i).fromOrig();
        }
        ctx = new Context(protocol.equals("dns") || protocol.equals("quic") ? "udp" : "tcp");
        ByteBuffer first = chunks[0];
        if (!signature.matches(fromOrig[0], first, 0, first.limit(), 51544, 443)) {
            throw new IllegalStateException(protocol + ": the signature does not recognise the benchmark conversation");
        }
        run(); // a dry run: the conversation must produce the protocol's log row, or the score means nothing
        if (ctx.events == 0) throw new IllegalStateException(protocol + ": the benchmark conversation produced no event");
    }

    private void run() {
        Dissector d = signature.create();
        for (int i = 0; i < chunks.length && d.wantsMore(); i++) {
            ByteBuffer b = chunks[i];
            d.onData(fromOrig[i], b, 0, b.limit(), ctx);
        }
        d.onEnd(ctx);
    }

    @Benchmark
    public void conversation(Blackhole bh) {
        ctx.bh = bh;
        ByteBuffer first = chunks[0];
        bh.consume(signature.matches(fromOrig[0], first, 0, first.limit(), 51544, 443));
        run();
    }
}
