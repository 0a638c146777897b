package io.sluice.ingest.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.ingest.IngestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysmonXmlFormatTest {

    private final SysmonXmlFormat format = new SysmonXmlFormat();

    static String sysmon(String src, int sport, String dst, int dport, String initiated) {
        return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>"
                + "<EventID>3</EventID><Version>5</Version><TimeCreated SystemTime='2019-04-27T00:10:32.964282300Z'/>"
                + "<Computer>WARDOG.RIVENDELL.local</Computer></System><EventData><Data Name='RuleName'/>"
                + "<Data Name='UtcTime'>2019-04-27 00:10:31.843</Data><Data Name='ProcessId'>820</Data>"
                + "<Data Name='Image'>C:\\Windows\\System32\\lsass.exe</Data><Data Name='User'>NT AUTHORITY\\SYSTEM</Data>"
                + "<Data Name='Protocol'>tcp</Data><Data Name='Initiated'>" + initiated + "</Data>"
                + "<Data Name='SourceIsIpv6'>false</Data><Data Name='SourceIp'>" + src + "</Data>"
                + "<Data Name='SourceHostname'>WARDOG.RIVENDELL.local</Data><Data Name='SourcePort'>" + sport + "</Data>"
                + "<Data Name='DestinationIp'>" + dst + "</Data><Data Name='DestinationHostname'>HFDC01</Data>"
                + "<Data Name='DestinationPort'>" + dport + "</Data></EventData></Event>";
    }

    @Test
    void wevtutilEventsWithoutARootOnOneLine() {
        String other = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID></System><EventData/></Event>";
        String in = sysmon("10.0.0.5", 50000, "10.0.0.1", 389, "true") + other
                + sysmon("10.0.0.5", 445, "10.0.0.9", 50001, "false") + "\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(ConnectionCreation::id).containsExactly(
                new ConnId("10.0.0.5", 50000, "10.0.0.1", 389), new ConnId("10.0.0.9", 50001, "10.0.0.5", 445));
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.process().image()).isEqualTo("C:\\Windows\\System32\\lsass.exe");
        assertThat(c.process().user()).isEqualTo("NT AUTHORITY\\SYSTEM");
        assertThat(c.process().host()).isEqualTo("WARDOG.RIVENDELL.local");
        assertThat(c.process().respHostName()).isEqualTo("HFDC01");
        assertThat(c.source()).isEqualTo("sysmon");
    }

    @Test
    void eventsInsideARootWithDeclarationAndA5156() {
        String wfp = "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n <System>\n"
                + "  <Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-a5ba-3e3b0328c30d}\"/>\n"
                + "  <EventID>5156</EventID>\n  <TimeCreated SystemTime=\"2015-09-22T05:24:22.622090200Z\"/>\n"
                + "  <Computer>DC01.contoso.local</Computer>\n </System>\n <EventData>\n"
                + "  <Data Name=\"ProcessID\">4556</Data>\n"
                + "  <Data Name=\"Application\">\\device\\harddiskvolume2\\windows\\system32\\dns.exe</Data>\n"
                + "  <Data Name=\"Direction\">%%14593</Data>\n  <Data Name=\"SourceAddress\">10.0.0.10</Data>\n"
                + "  <Data Name=\"SourcePort\">53</Data>\n  <Data Name=\"DestAddress\">10.0.0.100</Data>\n"
                + "  <Data Name=\"DestPort\">50955</Data>\n  <Data Name=\"Protocol\">17</Data>\n"
                + " </EventData>\n</Event>\n";
        String in = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n" + wfp
                + "<Event><System><EventID>3</EventID><Broken></System></Event>\n" + wfp + "</Events>\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations()).hasSize(2);
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.id()).isEqualTo(new ConnId("10.0.0.10", 53, "10.0.0.100", 50955));
        assertThat(c.proto()).isEqualTo("udp");
        assertThat(c.source()).isEqualTo("windows-security");
        assertThat(c.process().pid()).isEqualTo(4556L);
        assertThat(run.problems).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo("line 21");
            assertThat(p.reason()).contains("malformed event XML");
        });
    }

    @Test
    void sysmonForLinuxInSyslog() {
        String event = "<Event><System><Provider Name=\"Linux-Sysmon\" Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/>"
                + "<EventID>3</EventID><Version>5</Version><TimeCreated SystemTime=\"2024-05-01T08:00:00.123456000Z\"/>"
                + "<Computer>ubuntu-web</Computer></System><EventData><Data Name=\"RuleName\">-</Data>"
                + "<Data Name=\"UtcTime\">2024-05-01 08:00:00.120</Data><Data Name=\"ProcessId\">1234</Data>"
                + "<Data Name=\"Image\">/usr/bin/wget</Data><Data Name=\"User\">root</Data><Data Name=\"Protocol\">tcp</Data>"
                + "<Data Name=\"Initiated\">true</Data><Data Name=\"SourceIsIpv6\">false</Data><Data Name=\"SourceIp\">10.0.0.8</Data>"
                + "<Data Name=\"SourceHostname\">-</Data><Data Name=\"SourcePort\">41000</Data><Data Name=\"DestinationIp\">10.0.0.1</Data>"
                + "<Data Name=\"DestinationHostname\">-</Data><Data Name=\"DestinationPort\">80</Data></EventData></Event>";
        String in = "May  1 08:00:00 ubuntu-web sysmon: " + event + "\n"
                + "May  1 08:00:01 ubuntu-web sysmon: " + event.replace("41000", "41001") + "\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(c -> c.id().origP()).containsExactly(41000, 41001);
        assertThat(run.creations().get(0).process().image()).isEqualTo("/usr/bin/wget");
        assertThat(run.creations().get(0).process().user()).isEqualTo("root");
        assertThat(run.creations().get(0).process().host()).isEqualTo("ubuntu-web");
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "10.6.6.6");
        String in = "<Event><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>3</EventID></System><EventData>"
                + "<Data Name='SourceIp'>&e;</Data></EventData></Event>\n"
                + sysmon("10.0.0.5", 50000, "10.0.0.1", 389, "true");
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.creations()).hasSize(1);
        assertThat(run.creations().get(0).id().origH()).isEqualTo("10.0.0.5");
        assertThat(run.problems).hasSize(1);
        assertThat(run.problems.get(0).position()).isEqualTo("line 1");
    }
}
