package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.flow.FlowConfig;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the corpus, fully dissected, writes the same logs (byte for byte, with the same
 * damage reported) whether it is decoded in place or on the decoding thread, read as a stream or
 * through a memory mapping.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DecodeAheadCorpusTest {
    @TempDir
    Path dir;

    static Stream<Path> captures() throws IOException {
        return StreamCorpusTest.captures();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void decodingAheadChangesNoLog(Path capture) throws Exception {
        var inPlace = logs(capture, false, false, dir.resolve("in-place"));
        assertThat(inPlace).containsKey("stats");
        assertThat(logs(capture, true, false, dir.resolve("ahead"))).as("decoded ahead").isEqualTo(inPlace);
        assertThat(logs(capture, true, true, dir.resolve("ahead-mapped"))).as("decoded ahead, the file mapped")
                .isEqualTo(inPlace);
    }

    static Map<String, String> logs(Path capture, boolean ahead, boolean mapped, Path dir) throws IOException {
        try (PacketSource source = mapped ? CaptureInputs.openMapped(capture) : CaptureInputs.open(capture)) {
            return logs(source, ahead, dir);
        } catch (CaptureException e) {
            return Map.of("unreadable", e.describe());
        }
    }

    /** The logs the whole pipeline writes for one source, and its counts and damage as "stats". */
    static Map<String, String> logs(PacketSource source, boolean ahead, Path dir) throws IOException {
        var events = new ArrayList<Event>();
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(), Protocols.standard(),
                FlowListener.collecting(events::add)).decodeAhead(ahead);
        CaptureException damage = pipeline.run(source, null);
        pipeline.finish();
        try (var logs = new LogDirectory(dir, LogFormat.JSON, 0)) {
            for (Event e : events) logs.write(e);
        }
        var out = new TreeMap<String, String>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) out.put(f.getFileName().toString(), Files.readString(f));
        }
        var stats = pipeline.stats();
        out.put("stats", "damage " + (damage == null ? "none" : damage.describe()) + " packets " + stats.packets()
                + " inner " + stats.innerPackets() + " badIp " + stats.badIpChecksums() + " reassembled "
                + stats.decode().reassembled() + " fragments " + stats.decode().fragments() + " decoded "
                + stats.decode().packets() + " bytes " + stats.capturedBytes() + " first " + stats.firstTsNanos()
                + " last " + stats.lastTsNanos());
        return out;
    }
}
