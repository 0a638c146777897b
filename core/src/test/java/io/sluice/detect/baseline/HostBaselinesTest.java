package io.sluice.detect.baseline;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.SmbMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostBaselinesTest {

    private static final long HOUR = 3_600_000_000_000L;

    private static HostBaselines baselines(long learningNanos) {
        return new HostBaselines(BaselineConfig.defaults().withLearningNanos(learningNanos));
    }

    @Test
    void learnsDestinationsPortsServicesAndBytesFromAnsweredConnections() {
        var b = baselines(HOUR);
        b.observe(conn("10.0.0.5", "93.184.216.34", 443).service("ssl").bytes(500, 9000).at(10).flow());
        b.observe(conn("10.0.0.5", "93.184.216.35", 443).state("REJ").at(11).flow());
        b.observe(conn("10.0.0.5", "93.184.216.36", 80).state("S0").at(12).creation());
        var p = b.profile("10.0.0.5");
        assertThat(p.destinations().entries()).containsOnlyKeys("93.184.216.34");
        assertThat(p.destPorts().entries()).containsOnlyKeys("tcp/443");
        assertThat(p.services().entries()).containsOnlyKeys("ssl");
        assertThat(p.bytesOut()).isEqualTo(500);
        assertThat(p.bytesIn()).isEqualTo(9000);
        assertThat(p.firstSeenNanos()).isEqualTo(t(10));
        assertThat(p.lastSeenNanos()).isEqualTo(t(12));
        assertThat(b.profile("93.184.216.34")).as("external hosts are not profiled").isNull();
    }

    @Test
    void firstContactIsTheEarliestEventTimeWhateverTheArrivalOrder() {
        var b = baselines(0);
        b.observe(conn("10.0.0.5", "198.51.100.7", 443).at(100).creation());
        b.observe(conn("10.0.0.5", "198.51.100.7", 443).at(40).flow()); // a long flow reported late
        assertThat(b.firstContactNanos("10.0.0.5", "198.51.100.7")).isEqualTo(t(40));
        assertThat(b.contactedBefore("10.0.0.5", "198.51.100.7", t(40))).as("not before itself").isFalse();
        assertThat(b.contactedBefore("10.0.0.5", "198.51.100.7", t(41))).isTrue();
        assertThat(b.contactedBefore("10.0.0.5", "198.51.100.8", t(41))).isFalse();
    }

    @Test
    void learningPeriodRunsFromTheHostsFirstEvent() {
        var b = baselines(HOUR);
        assertThat(b.learning("10.0.0.5", t(0))).as("unknown host").isTrue();
        b.observe(conn("10.0.0.5", "198.51.100.7", 443).at(0).flow());
        assertThat(b.learning("10.0.0.5", t(3599))).isTrue();
        assertThat(b.learning("10.0.0.5", t(3600))).isFalse();
        assertThat(b.learningEndsNanos("10.0.0.5")).isEqualTo(t(3600));
        b.observe(conn("10.0.0.5", "198.51.100.8", 443).at(3599).flow());
        b.observe(conn("10.0.0.5", "198.51.100.9", 443).at(3600).flow());
        assertThat(b.contactedWhileLearning("10.0.0.5", "198.51.100.8")).isTrue();
        assertThat(b.contactedWhileLearning("10.0.0.5", "198.51.100.9")).isFalse();
        assertThat(b.contactedBefore("10.0.0.5", "198.51.100.9", t(3601))).isTrue();
    }

    @Test
    void capsDropAndCountAndMarkTheSetSaturated() {
        var b = new HostBaselines(BaselineConfig.defaults().withCaps(2, 2));
        for (int i = 1; i <= 3; i++) b.observe(conn("10.0.0.5", "198.51.100." + i, 443).at(i).flow());
        var p = b.profile("10.0.0.5");
        assertThat(p.destinations().size()).isEqualTo(2);
        assertThat(p.destinations().dropped()).isEqualTo(1);
        assertThat(b.destinationsSaturated("10.0.0.5")).isTrue();
        b.observe(conn("10.0.0.6", "198.51.100.1", 443).at(5).flow());
        b.observe(conn("10.0.0.7", "198.51.100.1", 443).at(6).flow());
        assertThat(b.hostCount()).isEqualTo(2);
        assertThat(b.hostsDropped()).isEqualTo(1);
    }

    @Test
    void rolesFromClientsServedOrConfiguration() {
        var b = new HostBaselines(BaselineConfig.defaults().withLearningNanos(HOUR)
                .withRoles(3, List.of("10.9.0.0/16"), List.of("10.8.0.0/16")));
        for (int i = 1; i <= 3; i++) b.observe(conn("10.0.1." + i, "10.0.0.10", 445).at(i).flow());
        b.observe(conn("10.0.0.20", "10.0.0.21", 3389).at(1).flow());
        assertThat(b.role("10.0.0.10", t(10))).isEqualTo(HostRole.SERVER);
        assertThat(b.role("10.0.0.21", t(10))).as("still learning").isEqualTo(HostRole.UNKNOWN);
        assertThat(b.role("10.0.0.21", t(3601))).isEqualTo(HostRole.WORKSTATION);
        assertThat(b.role("10.0.1.1", t(3601))).isEqualTo(HostRole.WORKSTATION);
        assertThat(b.role("10.9.1.1", t(0))).isEqualTo(HostRole.SERVER);
        assertThat(b.role("10.8.1.1", t(0))).isEqualTo(HostRole.WORKSTATION);
        assertThat(b.profile("10.0.0.10").servedPortClients()).containsEntry("tcp/445", 3);
    }

    @Test
    void inboundByPortServiceRpcInterfaceAndShare() {
        var b = baselines(0);
        b.observe(conn("10.0.0.5", "10.0.0.9", 3389).service("rdp").at(1).flow());
        var id = new ConnId("10.0.0.5", 50000, "10.0.0.9", 445);
        b.observe(new SmbMapping(t(2), "Cx", id, "\\\\10.0.0.9\\ADMIN$", null, null, "DISK", "3.11"));
        b.observe(new DceRpcCall(t(3), "Cy", new ConnId("10.0.0.5", 50001, "10.0.0.9", 135), 1000L, "135",
                "IRemoteSCMActivator", "RemoteCreateInstance"));
        assertThat(b.servedBefore("10.0.0.9", "tcp/3389", "10.0.0.5", t(5))).isTrue();
        assertThat(b.servedBefore("10.0.0.9", "rdp", "10.0.0.5", t(5))).isTrue();
        assertThat(b.servedBefore("10.0.0.9", "share:ADMIN$", "10.0.0.5", t(5))).isTrue();
        assertThat(b.servedBefore("10.0.0.9", "rpc:IRemoteSCMActivator", "10.0.0.5", t(5))).isTrue();
        assertThat(b.servedBefore("10.0.0.9", "rpc:IRemoteSCMActivator", "10.0.0.5", t(3))).isFalse();
        assertThat(b.servedBefore("10.0.0.9", "rdp", "10.0.0.6", t(5))).isFalse();
    }

    @Test
    void processesAndMacsFromHostSideSources() {
        var b = baselines(0);
        b.observe(conn("10.0.0.5", "198.51.100.7", 443).process("C:\\Program Files\\Google\\chrome.exe").at(1)
                .creation());
        assertThat(b.profile("10.0.0.5").processes().entries()).containsOnlyKeys("C:\\Program Files\\Google\\chrome.exe");
    }

    @Test
    void shareNames() {
        assertThat(HostBaselines.shareName("\\\\host\\c$")).isEqualTo("C$");
        assertThat(HostBaselines.shareName("\\\\host\\")).isNull();
        assertThat(HostBaselines.shareName(null)).isNull();
        // smb_mapping.log's path is a wire string: the share is upper-cased as text, not byte by byte
        assertThat(HostBaselines.shareName(io.sluice.event.WireText.ofText("\\\\h\u00f4te\\partag\u00e9$")))
                .isEqualTo("PARTAG\u00c9$");
    }
}
