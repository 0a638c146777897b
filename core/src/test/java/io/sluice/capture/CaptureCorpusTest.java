package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every capture in the corpus reads to its end, over both the mapped and the stream path with the
 * same packets; the tcpdump regression captures yield as many packets, with the same timestamps,
 * as tcpdump printed in their expected {@code .out} text.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class CaptureCorpusTest {

    /**
     * Captures that are genuinely damaged: relative path to the offset of the damage. None is: the
     * corpus was cross-checked with capinfos (Wireshark 4.x), which reads all of them cleanly.
     */
    private static final Map<String, Long> DAMAGED = Map.of();

    /**
     * tcpdump captures whose packet count cannot be derived from their .out text, with the reason.
     * None today: no corpus run uses -c or a filter expression, and every .out numbers its packets.
     */
    private static final Map<String, String> NO_COUNT = Map.of();

    private static final Pattern CAPTURE_NAME = Pattern.compile(".*\\.(pcap|pcapng|cap|pcap_|pcap\\.gz|pcapng\\.gz)$");

    /** What a read yields, summarised: packets, bytes, and a hash over every timestamp and byte. */
    record Digest(long packets, long bytes, long hash, CaptureException error) {}

    private static Digest digest(PacketSource s) {
        long packets = 0;
        long bytes = 0;
        long hash = 17;
        try (s) {
            while (s.next()) {
                packets++;
                bytes += s.capturedLength();
                hash = hash * 31 + s.timestampNanos();
                hash = hash * 31 + s.linkType();
                hash = hash * 31 + s.originalLength();
                var b = s.buffer();
                for (int i = s.offset(), end = s.offset() + s.capturedLength(); i < end; i++) {
                    hash = hash * 31 + b.get(i);
                }
            }
        } catch (CaptureException e) {
            return new Digest(packets, bytes, hash, e);
        }
        return new Digest(packets, bytes, hash, null);
    }

    private static List<Path> captures(Path root) throws IOException {
        var found = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                byte[] head = new byte[4];
                int n;
                try (InputStream in = Files.newInputStream(p)) {
                    n = in.readNBytes(head, 0, 4);
                }
                if (CaptureFormat.of(head, n) != CaptureFormat.UNKNOWN
                        || CAPTURE_NAME.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    @Test
    void everyCaptureReadsToItsEndTheSameOverBothInputPaths() throws IOException {
        Path root = Corpus.root();
        List<Path> files = captures(root);
        // 206 when this test was written; far fewer means the search is broken, not the corpus.
        assertThat(files).hasSizeGreaterThan(150);
        var damaged = new TreeMap<String, Long>();
        var mismatched = new ArrayList<String>();
        long packets = 0;
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            Digest mapped;
            try {
                mapped = digest(CaptureInputs.open(f));
            } catch (CaptureException e) {
                mapped = new Digest(0, 0, 0, e);
            }
            Digest streamed;
            try {
                streamed = digest(CaptureInputs.open(Files.newInputStream(f), f.toString()));
            } catch (CaptureException e) {
                streamed = new Digest(0, 0, 0, e);
            }
            if (mapped.error() != null) {
                damaged.put(rel, mapped.error().offset());
            }
            packets += mapped.packets();
            boolean same = mapped.packets() == streamed.packets() && mapped.hash() == streamed.hash()
                    && (mapped.error() == null) == (streamed.error() == null);
            if (!same) {
                mismatched.add(rel + ": mapped " + mapped + ", streamed " + streamed);
            }
        }
        assertThat(damaged).as("damaged captures (path -> offset)").isEqualTo(new TreeMap<>(DAMAGED));
        assertThat(mismatched).as("mapped and streamed reads differ").isEmpty();
        assertThat(packets).isPositive();
    }

    /** A tcpdump capture and the .out text that tcpdump printed for it. */
    record TcpdumpCase(String capture, String out, String options) {}

    private static List<TcpdumpCase> tcpdumpCases(Path root) throws IOException {
        var cases = new ArrayList<TcpdumpCase>();
        // ground_truth: "tcpdump/<name>.out = expected `tcpdump -n -r <capture> <options>` text (...)"
        Pattern truth = Pattern.compile("^tcpdump/(\\S+\\.out) = expected `tcpdump -n -r \\S+ ?([^`]*)` text");
        for (String line : Files.readAllLines(root.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            String[] col = line.split("\t");
            if (col.length < 8 || !col[0].matches("(pcap-protocols|netflow)/tcpdump/.*")) {
                continue;
            }
            Matcher m = truth.matcher(col[7]);
            if (m.find()) {
                String folder = col[0].substring(0, col[0].lastIndexOf('/') + 1);
                cases.add(new TcpdumpCase(col[0], folder + m.group(1), m.group(2).trim()));
            }
        }
        return cases;
    }

    /**
     * tcpdump's test runs number their packets ({@code "    1  2008-06-18 11:46:08.367761 ..."});
     * continuation lines (-v detail, hex dumps, inner frames under -e) are not numbered, so a
     * packet is a line that carries the next number in sequence. Returns the timestamp text of
     * each packet line.
     */
    static List<String> tcpdumpPackets(List<String> lines) {
        Pattern numbered = Pattern.compile("^ *(\\d+)  ((?:\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d\\.\\d+) ");
        var stamps = new ArrayList<String>();
        for (String line : lines) {
            Matcher m = numbered.matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) == stamps.size() + 1) {
                stamps.add(m.group(2));
            }
        }
        return stamps;
    }

    /** Our timestamp in tcpdump's layout: the same digits of fraction, UTC (the tests run TZ=GMT0). */
    static String tcpdumpTime(long nanos, String like) {
        int fraction = like.length() - like.indexOf('.') - 1;
        boolean withDate = like.length() > 10 && like.charAt(4) == '-';
        var t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)).atZone(ZoneOffset.UTC);
        String whole = t.format(DateTimeFormatter.ofPattern(withDate ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss", Locale.ROOT));
        String frac = String.format("%09d", Math.floorMod(nanos, 1_000_000_000L)).substring(0, fraction);
        return whole + "." + frac;
    }

    @Test
    void tcpdumpCapturesYieldThePacketsTcpdumpPrinted() throws IOException, CaptureException {
        Path root = Corpus.root();
        var cases = tcpdumpCases(root);
        // 29 captures (26 protocol, 3 sFlow) when this test was written.
        assertThat(cases).hasSizeGreaterThanOrEqualTo(29);
        var problems = new LinkedHashMap<String, String>();
        for (var c : cases) {
            if (NO_COUNT.containsKey(c.capture())) {
                continue;
            }
            var expected = tcpdumpPackets(Files.readAllLines(Corpus.file(c.out()), StandardCharsets.ISO_8859_1));
            var ours = new ArrayList<String>();
            try (var s = CaptureInputs.open(Corpus.file(c.capture()))) {
                while (s.next()) {
                    int k = ours.size();
                    ours.add(tcpdumpTime(s.timestampNanos(), k < expected.size() ? expected.get(k) : "00:00:00.000000"));
                }
            }
            if (expected.isEmpty()) {
                problems.put(c.capture(), "no numbered packet lines in " + c.out() + " (options " + c.options() + ")");
            } else if (!ours.equals(expected)) {
                problems.put(c.capture(), "tcpdump " + expected.size() + " packets " + expected + ", ours " + ours.size() + " " + ours);
            }
        }
        assertThat(problems).as("captures that differ from tcpdump's output").isEmpty();
    }
}
