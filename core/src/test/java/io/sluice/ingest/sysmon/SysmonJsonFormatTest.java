package io.sluice.ingest.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestRun;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SysmonJsonFormatTest {

    private final SysmonJsonFormat format = new SysmonJsonFormat();

    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static String winlogbeat(String initiated, String srcIp, int srcPort, String dstIp, int dstPort) {
        return "{\"@timestamp\":\"2024-03-01T10:00:01.500Z\",\"winlog\":{\"event_id\":3,"
                + "\"provider_name\":\"Microsoft-Windows-Sysmon\",\"computer_name\":\"ws01.corp\","
                + "\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_data\":{"
                + "\"UtcTime\":\"2024-03-01 10:00:00.250\",\"ProcessId\":\"4242\",\"Image\":\"C:\\\\Tools\\\\a.exe\","
                + "\"User\":\"CORP\\\\bob\",\"Protocol\":\"tcp\",\"Initiated\":\"" + initiated + "\","
                + "\"SourceIp\":\"" + srcIp + "\",\"SourceHostname\":\"ws01.corp\",\"SourcePort\":\"" + srcPort + "\","
                + "\"DestinationIp\":\"" + dstIp + "\",\"DestinationHostname\":\"srv.example\","
                + "\"DestinationPort\":\"" + dstPort + "\"}}}";
    }

    @Test
    void winlogbeatOutboundConnection() {
        String in = winlogbeat("true", "10.1.1.5", 50123, "93.184.216.34", 443) + "\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("10.1.1.5", 50123, "93.184.216.34", 443));
        assertThat(c.tsNanos()).isEqualTo(nanos("2024-03-01T10:00:00.250Z"));
        assertThat(c.proto()).isEqualTo("tcp");
        assertThat(c.source()).isEqualTo("sysmon");
        assertThat(c.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(c.process().image()).isEqualTo("C:\\Tools\\a.exe");
        assertThat(c.process().pid()).isEqualTo(4242L);
        assertThat(c.process().user()).isEqualTo("CORP\\bob");
        assertThat(c.process().host()).isEqualTo("ws01.corp");
        assertThat(c.process().origHostName()).isEqualTo("ws01.corp");
        assertThat(c.process().respHostName()).isEqualTo("srv.example");
        assertThat(c.localOrig()).isTrue();
        assertThat(c.localResp()).isFalse();
        assertThat(c.communityId()).startsWith("1:");
    }

    @Test
    void notInitiatedMakesTheRemoteEndTheOriginator() {
        IngestRun run = IngestRun.of(format, winlogbeat("false", "10.1.1.5", 3389, "10.9.9.9", 51000));
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("10.9.9.9", 51000, "10.1.1.5", 3389));
        assertThat(c.process().origHostName()).isEqualTo("srv.example");
        assertThat(c.process().respHostName()).isEqualTo("ws01.corp");
    }

    @Test
    void nxlogFlatJson() {
        String in = "{\"EventTime\":\"2024-03-01 11:00:00\",\"Hostname\":\"ws02\",\"EventID\":3,"
                + "\"SourceName\":\"Microsoft-Windows-Sysmon\",\"UtcTime\":\"2024-03-01 10:59:59.001\","
                + "\"ProcessId\":\"8\",\"Image\":\"C:\\\\x.exe\",\"User\":\"NT AUTHORITY\\\\SYSTEM\",\"Protocol\":\"udp\","
                + "\"Initiated\":\"true\",\"SourceIp\":\"fe80:0:0:0:0:0:0:1\",\"SourceHostname\":\"-\","
                + "\"SourcePort\":\"5353\",\"DestinationIp\":\"ff02:0:0:0:0:0:0:fb\",\"DestinationHostname\":\"\","
                + "\"DestinationPort\":\"5353\"}\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("fe80::1", 5353, "ff02::fb", 5353));
        assertThat(c.proto()).isEqualTo("udp");
        assertThat(c.process().host()).isEqualTo("ws02");
        assertThat(c.process().origHostName()).isNull();
        assertThat(c.process().respHostName()).isNull();
        assertThat(c.tsNanos()).isEqualTo(nanos("2024-03-01T10:59:59.001Z"));
    }

    @Test
    void getWinEventConvertToJsonArrayWithPositionalProperties() {
        String in = "[\n {\n  \"Id\": 3,\n  \"ProviderName\": \"Microsoft-Windows-Sysmon\",\n"
                + "  \"MachineName\": \"ws03\",\n  \"TimeCreated\": \"/Date(1709287200000)/\",\n  \"Properties\": [\n"
                + "   {\"Value\": \"-\"}, {\"Value\": \"2024-03-01 10:00:00.000\"}, {\"Value\": \"{guid}\"}, {\"Value\": 77},\n"
                + "   {\"Value\": \"C:\\\\p.exe\"}, {\"Value\": \"W\\\\u\"}, {\"Value\": \"tcp\"}, {\"Value\": true},\n"
                + "   {\"Value\": false}, {\"Value\": \"192.168.1.2\"}, {\"Value\": \"\"}, {\"Value\": 1025}, {\"Value\": \"\"},\n"
                + "   {\"Value\": false}, {\"Value\": \"192.168.1.3\"}, {\"Value\": \"\"}, {\"Value\": 445}, {\"Value\": \"microsoft-ds\"}\n"
                + "  ]\n },\n {\n  \"Id\": 1,\n  \"ProviderName\": \"Microsoft-Windows-Sysmon\",\n  \"Properties\": []\n }\n]\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.events).hasSize(1); // Event ID 1 is skipped, not a problem
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("192.168.1.2", 1025, "192.168.1.3", 445));
        assertThat(c.process().pid()).isEqualTo(77L);
        assertThat(c.process().user()).isEqualTo("W\\u");
        assertThat(c.tsNanos()).isEqualTo(nanos("2024-03-01T10:00:00Z"));
    }

    @Test
    void evtxECmdPayloadAndXmlToDictShapes() {
        String payload = "{\\\"EventData\\\":{\\\"Data\\\":[{\\\"@Name\\\":\\\"UtcTime\\\",\\\"#text\\\":\\\"2024-01-02 03:04:05.678\\\"},"
                + "{\\\"@Name\\\":\\\"ProcessId\\\",\\\"#text\\\":\\\"9\\\"},{\\\"@Name\\\":\\\"Image\\\",\\\"#text\\\":\\\"C:\\\\\\\\e.exe\\\"},"
                + "{\\\"@Name\\\":\\\"User\\\",\\\"#text\\\":\\\"D\\\\\\\\e\\\"},{\\\"@Name\\\":\\\"Protocol\\\",\\\"#text\\\":\\\"tcp\\\"},"
                + "{\\\"@Name\\\":\\\"Initiated\\\",\\\"#text\\\":\\\"true\\\"},{\\\"@Name\\\":\\\"SourceIp\\\",\\\"#text\\\":\\\"10.0.0.1\\\"},"
                + "{\\\"@Name\\\":\\\"SourcePort\\\",\\\"#text\\\":\\\"1111\\\"},{\\\"@Name\\\":\\\"DestinationIp\\\",\\\"#text\\\":\\\"10.0.0.2\\\"},"
                + "{\\\"@Name\\\":\\\"DestinationPort\\\",\\\"#text\\\":\\\"22\\\"}]}}";
        String evtxecmd = "{\"EventId\":3,\"Provider\":\"Microsoft-Windows-Sysmon\",\"Computer\":\"ws04\","
                + "\"TimeCreated\":\"2024-01-02T03:04:06.0000000+00:00\",\"Payload\":\"" + payload + "\"}";
        String xmltodict = "{\"Event\":{\"System\":{\"Provider\":{\"@Name\":\"Microsoft-Windows-Sysmon\"},"
                + "\"EventID\":{\"#text\":\"3\"},\"Computer\":\"ws05\",\"TimeCreated\":{\"@SystemTime\":\"2024-01-02T03:04:06Z\"}},"
                + "\"EventData\":{\"Data\":[{\"@Name\":\"UtcTime\",\"#text\":\"2024-01-02 03:04:05.678\"},"
                + "{\"@Name\":\"Image\",\"#text\":\"C:\\\\f.exe\"},{\"@Name\":\"Protocol\",\"#text\":\"tcp\"},"
                + "{\"@Name\":\"Initiated\",\"#text\":\"true\"},{\"@Name\":\"SourceIp\",\"#text\":\"10.0.0.3\"},"
                + "{\"@Name\":\"SourcePort\",\"#text\":\"2222\"},{\"@Name\":\"DestinationIp\",\"#text\":\"10.0.0.4\"},"
                + "{\"@Name\":\"DestinationPort\",\"#text\":\"80\"}]}}}";
        IngestRun run = IngestRun.of(format, evtxecmd + "\n" + xmltodict + "\n");
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(ConnectionCreation::id).containsExactly(
                new ConnId("10.0.0.1", 1111, "10.0.0.2", 22), new ConnId("10.0.0.3", 2222, "10.0.0.4", 80));
        assertThat(run.creations().get(0).process().image()).isEqualTo("C:\\e.exe");
        assertThat(run.creations().get(0).process().host()).isEqualTo("ws04");
        assertThat(run.creations().get(1).process().host()).isEqualTo("ws05");
    }

    static String wfp(int id, String direction, String src, int sport, String dst, int dport, int proto) {
        return "{\"@timestamp\":\"2024-03-01T12:00:00Z\",\"winlog\":{\"event_id\":\"" + id + "\","
                + "\"provider_name\":\"Microsoft-Windows-Security-Auditing\",\"computer_name\":\"dc01\",\"time_created\":"
                + "\"2024-03-01T12:00:00.000Z\",\"event_data\":{\"ProcessID\":\"4\",\"Application\":"
                + "\"\\\\device\\\\harddiskvolume2\\\\windows\\\\system32\\\\svchost.exe\",\"Direction\":\"" + direction + "\","
                + "\"SourceAddress\":\"" + src + "\",\"SourcePort\":\"" + sport + "\",\"DestAddress\":\"" + dst + "\","
                + "\"DestPort\":\"" + dport + "\",\"Protocol\":\"" + proto + "\",\"FilterRTID\":\"0\","
                + "\"LayerName\":\"%%14611\",\"LayerRTID\":\"48\"}}}";
    }

    @Test
    void windowsSecurity5156And5157() {
        String in = wfp(5156, "%%14593", "10.0.0.10", 50000, "10.0.0.20", 445, 6) + "\n"
                + wfp(5156, "%%14592", "10.0.0.10", 3389, "10.0.0.30", 50001, 6) + "\n"
                + wfp(5157, "Inbound", "10.0.0.10", 135, "10.0.0.40", 50002, 6) + "\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(ConnectionCreation::id).containsExactly(
                new ConnId("10.0.0.10", 50000, "10.0.0.20", 445), new ConnId("10.0.0.30", 50001, "10.0.0.10", 3389),
                new ConnId("10.0.0.40", 50002, "10.0.0.10", 135));
        assertThat(run.creations()).extracting(ConnectionCreation::outcome)
                .containsExactly(Outcome.UNKNOWN, Outcome.UNKNOWN, Outcome.REJECTED);
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.source()).isEqualTo("windows-security");
        assertThat(c.process().image()).endsWith("svchost.exe");
        assertThat(c.process().pid()).isEqualTo(4L);
        assertThat(c.process().host()).isEqualTo("dc01");
        assertThat(c.tsNanos()).isEqualTo(nanos("2024-03-01T12:00:00Z"));
    }

    @Test
    void malformedLinesAreReportedWithTheirLineAndTheRestIsKept() {
        String good = winlogbeat("true", "10.1.1.5", 50123, "93.184.216.34", 443);
        String in = good + "\n"
                + "{\"winlog\":{\"event_id\":3,\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_data\":{\"Sour\n"
                + good.replace("50123", "50124") + "\n"
                + "this is not json\n"
                + winlogbeat("true", "not-an-ip", 1, "10.0.0.1", 2) + "\n"
                + good.replace("50123", "50125") + "\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations()).extracting(c -> c.id().origP()).containsExactly(50123, 50124, 50125);
        assertThat(run.problems).extracting(IngestRun.Problem::position).containsExactly("line 2", "line 4", "line 5");
        assertThat(run.problems.get(2).reason()).contains("SourceIp");
    }

    @Test
    void winlogbeatWithTheDataMovedToEcsFields() {
        String in = "{\"@timestamp\":\"2024-03-01T10:00:01.500Z\",\"source\":{\"ip\":\"10.1.1.5\",\"port\":50999,"
                + "\"domain\":\"ws01\"},\"destination\":{\"ip\":\"10.1.1.9\",\"port\":445},\"network\":{\"transport\":\"tcp\","
                + "\"direction\":\"egress\"},\"process\":{\"executable\":\"C:\\\\w.exe\",\"pid\":55},\"user\":{\"name\":\"bob\","
                + "\"domain\":\"CORP\"},\"winlog\":{\"event_id\":\"3\",\"provider_name\":\"Microsoft-Windows-Sysmon\","
                + "\"computer_name\":\"ws01\",\"event_data\":{\"RuleName\":\"-\"}}}\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("10.1.1.5", 50999, "10.1.1.9", 445));
        assertThat(c.process().image()).isEqualTo("C:\\w.exe");
        assertThat(c.process().user()).isEqualTo("CORP\\bob");
        assertThat(c.process().origHostName()).isEqualTo("ws01");
        assertThat(c.tsNanos()).isEqualTo(nanos("2024-03-01T10:00:01.500Z"));
    }

    @Test
    void doesNotRecogniseOtherFormats() {
        assertThat(IngestRun.recognises(format, "2 123 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK\n")).isFalse();
        assertThat(IngestRun.recognises(format, "{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n")).isFalse();
    }
}
