package io.sluice.ingest.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.event.ConnectionCreation;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestRun;
import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sigma's regression events for the network_connection rules (corpus sysmon/sigma-regression/,
 * evtx_dump JSON of Sysmon EID 3): each is recognised as "sysmon" from its first bytes and becomes
 * exactly one ConnectionCreation whose fields equal the event's own EventData, field by field:
 *
 * <pre>
 * EventData                      Sluice
 * Image                          process_image
 * ProcessId                      process_id
 * User                           process_user
 * System/Computer                host_name
 * Protocol                       proto (tcp/udp)
 * Initiated=true                 orig = Source*, resp = Destination*
 * Initiated=false                orig = Destination*, resp = Source*
 * SourceIp/DestinationIp         id.orig_h/id.resp_h (canonical text: 0:0:0:0:0:0:0:1 → ::1)
 * SourcePort/DestinationPort     id.orig_p/id.resp_p
 * SourceHostname/Destination..   orig_h_name/resp_h_name ("-" and "" → unset: Sysmon's "not resolved")
 * UtcTime                        ts
 * </pre>
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SysmonCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySigmaRegressionEventParsesWithAllItsConnectionFields() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpus.file("sysmon/sigma-regression"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(8);
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertThat(IngestRun.recognisedName(f)).as(name).isEqualTo("sysmon");
            IngestRun run = IngestRun.of(new SysmonJsonFormat(), f);
            assertThat(run.problems).as(name).isEmpty();
            assertThat(run.events).as(name).hasSize(1);
            ConnectionCreation c = run.creations().get(0);
            JsonNode event = JSON.readTree(f.toFile()).get("Event");
            JsonNode d = event.get("EventData");
            boolean initiated = d.get("Initiated").asText().equals("true");
            String src = IngestEvents.address(d.get("SourceIp").asText());
            String dst = IngestEvents.address(d.get("DestinationIp").asText());
            assertThat(c.source()).isEqualTo("sysmon");
            assertThat(c.proto()).as(name).isEqualTo(d.get("Protocol").asText());
            assertThat(c.process().image()).as(name).isEqualTo(d.get("Image").asText()).isNotBlank();
            assertThat(c.process().user()).as(name).isEqualTo(d.get("User").asText()).isNotBlank();
            assertThat(c.process().pid()).as(name).isEqualTo(d.get("ProcessId").asLong());
            assertThat(c.process().host()).as(name).isEqualTo(event.get("System").get("Computer").asText());
            assertThat(c.id().origH()).as(name).isEqualTo(initiated ? src : dst);
            assertThat(c.id().respH()).as(name).isEqualTo(initiated ? dst : src);
            assertThat(c.id().origP()).as(name).isEqualTo(d.get(initiated ? "SourcePort" : "DestinationPort").asInt());
            assertThat(c.id().respP()).as(name).isEqualTo(d.get(initiated ? "DestinationPort" : "SourcePort").asInt());
            assertThat(c.process().origHostName()).as(name).isEqualTo(hostName(d.get(initiated ? "SourceHostname" : "DestinationHostname")));
            assertThat(c.process().respHostName()).as(name).isEqualTo(hostName(d.get(initiated ? "DestinationHostname" : "SourceHostname")));
            long ts = LocalDateTime.parse(d.get("UtcTime").asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"))
                    .toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
            assertThat(c.tsNanos()).as(name).isEqualTo(ts);
            assertThat(c.communityId()).as(name).startsWith("1:");
            assertThat(c.outcome()).isEqualTo(ConnectionCreation.Outcome.UNKNOWN);
        }
    }

    @Test
    void hostNamesArePresentWhereSysmonResolvedThem() {
        // The events whose Sysmon resolved names (not "-" or ""): both names, or the source's only.
        IngestRun certutil = IngestRun.of(new SysmonJsonFormat(), Corpus.file(
                "sysmon/sigma-regression/net_connection_win_certutil_initiated_connection__0dba975d-a193-4ed1-a067-424df57570d1.json"));
        assertThat(certutil.creations().get(0).process().origHostName()).isEqualTo("MSEDGEWIN10.home");
        assertThat(certutil.creations().get(0).process().respHostName()).isNull();
        IngestRun node = IngestRun.of(new SysmonJsonFormat(), Corpus.file(
                "sysmon/sigma-regression/net_connection_win_script_interpretors_cloud_metadata_access__4e7b2c9f-1a3d-4f8e-b5c0-8d6a3f2e9b4c.json"));
        assertThat(node.creations().get(0).process().respHostName()).isEqualTo("instance-data.eu-north-1.compute.internal");
        assertThat(node.creations().get(0).id().respH()).isEqualTo("169.254.169.254");
    }

    private static String hostName(JsonNode n) {
        String s = n == null ? "" : n.asText().trim();
        return s.isEmpty() || s.equals("-") ? null : s;
    }
}
