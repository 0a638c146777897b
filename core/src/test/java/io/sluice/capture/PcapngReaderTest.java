package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.Drain.Via;
import io.sluice.packet.LinkType;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapngReaderTest {
    @TempDir
    Path dir;

    private static byte[] frame(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 17 + i);
        }
        return b;
    }

    private static final long SEC = 1_700_000_000L;

    /**
     * Section 1 (little-endian): interface 0 Ethernet at 10^-9 s, interface 1 raw IP at 2^-20 s
     * with a 100 s offset and snap length 50; EPBs on both, an SPB, an OPB, and blocks to skip.
     * Section 2 (big-endian): its own single interface, Linux SLL at the default microseconds.
     */
    static PcapngBytes twoSections() {
        var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 0, b.tsresol(9));
        b.idb(LinkType.RAW, 50, b.tsresol(0x80 | 20), b.tsoffset(100));
        b.epb(0, SEC * 1_000_000_000L + 123_456_789L, frame(60, 1), 60);
        b.block(4, new byte[] {0, 0, 0, 0}); // name resolution block
        b.epb(1, (SEC << 20) | (1 << 19), frame(41, 2), 1400); // half a second
        b.block(5, new byte[8]); // interface statistics block
        b.spb(frame(70, 3), 70); // interface 0 has no snap length: all 70 bytes
        b.block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6}); // custom block
        b.block(0x7777_0001, new byte[0]); // unknown block type
        b.opb(1, SEC << 20, frame(33, 4), 33);
        b.section(ByteOrder.BIG_ENDIAN);
        b.idb(LinkType.LINUX_SLL, 65535);
        b.epb(0, SEC * 1_000_000L + 5, frame(44, 5), 44);
        b.block(10, new byte[16]); // decryption secrets block
        return b;
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void readsEveryPacketBlockKindAcrossSectionsAndInterfaces(Via via) {
        var r = Drain.read(via, twoSections().bytes(), dir);
        assertThat(r.error()).isNull();
        var p = r.packets();
        assertThat(p).hasSize(5);

        assertThat(p.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(p.get(0).ts()).isEqualTo(SEC * 1_000_000_000L + 123_456_789L);
        assertThat(p.get(0).data()).isEqualTo(frame(60, 1));

        assertThat(p.get(1).linkType()).isEqualTo(LinkType.RAW);
        assertThat(p.get(1).ts()).isEqualTo((SEC + 100) * 1_000_000_000L + 500_000_000L);
        assertThat(p.get(1).data()).isEqualTo(frame(41, 2));
        assertThat(p.get(1).origLen()).isEqualTo(1400);

        assertThat(p.get(2).linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(p.get(2).data()).isEqualTo(frame(70, 3));
        assertThat(p.get(2).ts()).as("a simple packet block keeps the previous time").isEqualTo(p.get(1).ts());

        assertThat(p.get(3).linkType()).isEqualTo(LinkType.RAW);
        assertThat(p.get(3).ts()).isEqualTo((SEC + 100) * 1_000_000_000L);
        assertThat(p.get(3).data()).isEqualTo(frame(33, 4));

        assertThat(p.get(4).linkType()).isEqualTo(LinkType.LINUX_SLL);
        assertThat(p.get(4).ts()).isEqualTo(SEC * 1_000_000_000L + 5_000L);
        assertThat(p.get(4).data()).isEqualTo(frame(44, 5));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void recordPositionsAreTheBlockStarts(Via via) {
        var b = twoSections();
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.packets()).extracting(Drain.Pkt::recordPos).containsExactlyElementsOf(b.packetStarts);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void simplePacketBlockIsCutToSnapLengthAndBlockSpace(Via via) {
        var b = new PcapngBytes().section(ByteOrder.BIG_ENDIAN);
        b.idb(LinkType.ETHERNET, 32);
        b.spb(frame(32, 1), 1500); // 1500 on the wire, snap length 32
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.error()).isNull();
        assertThat(r.packets().get(0).data()).isEqualTo(frame(32, 1));
        assertThat(r.packets().get(0).origLen()).isEqualTo(1500);

        var c = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        c.idb(LinkType.ETHERNET, 0);
        c.spb(frame(16, 2), 1500); // no snap length: the block holds only 16 bytes
        var s = Drain.read(via, c.bytes(), dir);
        assertThat(s.error()).isNull();
        assertThat(s.packets().get(0).data()).isEqualTo(frame(16, 2));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aNewSectionForgetsTheInterfacesOfTheOldOne(Via via) {
        var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 0);
        b.idb(LinkType.RAW, 0);
        b.epb(1, 0, frame(20, 1), 20);
        b.section(ByteOrder.BIG_ENDIAN);
        b.idb(LinkType.RAW, 0);
        long bad = b.size();
        b.epb(1, 0, frame(20, 2), 20);
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.packets()).hasSize(1);
        assertThat(r.error().offset()).isEqualTo(bad);
        assertThat(r.error().getMessage()).contains("interface 1").contains("defines 1");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void blockLengthInconsistenciesAreDamageAtTheBlock(Via via) {
        record Case(String message, int len, int bodyBytes, int trailer) {}
        for (var c : new Case[] {
                new Case("at the end", 24, 12, 28),
                new Case("not a multiple of 4", 26, 12, 26),
                new Case("less than the 12-byte minimum", 8, 0, 8)}) {
            var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
            b.idb(LinkType.ETHERNET, 0);
            b.epb(0, 0, frame(10, 1), 10);
            long at = b.size();
            b.rawBlock(5, c.len(), new byte[c.bodyBytes()], c.trailer());
            b.epb(0, 0, frame(10, 2), 10);
            var r = Drain.read(via, b.bytes(), dir);
            assertThat(r.packets()).as(c.message()).hasSize(1);
            assertThat(r.error()).as(c.message()).isNotNull();
            assertThat(r.error().offset()).isEqualTo(at);
            assertThat(r.error().getMessage()).contains(c.message());
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void packetBlockTrailerMismatchIsDamage(Via via) {
        var b = new PcapngBytes().section(ByteOrder.BIG_ENDIAN);
        b.idb(LinkType.ETHERNET, 0);
        byte[] f = b.epb(0, 0, frame(10, 1), 10).bytes();
        f[f.length - 1] ^= 4;
        var r = Drain.read(via, f, dir);
        assertThat(r.packets()).isEmpty();
        assertThat(r.error().offset()).isEqualTo(b.packetStarts.get(0));
        assertThat(r.error().getMessage()).contains("at the end");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void capturedLengthBeyondTheBlockOrSnapLengthIsDamage(Via via) {
        var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 16);
        b.epb(0, 0, frame(16, 1), 16);
        b.epb(0, 0, frame(17, 2), 17);
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.packets()).hasSize(1);
        assertThat(r.error().offset()).isEqualTo(b.packetStarts.get(1));
        assertThat(r.error().getMessage()).contains("snap length 16");

        byte[] f = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).idb(1, 0).epb(0, 0, frame(8, 1), 8).bytes();
        f[f.length - 20] = 9; // captured length 9 in a block with room for 8
        var s = Drain.read(via, f, dir);
        assertThat(s.error().getMessage()).contains("room for 8");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void badSectionHeadersAreRefused(Via via) {
        byte[] f = twoSections().bytes();
        f[8] = 0x55; // byte-order magic
        assertThat(Drain.read(via, f, dir).error().getMessage()).contains("byte-order magic");
        byte[] g = twoSections().bytes();
        g[12] = 2; // major version 2
        var r = Drain.read(via, g, dir);
        assertThat(r.error().offset()).isZero();
        assertThat(r.error().getMessage()).contains("version 2.0");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void optionRunningPastItsBlockIsDamage(Via via) {
        var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        long at = b.size();
        b.idb(LinkType.ETHERNET, 0, b.option(2, new byte[] {'e', 't', 'h', '0'}));
        byte[] f = b.bytes();
        f[(int) at + 16 + 2] = 40; // option length 40 in a 4-byte slot
        var r = Drain.read(via, f, dir);
        assertThat(r.error().offset()).isEqualTo(at);
        assertThat(r.error().getMessage()).contains("option 2");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void fcsLengthComesFromTheInterface(Via via) throws CaptureException {
        var b = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN);
        b.idb(LinkType.ETHERNET, 0, b.option(13, new byte[] {32}));
        b.idb(LinkType.ETHERNET, 0);
        b.epb(0, 0, frame(64, 1), 64).epb(1, 0, frame(64, 1), 64);
        try (var s = Drain.open(via, b.bytes(), dir)) {
            assertThat(s.next()).isTrue();
            assertThat(s.fcsLength()).isEqualTo(4);
            assertThat(s.next()).isTrue();
            assertThat(s.fcsLength()).isZero();
        }
    }
}
