package io.sluice.protocol.snmp;

import static io.sluice.protocol.snmp.SnmpBytes.binding;
import static io.sluice.protocol.snmp.SnmpBytes.community;
import static io.sluice.protocol.snmp.SnmpBytes.nul;
import static io.sluice.protocol.snmp.SnmpBytes.octets;
import static io.sluice.protocol.snmp.SnmpBytes.pdu;
import static io.sluice.protocol.snmp.SnmpBytes.tlv;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SnmpDissectorTest {
    static final long S = 1_000_000_000L;

    static void feed(Dissector d, RecordingContext ctx, boolean fromOrig, long ts, byte[] m) {
        ctx.ts = ts;
        d.onData(fromOrig, ByteBuffer.wrap(m), 0, m.length, ctx);
    }

    @Test
    void v2cSessionCountsBindingsPerKindAsZeek() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 161);
        var d = SnmpProtocol.SIGNATURE.create();
        feed(d, ctx, true, 10 * S, community(1, "public", pdu(0xa0, 1, 0, 0,
                binding("1.3.6.1.2.1.1.1.0", nul()), binding("1.3.6.1.2.1.1.3.0", nul()))));
        feed(d, ctx, false, 10 * S + 5_000_000, community(1, "public", pdu(0xa2, 1, 0, 0,
                binding("1.3.6.1.2.1.1.1.0", octets("Linux router")),
                binding("1.3.6.1.2.1.1.3.0", tlv(0x43, new byte[] {0x00, (byte) 0x98, (byte) 0x96, (byte) 0x80})))));
        feed(d, ctx, true, 11 * S, community(1, "private", pdu(0xa5, 2, 1, 25, binding("1.3.6.1.2.1.2.2", nul()))));
        feed(d, ctx, true, 12 * S, community(1, "private", pdu(0xa3, 3, 0, 0, binding("1.3.6.1.2.1.1.5.0", octets("x")))));
        assertThat(ctx.events).isEmpty();
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(SnmpSession.class)).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo("2c");
            assertThat(s.community()).isEqualTo("public");
            assertThat(s.getRequests()).isEqualTo(2);
            assertThat(s.getResponses()).isEqualTo(2);
            assertThat(s.getBulkRequests()).isEqualTo(1);
            assertThat(s.setRequests()).isEqualTo(1);
            assertThat(s.displayString()).isEqualTo("Linux router");
            assertThat(s.upSinceNanos()).isEqualTo(10 * S + 5_000_000 - 100_000 * S); // 10,000,000 ticks
            assertThat(s.durationNanos()).isEqualTo(2 * S);
            assertThat(s.pduTypes()).containsExactly("get_request", "response", "get_bulk_request", "set_request");
            assertThat(s.oids()).containsExactly("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.2.2", "1.3.6.1.2.1.1.5.0");
            assertThat(s.bulkNonRepeaters()).isEqualTo(1);
            assertThat(s.bulkMaxRepetitions()).isEqualTo(25);
        });
        assertThat(ctx.confirmed).containsExactly("snmp");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void v3TakesTheFirstNonEmptyUserNameAndCountsEncryptedPdus() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 161);
        var d = SnmpProtocol.SIGNATURE.create();
        feed(d, ctx, true, S, SnmpBytes.v3("", pdu(0xa0, 1, 0, 0), false));
        feed(d, ctx, true, S, SnmpBytes.v3("admin", pdu(0xa0, 1, 0, 0, binding("1.3.6.1.2.1.1.6.0", nul())), false));
        feed(d, ctx, true, S, SnmpBytes.v3("admin", null, true));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(SnmpSession.class)).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo("3");
            assertThat(s.community()).isEqualTo("admin");
            assertThat(s.getRequests()).isEqualTo(1);
            assertThat(s.encryptedPdus()).isEqualTo(1);
        });
    }

    @Test
    void v1TrapIsRecognised() {
        byte[] trap = tlv(0xa4, SnmpBytes.oid("1.3.6.1.4.1.9"), tlv(0x40, new byte[] {10, 0, 0, 1}), SnmpBytes.integer(6),
                SnmpBytes.integer(1), tlv(0x43, new byte[] {1}), tlv(0x30, binding("1.3.6.1.4.1.9.1", SnmpBytes.integer(5))));
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 162);
        var d = SnmpProtocol.SIGNATURE.create();
        byte[] m = community(0, "public", trap);
        assertThat(SnmpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(m), 0, m.length, 40000, 162)).isTrue();
        feed(d, ctx, true, S, m);
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(SnmpSession.class)).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo("1");
            assertThat(s.pduTypes()).containsExactly("trap");
            assertThat(s.oids()).containsExactly("1.3.6.1.4.1.9.1");
        });
    }

    @Test
    void everyTruncationIsSafeAndWeird() {
        byte[] m = community(1, "public", pdu(0xa0, 1, 0, 0, binding("1.3.6.1.2.1.1.1.0", nul())));
        for (int n = 1; n < m.length; n++) {
            var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 161);
            var d = SnmpProtocol.SIGNATURE.create();
            feed(d, ctx, true, S, Arrays.copyOf(m, n));
            d.onEnd(ctx);
            assertThat(ctx.weirds).as("prefix %d", n).isNotEmpty();
        }
    }

    @Test
    void signatureRejectsOtherBer() {
        byte[] ldap = tlv(0x30, SnmpBytes.integer(1), tlv(0x60, SnmpBytes.integer(3)));
        assertThat(SnmpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(ldap), 0, ldap.length, 40000, 161)).isFalse();
        byte[] m = community(1, "public", pdu(0xa0, 1, 0, 0));
        assertThat(SnmpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(m), 0, m.length, 40000, 5000)).isTrue();
        assertThat(SnmpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(m), 0, m.length - 1, 40000, 161)).isFalse();
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 161);
        var d = SnmpProtocol.SIGNATURE.create();
        SnmpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(bytes), 0, bytes.length, 40000, 161);
        feed(d, ctx, true, S, bytes);
        d.onEnd(ctx);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        byte[] base = community(1, "public", pdu(0xa5, 1, 0, 10, binding("1.3.6.1.2.1.1.1.0", nul()),
                binding("1.3.6.1.2.1.1.3.0", tlv(0x43, new byte[] {1, 2}))));
        return Arbitraries.integers().between(0, base.length - 1).list().ofMaxSize(6)
                .flatMap(pos -> Arbitraries.bytes().list().ofSize(pos.size()).map(vals -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < pos.size(); i++) b[pos.get(i)] = vals.get(i);
                    return b;
                }));
    }

    @Property(tries = 1000)
    void mutatedMessagesNeverThrow(@ForAll("mutated") byte[] bytes) {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.2", 161);
        var d = SnmpProtocol.SIGNATURE.create();
        feed(d, ctx, true, S, bytes);
        d.onEnd(ctx);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(1);
    }
}
