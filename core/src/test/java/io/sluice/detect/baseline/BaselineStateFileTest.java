package io.sluice.detect.baseline;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineStateFileTest {

    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    Path dir;

    private static HostBaselines sample() {
        var b = new HostBaselines(BaselineConfig.defaults().withLearningNanos(HOUR));
        b.observe(conn("10.0.0.5", "198.51.100.7", 443).service("ssl").bytes(100, 2000).at(0).flow());
        b.observe(conn("10.0.0.5", "10.0.0.9", 3389).service("rdp").at(5000).flow());
        b.observe(conn("10.0.0.6", "10.0.0.9", 445).process("C:\\Windows\\System32\\svchost.exe").at(10).creation());
        return b;
    }

    @Test
    void baselinesRoundTrip() throws Exception {
        Path f = dir.resolve("state.bin");
        var before = sample();
        BaselineStateFile.save(before, f);
        var loaded = BaselineStateFile.load(f, before.config());
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.existed()).isTrue();
        var after = loaded.baselines();
        assertThat(after.hostCount()).isEqualTo(before.hostCount());
        for (HostProfile p : before.profiles()) {
            HostProfile q = after.profile(p.host());
            assertThat(q.firstSeenNanos()).isEqualTo(p.firstSeenNanos());
            assertThat(q.lastSeenNanos()).isEqualTo(p.lastSeenNanos());
            assertThat(q.bytesOut()).isEqualTo(p.bytesOut());
            assertThat(q.bytesIn()).isEqualTo(p.bytesIn());
            assertThat(q.flows()).isEqualTo(p.flows());
            assertThat(q.destinations().entries()).isEqualTo(p.destinations().entries());
            assertThat(q.destPorts().entries()).isEqualTo(p.destPorts().entries());
            assertThat(q.services().entries()).isEqualTo(p.services().entries());
            assertThat(q.processes().entries()).isEqualTo(p.processes().entries());
            assertThat(q.inbound().entries()).isEqualTo(p.inbound().entries());
            assertThat(q.servedPortClients()).isEqualTo(p.servedPortClients());
        }
        // Loaded entries are history: seen before anything of this run, even a replay of the same traffic.
        assertThat(after.contactedBefore("10.0.0.5", "198.51.100.7", t(0))).isTrue();
        assertThat(before.contactedBefore("10.0.0.5", "198.51.100.7", t(0))).isFalse();
        // 10.0.0.5 spans more than the learning hour in the file; 10.0.0.6 does not.
        assertThat(after.learning("10.0.0.5", t(0))).isFalse();
        assertThat(after.learning("10.0.0.6", t(10))).isTrue();
        // The same baselines give the same bytes.
        Path g = dir.resolve("again.bin");
        BaselineStateFile.save(after, g);
        assertThat(Files.readAllBytes(g)).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void saveReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("state.bin");
        Files.writeString(f, "old");
        BaselineStateFile.save(sample(), f);
        assertThat(BaselineStateFile.load(f, BaselineConfig.defaults()).problem()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("state.bin");
        }
    }

    @Test
    void missingFileIsAFirstRun() {
        var loaded = BaselineStateFile.load(dir.resolve("none.bin"), BaselineConfig.defaults());
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.existed()).isFalse();
        assertThat(loaded.baselines().hostCount()).isZero();
    }

    @Test
    void corruptFilesAreReportedAndIgnored() throws Exception {
        Path f = dir.resolve("state.bin");
        BaselineStateFile.save(sample(), f);
        byte[] good = Files.readAllBytes(f);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x40;
        assertProblem(f, flipped, "not usable");

        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertProblem(f, cut, "not usable");

        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertProblem(f, trailing, "after the checksum");

        assertProblem(f, "hello, I am a text file\n".getBytes(), "not a Sluice baseline state file");

        byte[] version = good.clone();
        version[BaselineStateFile.MAGIC.length + 3] = 99;
        assertProblem(f, version, "format version 99");
    }

    private void assertProblem(Path f, byte[] bytes, String expected) throws Exception {
        Files.write(f, bytes);
        var loaded = BaselineStateFile.load(f, BaselineConfig.defaults());
        assertThat(loaded.problem()).contains(expected).contains(f.toString());
        assertThat(loaded.existed()).isTrue();
        assertThat(loaded.baselines().hostCount()).isZero();
    }

    @Property(tries = 30)
    void anyBaselineRoundTrips(@ForAll @IntRange(min = 0, max = 40) int conns, @ForAll long seed) throws Exception {
        var rnd = new java.util.Random(seed);
        var b = new HostBaselines(BaselineConfig.defaults().withCaps(8, 5));
        for (int i = 0; i < conns; i++) {
            b.observe(conn("10.0.0." + rnd.nextInt(12), "10.0.1." + rnd.nextInt(12), 1 + rnd.nextInt(3000))
                    .at(rnd.nextInt(100_000)).flow());
        }
        Path f = Files.createTempFile("baseline", ".bin");
        try {
            BaselineStateFile.save(b, f);
            var after = BaselineStateFile.load(f, b.config()).baselines();
            assertThat(after.hostCount()).isEqualTo(b.hostCount());
            assertThat(after.hostsDropped()).isEqualTo(b.hostsDropped());
            for (HostProfile p : b.profiles()) {
                assertThat(after.profile(p.host()).destinations().entries()).isEqualTo(p.destinations().entries());
                assertThat(after.profile(p.host()).destinations().dropped()).isEqualTo(p.destinations().dropped());
                assertThat(after.profile(p.host()).inbound().entries()).isEqualTo(p.inbound().entries());
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
