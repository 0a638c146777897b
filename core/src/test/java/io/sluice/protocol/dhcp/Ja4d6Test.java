package io.sluice.protocol.dhcp;

import static io.sluice.protocol.dhcp.Dhcp6Test.DUID_LL;
import static io.sluice.protocol.dhcp.Dhcp6Test.message;
import static io.sluice.protocol.dhcp.Dhcp6Test.option;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JA4D of DHCPv6 messages built here. The expected values are what FoxIO's Wireshark plugin reads
 * off Wireshark's tree for the same bytes (checked with tshark 4.0 on the same messages written to
 * a capture): nested options are listed where Wireshark's tree nests them.
 */
class Ja4d6Test {

    /** DUID-LLT, 14 bytes, as the clients of FoxIO's dhcpv6.pcap send it. */
    static final byte[] DUID_LLT = {0, 1, 0, 1, 0x1c, 0x39, (byte) 0xcf, (byte) 0x88, 8, 0, 0x27, (byte) 0xfe,
        (byte) 0x8f, (byte) 0x95};
    static final byte[] ORO_DNS = {0, 23, 0, 24};

    static String ja4d(byte[] m) {
        return Ja4d.ofV6(ByteBuffer.wrap(m), 0, m.length);
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] iaAddr(byte[]... options) {
        return option(5, concat(new byte[24], concat(options)));
    }

    static byte[] name(String... labels) {
        var out = new java.io.ByteArrayOutputStream();
        for (String l : labels) {
            out.write(l.length());
            out.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Test
    void solicit() {
        byte[] m = message(1, 0x100874, option(1, DUID_LLT), option(6, ORO_DNS), option(8, (byte) 0, (byte) 0),
                option(25, new byte[12]));
        assertThat(ja4d(m)).isEqualTo("solct0014nn_1-6-8-25_23-24");
    }

    @Test
    void advertiseListsThePrefixInsideItsIaPdAndSizesTheClientsDuid() {
        // the server's own DUID-LL (10 bytes) comes first: the size is the client identifier's
        byte[] m = message(2, 0x100874, option(2, DUID_LL), option(25, concat(new byte[12], option(26, new byte[25]))),
                option(1, DUID_LLT));
        assertThat(ja4d(m)).isEqualTo("advrt0014nn_2-25-26-1_00");
    }

    @Test
    void requestWithAnAddressAndAClientFqdn() {
        byte[] m = message(3, 7, option(1, DUID_LL), option(2, DUID_LLT),
                option(3, concat(new byte[12], iaAddr())), option(6, ORO_DNS),
                option(39, concat(new byte[] {1}, name("host", "lan", ""))));
        assertThat(ja4d(m)).isEqualTo("reqst0010nd_1-2-3-5-6-39_23-24");
    }

    @Test
    void replyListsTheStatusInsideItsAddress() {
        byte[] m = message(7, 7, option(3, concat(new byte[12], iaAddr(option(13, (byte) 0, (byte) 0)))),
                option(1, DUID_LL), option(2, DUID_LLT), option(23, new byte[16]));
        assertThat(ja4d(m)).isEqualTo("reply0010nn_3-5-13-1-2-23_00");
    }

    @Test
    void emptyListsTemporaryAddressAndNoClientIdentifier() {
        // an empty option request list, an IA_TA, an FQDN with flags only, the server's DUID alone
        byte[] m = message(11, 1, option(6), option(4, (byte) 0, (byte) 0, (byte) 0, (byte) 1), option(39, (byte) 1),
                option(2, DUID_LL));
        assertThat(ja4d(m)).isEqualTo("inreq0000in_6-4-39-2_00");
        assertThat(ja4d(message(1, 1))).as("no options").isEqualTo("solct0000nn_00_00");
        assertThat(ja4d(message(1, 1, option(4, (byte) 0, (byte) 0, (byte) 0)))).as("IA_TA without its IAID")
                .isEqualTo("solct0000nn_4_00");
    }

    @Test
    void theClientFqdnCountsOnlyWithANameWiresharkReads() {
        assertThat(ja4d(message(1, 1, option(39, concat(new byte[] {0}, name("host")))))).as("partial name")
                .isEqualTo("solct0000nd_39_00");
        assertThat(ja4d(message(1, 1, option(39, (byte) 0, (byte) 0)))).as("root alone").endsWith("nn_39_00");
        assertThat(ja4d(message(1, 1, option(39, concat(new byte[] {0}, name("org", "")))))).as("top-level name")
                .endsWith("nn_39_00");
        assertThat(ja4d(message(1, 1, option(39, concat(new byte[] {0}, name("org", "", "host", "lan", ""))))))
                .as("a name after a top-level name").endsWith("nd_39_00");
        assertThat(ja4d(message(1, 1, option(39, concat(new byte[] {0}, "host.lan".getBytes(StandardCharsets.US_ASCII))))))
                .as("not in wire format").endsWith("nn_39_00");
    }

    @Test
    void sizeFromTheFirstDuidOnceTheClientIdentifierIsSeenAndCapped() {
        // a 1-byte client identifier has no DUID for Wireshark: the server's that follows counts
        assertThat(ja4d(message(1, 1, option(1, (byte) 0), option(2, DUID_LLT)))).startsWith("solct0014");
        assertThat(ja4d(message(1, 1, option(53, DUID_LLT), option(1, DUID_LL)))).as("relay id before it")
                .startsWith("solct0010");
        assertThat(ja4d(message(1, 1, option(1, new byte[10_000])))).startsWith("solct9999");
    }

    @Test
    void aRelayIsFingerprintedWholeUnderItsOwnType() {
        byte[] inner = message(1, 5, option(1, DUID_LL), option(6, (byte) 0, (byte) 23));
        byte[] relay = ByteBuffer.allocate(34).put((byte) 12).put((byte) 0).array();
        byte[] m = concat(relay, option(18, (byte) 'x'), option(9, inner), option(37, new byte[5]));
        assertThat(ja4d(m)).isEqualTo("rlayf0010nn_18-9-1-6-37_23");
    }

    @Test
    void anOptionPastItsContainerEndsTheListButABrokenRelayedMessageOnlyItself() {
        byte[] overrun = {0, 13, 0, 8, 0};
        assertThat(ja4d(message(1, 1, option(3, concat(new byte[12], overrun)), option(8, (byte) 0, (byte) 0))))
                .isEqualTo("solct0000nn_3_00");
        byte[] relay = ByteBuffer.allocate(34).put((byte) 12).array();
        byte[] inner = concat(message(1, 5, option(1, DUID_LL)), overrun);
        assertThat(ja4d(concat(relay, option(9, inner), option(18, (byte) 'x')))).isEqualTo("rlayf0010nn_9-1-18_00");
    }

    @Test
    void unknownTypesInFiveDigits() {
        assertThat(ja4d(message(200, 1))).isEqualTo("002000000nn_00_00");
        assertThat(ja4d(message(37, 1))).startsWith("arrep");
    }

    @Test
    void eachMessageGetsItsRowTimedAtTheConnectionsStart() throws Exception {
        var d = DhcpProtocol.SIGNATURE_V6.create();
        var ctx = RecordingContext.udp("fe80::2", 546, "ff02::1:2", 547);
        byte[] solicit = message(1, 9, option(1, DUID_LL), option(6, ORO_DNS),
                option(16, concat(new byte[] {0, 0, 1, 55, 0, 4}, "MSFT".getBytes(StandardCharsets.US_ASCII))));
        byte[] request = message(3, 10, option(1, DUID_LL), Dhcp6Test.iaNa(Dhcp6Test.addr("2001:db8::5"), 7200),
                option(39, concat(new byte[] {1}, name("pc", "lan", ""))));
        ctx.ts = 1_000_000_000L;
        d.onData(true, ByteBuffer.wrap(solicit), 0, solicit.length, ctx);
        ctx.ts = 3_000_000_000L;
        d.onData(true, ByteBuffer.wrap(request), 0, request.length, ctx);
        assertThat(ctx.eventsOf(Ja4dFingerprint.class)).satisfiesExactly(s -> {
            assertThat(s.tsNanos()).isEqualTo(1_000_000_000L);
            assertThat(s.ja4d()).isEqualTo("solct0010nn_1-6-16_23-24");
            assertThat(s.clientMac()).isEqualTo("00:01:02:03:04:05");
            assertThat(s.vendorClassId()).isEqualTo("MSFT");
            assertThat(s.requestedIp()).isNull();
        }, r -> {
            assertThat(r.tsNanos()).as("the connection's start").isEqualTo(1_000_000_000L);
            assertThat(r.ja4d()).isEqualTo("reqst0010nd_1-3-5-39_00");
            assertThat(r.requestedIp()).isEqualTo("2001:db8::5");
            assertThat(r.hostname()).isEqualTo("pc.lan");
            assertThat(r.uid()).isEqualTo(ctx.uid());
        });
    }
}
