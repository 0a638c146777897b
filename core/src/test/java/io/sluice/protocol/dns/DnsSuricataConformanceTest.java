package io.sluice.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The suricata-verify DNS tests' EVE checks, evaluated on our dns.log rows. Suricata logs one
 * EVE {@code dns} event per query and per response; we log one row per transaction, so a check on
 * a query event counts rows whose query was seen and a check on a response event counts rows whose
 * response was seen; each filter's {@code count} must equal the number of our rows that satisfy
 * every applicable key. The mapping, EVE key to dns.log field:
 *
 * <pre>
 * src_ip/src_port/dest_ip/dest_port  id.orig_h/p, id.resp_h/p (a response event may name the server as source)
 * proto                              proto
 * dns.type query|request             the query was seen (qtype set)
 * dns.type answer|response, dns.qr   the response was seen (rcode set)
 * dns.id                             trans_id
 * dns.rrname                         original_query if set, else query (Zeek lowercases query; the extra keeps case)
 * dns.rrtype                         qtype_name
 * dns.rcode                          rcode_name
 * dns.flags (hex), dns.rd, dns.ra    RD, RA (and AA from the flags)
 * dns.answers[i].rdata               answers[i]; TXT as Zeek writes it, "TXT len text"
 * dns.answers[i].ttl                 TTLs[i]
 * dns.answers[i].rrtype              the form of answers[i] (address, "TXT ...", "SSHFP: ..."), where Zeek shows it
 * dns.answers[i].srv.name            answers[i] (Zeek logs an SRV record as its target)
 * dns.answers[i].sshfp.fingerprint   answers[i] = "SSHFP: " + the fingerprint without colons
 * dns.answers.__len                  number of answers
 * dns.grouped.A[i], .TXT[i]          the i-th A / TXT answer
 * </pre>
 *
 * Suricata writes each character-string of a TXT record as an answer of its own, Zeek writes a TXT
 * record as one answer "TXT n s TXT n s"; answers are compared after splitting ours the same way.
 * Keys listed in {@link #NOT_APPLICABLE} are fields dns.log does not have; any other unmapped key
 * fails the test, so no check is skipped silently.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DnsSuricataConformanceTest {

    static final Map<String, String> NOT_APPLICABLE = new TreeMap<>(Map.ofEntries(
            Map.entry("pcap_cnt", "packet numbers are not logged"),
            Map.entry("dns.type request with requests: no", "the test's suricata.yaml turns request events off (a Suricata output option)"),
            Map.entry("dns.tx_id", "Suricata's transaction counter"),
            Map.entry("dns.version", "EVE format version"),
            Map.entry("dns.answers[].rrname", "Zeek's answers carry no owner names"),
            Map.entry("dns.answers[].srv.priority", "Zeek logs an SRV record as its target only"),
            Map.entry("dns.answers[].srv.weight", "Zeek logs an SRV record as its target only"),
            Map.entry("dns.answers[].srv.port", "Zeek logs an SRV record as its target only"),
            Map.entry("dns.answers[].sshfp.algo", "Zeek logs an SSHFP record as its fingerprint only"),
            Map.entry("dns.authorities[].rdata", "dns.log has no authority section (Zeek's auth field is in a policy script); parser checked in authoritySoaFieldsAsSuricataReads"),
            Map.entry("dns.authorities[].rrname", "dns.log has no authority section"),
            Map.entry("dns.authorities[].rrtype", "dns.log has no authority section"),
            Map.entry("dns.authorities[].ttl", "dns.log has no authority section"),
            Map.entry("dns.authorities[].soa.mname", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.rname", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.serial", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.refresh", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.retry", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.expire", "dns.log has no authority section; parser checked"),
            Map.entry("dns.authorities[].soa.minimum", "dns.log has no authority section; parser checked")));

    static Stream<String> tests() {
        return Stream.of("dns-eve-v2-udp-nxdomain-soa", "dns-tcp-ts-gap", "dns__dns-sshfp", "dns__dns-tcp-www-google-com",
                "dns__dns-udp-eve-log-answer-only", "dns__v2__bug-1158", "dns__v2__dns-udp-eve-log-srv",
                "dns__v2__dns-udp-eve-txt");
    }

    @ParameterizedTest
    @MethodSource("tests")
    void checksPassOnOurRows(String test) throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/" + test);
        List<DnsTransaction> rows = rows(pcapIn(dir));
        var checks = SuricataChecks.read(dir.resolve("test.yaml"));
        // A test may switch Suricata's request events off; dns.log has no such switch.
        Path config = dir.resolve("suricata.yaml");
        boolean logsRequests = !Files.exists(config)
                || !Files.readString(config).replaceAll("\\s+", " ").contains("requests: no");
        int evaluated = 0;
        var notApplicable = new TreeSet<String>();
        for (var f : checks.filters()) {
            if (f.ltVersion() != null) continue; // the pre-8 EVE layout of a check also given for 8
            String eventType = f.match().getOrDefault("event_type",
                    f.match().keySet().stream().anyMatch(k -> k.startsWith("dns.")) ? "dns" : "?");
            if (!"dns".equals(eventType)) {
                notApplicable.add("event_type " + eventType + " (flow events are conn.log's)");
                continue;
            }
            String type = f.match().getOrDefault("dns.type", "");
            boolean requestEvent = type.equals("request") || type.equals("query");
            if (requestEvent && !logsRequests) {
                notApplicable.add("dns.type request with requests: no");
                continue;
            }
            Predicate<DnsTransaction> p = predicate(f.match(), notApplicable);
            long n = rows.stream().filter(p).count();
            assertThat(n).as("%s: rows matching %s", test, f.match()).isEqualTo(f.count());
            evaluated++;
        }
        assertThat(evaluated).as("%s has DNS checks", test).isPositive();
        System.out.printf("suricata-verify %s: %d DNS filters pass; not applicable: %s%n", test, evaluated, notApplicable);
        for (String key : notApplicable) {
            assertThat(NOT_APPLICABLE.containsKey(key) || key.startsWith("event_type")).as("unmapped key %s", key).isTrue();
        }
    }

    /** The nxdomain-soa test checks the authority SOA record, which dns.log does not have: check the parser. */
    @Test
    void authoritySoaFieldsAsSuricataReads() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/dns-eve-v2-udp-nxdomain-soa");
        var expected = SuricataChecks.read(dir.resolve("test.yaml")).filters().get(0).match();
        var conv = DnsCapture.read(pcapIn(dir), false).get(0);
        var response = conv.items().stream().filter(i -> !i.fromOrig()).findFirst().orElseThrow().bytes();
        var found = new ArrayList<String>();
        var names = new DnsNameReader();
        var parser = new DnsMessageParser((n, a) -> found.add("weird " + n), false);
        parser.parse(ByteBuffer.wrap(response), 0, response.length, new RecordingVisitor() {
            @Override
            public void onRecord(DnsHeader h, DnsRecord r) {
                if (r.section != DnsRecord.AUTHORITY || r.type != DnsCodes.TYPE_SOA) return;
                found.add("rrname " + r.ownerName());
                found.add("ttl " + r.ttl);
                int p = names.read(r.buffer, r.base, r.messageLength, r.rdataOffset, false, (n, a) -> { });
                found.add("mname " + names.text());
                p = names.read(r.buffer, r.base, r.messageLength, p, false, (n, a) -> { });
                found.add("rname " + names.text());
                String[] what = {"serial", "refresh", "retry", "expire", "minimum"};
                for (int i = 0; i < 5; i++) found.add(what[i] + " " + DnsHeader.u32(r.buffer, r.base + p + 4 * i));
            }
        });
        assertThat(found).containsExactly(
                "rrname " + expected.get("dns.authorities[0].rrname"),
                "ttl " + expected.get("dns.authorities[0].ttl"),
                "mname " + expected.get("dns.authorities[0].soa.mname"),
                "rname " + expected.get("dns.authorities[0].soa.rname"),
                "serial " + expected.get("dns.authorities[0].soa.serial"),
                "refresh " + expected.get("dns.authorities[0].soa.refresh"),
                "retry " + expected.get("dns.authorities[0].soa.retry"),
                "expire " + expected.get("dns.authorities[0].soa.expire"),
                "minimum " + expected.get("dns.authorities[0].soa.minimum"));
    }

    private static Path pcapIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".pcap")).findFirst().orElseThrow();
        }
    }

    private static List<DnsTransaction> rows(Path pcap) throws Exception {
        var out = new ArrayList<DnsTransaction>();
        for (var conv : DnsCapture.read(pcap, false)) {
            var first = conv.items().stream().filter(i -> i.bytes() != null).findFirst();
            if (first.isEmpty()) continue;
            byte[] b = first.get().bytes();
            if (!DnsProtocol.SIGNATURE.matches(first.get().fromOrig(), ByteBuffer.wrap(b), 0, b.length,
                    conv.id().origP(), conv.id().respP())) continue;
            out.addAll(conv.replay(new DnsDissector()).eventsOf(DnsTransaction.class));
        }
        return out;
    }

    /** Our answers with each TXT character-string as an element of its own, as Suricata lists them. */
    record Answer(String text, long ttl) {}

    static List<Answer> flatten(DnsTransaction t) {
        var out = new ArrayList<Answer>();
        if (t.answers() == null) return out;
        for (int i = 0; i < t.answers().size(); i++) {
            String a = t.answers().get(i);
            long ttl = t.ttls().get(i);
            if (!a.startsWith("TXT ")) {
                out.add(new Answer(a, ttl));
                continue;
            }
            int p = 0;
            while (p < a.length() && a.startsWith("TXT ", p)) {
                int space = a.indexOf(' ', p + 4);
                int len = Integer.parseInt(a.substring(p + 4, space));
                int end = space + 1 + len;
                out.add(new Answer(a.substring(p, end), ttl));
                p = end + 1;
            }
        }
        return out;
    }

    private static Predicate<DnsTransaction> predicate(Map<String, String> match, TreeSet<String> notApplicable) {
        List<Predicate<DnsTransaction>> all = new ArrayList<>();
        String type = match.getOrDefault("dns.type", "");
        boolean responseEvent = type.equals("answer") || type.equals("response");
        for (var e : match.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            String pattern = key.replaceAll("\\[\\d+\\]", "[]");
            int index = key.matches(".*\\[\\d+\\].*") ? Integer.parseInt(key.replaceAll(".*?\\[(\\d+)\\].*", "$1")) : -1;
            switch (pattern) {
                case "event_type" -> { }
                case "src_ip", "src_port", "dest_ip", "dest_port" -> { } // checked together below
                case "proto" -> all.add(t -> t.proto().equalsIgnoreCase(v));
                case "dns.type" -> all.add(responseEvent ? t -> t.rcode() != null : t -> t.qtype() != null);
                case "dns.qr" -> all.add(t -> (t.rcode() != null) == Boolean.parseBoolean(v));
                case "dns.id" -> all.add(t -> t.transId() == Integer.parseInt(v));
                case "dns.rrname" -> all.add(t -> v.equals(t.originalQuery() != null ? t.originalQuery() : t.query()));
                case "dns.rrtype" -> all.add(t -> v.equals(t.qtypeName()));
                case "dns.rcode" -> all.add(t -> v.equals(t.rcodeName()));
                case "dns.rd" -> all.add(t -> t.rd() == Boolean.parseBoolean(v));
                case "dns.ra" -> all.add(t -> t.ra() == Boolean.parseBoolean(v));
                case "dns.flags" -> {
                    int flags = Integer.parseInt(v, 16);
                    all.add(t -> t.rd() == ((flags & 0x0100) != 0) && t.ra() == ((flags & 0x0080) != 0)
                            && t.aa() == ((flags & 0x0400) != 0));
                }
                case "dns.answers.__len" -> all.add(t -> flatten(t).size() == Integer.parseInt(v));
                case "dns.answers[].ttl" -> all.add(t -> flatten(t).size() > index && flatten(t).get(index).ttl() == Long.parseLong(v));
                case "dns.answers[].rdata" -> {
                    String rrtype = match.get("dns.answers[" + index + "].rrtype");
                    String want = "TXT".equals(rrtype) || "SPF".equals(rrtype)
                            ? rrtype + " " + v.getBytes(StandardCharsets.UTF_8).length + " " + v : v;
                    all.add(t -> flatten(t).size() > index && flatten(t).get(index).text().equals(want));
                }
                case "dns.answers[].srv.name" -> all.add(t -> flatten(t).size() > index && flatten(t).get(index).text().equals(v));
                case "dns.answers[].sshfp.fingerprint" -> all.add(t -> flatten(t).size() > index
                        && flatten(t).get(index).text().equals("SSHFP: " + v.replace(":", "")));
                case "dns.answers[].rrtype" -> {
                    Predicate<String> form = switch (v) {
                        case "A" -> s -> s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
                        case "AAAA" -> s -> s.contains(":");
                        case "TXT", "SPF" -> s -> s.startsWith(v + " ");
                        case "SSHFP" -> s -> s.startsWith("SSHFP: ");
                        default -> null;
                    };
                    if (form == null) {
                        notApplicable.add("dns.answers[].rrtype " + v);
                    } else {
                        all.add(t -> flatten(t).size() > index && form.test(flatten(t).get(index).text()));
                    }
                }
                case "dns.grouped.TXT[]" -> all.add(t -> nth(t, "TXT ", index)
                        .equals("TXT " + v.getBytes(StandardCharsets.UTF_8).length + " " + v));
                case "dns.grouped.A[]" -> all.add(t -> nth(t, null, index).equals(v));
                default -> notApplicable.add(pattern);
            }
        }
        String src = match.get("src_ip"), dst = match.get("dest_ip");
        String sp = match.get("src_port"), dp = match.get("dest_port");
        if (src != null || dst != null || sp != null || dp != null) {
            all.add(t -> endpoints(t, src, sp, dst, dp) || (responseEvent && endpoints(t, dst, dp, src, sp)));
        }
        return t -> all.stream().allMatch(p -> p.test(t));
    }

    private static boolean endpoints(DnsTransaction t, String origH, String origP, String respH, String respP) {
        return (origH == null || origH.equals(t.id().origH())) && (origP == null || Integer.parseInt(origP) == t.id().origP())
                && (respH == null || respH.equals(t.id().respH())) && (respP == null || Integer.parseInt(respP) == t.id().respP());
    }

    /** The i-th answer with the given prefix, or for {@code null} the i-th IPv4 address answer. */
    private static String nth(DnsTransaction t, String prefix, int index) {
        int seen = 0;
        for (Answer a : flatten(t)) {
            boolean kind = prefix == null ? a.text().matches("\\d+\\.\\d+\\.\\d+\\.\\d+") : a.text().startsWith(prefix);
            if (kind && seen++ == index) return a.text();
        }
        return "";
    }

    /** A visitor that parses every section and ignores what a test does not override. */
    abstract static class RecordingVisitor implements DnsMessageVisitor {
        @Override
        public void onMessage(DnsHeader h) {}

        @Override
        public void onQuestion(DnsHeader h, DnsQuestion q) {}

        @Override
        public boolean rendersText(DnsHeader h, int section) {
            return true;
        }

        @Override
        public void onConfirmed(DnsHeader h) {}

        @Override
        public boolean wantsAuthorityAndAdditional(DnsHeader h) {
            return true;
        }

        @Override
        public void onEnd(DnsHeader h) {}
    }
}
