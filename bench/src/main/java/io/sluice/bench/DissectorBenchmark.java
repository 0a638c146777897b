package io.sluice.bench;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * from a corpus capture, parameter {@code quicCapture}), from a fresh dissector to its end, with
 * events handed to a Blackhole. Score: conversations per second; the identification step (the
 * signature on the first chunk, with the protocol's usual ports) is included, as the stream layer
 * runs it. nbns, llmnr and mdns are the DNS dissector on those services' ports; kerberos is UDP,
 * kerberos-tcp the same dissector over TCP. ICMP and ARP are not here: they have no
 * {@link Dissector} (the flow layer calls {@code IcmpDissector.onMessage} per packet, and
 * {@code ArpLog} reads decoded {@code Packet}s outside any flow).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DissectorBenchmark {

    @Param({"dns", "nbns", "llmnr", "mdns", "http", "tls", "ssh", "quic", "smb", "dcerpc", "kerberos", "kerberos-tcp",
        "ldap", "rdp", "smtp", "ftp", "tftp", "snmp", "ntp", "dhcp"})
    public String protocol;

    /** Where the QUIC conversation is read from (relative to the repository root, where run-jmh.sh runs). */
    @Param("../shared/corpus/fingerprints/ja4/quic-tls-handshake.pcapng")
    public String quicCapture;

    private ProtocolSignature signature;
    private ByteBuffer[] chunks;
    private boolean[] fromOrig;
    private int origPort, respPort;
    private Context ctx;

    /** The stream layer's view of one connection, minus the stream layer. */
    private static final class Context implements DissectorContext {
        private final ConnId id;
        private final String proto;
        Blackhole bh;
        /** Set during the dry run only: what the conversation logged. */
        List<Event> seen;

        Context(ConnId id, String proto) {
            this.id = id;
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
            if (seen != null) seen.add(event);
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
        DissectorCase c = DissectorCase.of(protocol);
        signature = c.signature();
        List<Conversations.Chunk> conv = protocol.equals("quic")
                ? Conversations.fromCapture(java.nio.file.Path.of(quicCapture), signature)
                : Conversations.of(protocol);
        chunks = new ByteBuffer[conv.size()];
        fromOrig = new boolean[conv.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = ByteBuffer.wrap(conv.get(i).bytes()).asReadOnlyBuffer();
            fromOrig[i] = conv.get(i).fromOrig();
        }
        ctx = new Context(c.id(), c.proto());
        origPort = c.id().origP();
        respPort = c.id().respP();
        ByteBuffer first = chunks[0];
        if (!signature.matches(fromOrig[0], first, 0, first.limit(), origPort, respPort)) {
            throw new IllegalStateException(protocol + ": the signature does not recognise the benchmark conversation");
        }
        // A dry run: the conversation must produce the protocol's log rows, or the score means nothing.
        ctx.seen = new ArrayList<>();
        run();
        if (!c.logged().test(ctx.seen)) {
            throw new IllegalStateException(protocol + ": the benchmark conversation should log " + c.expected()
                    + " but logged " + ctx.seen);
        }
        ctx.seen = null;
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
        bh.consume(signature.matches(fromOrig[0], first, 0, first.limit(), origPort, respPort));
        run();
    }
}
