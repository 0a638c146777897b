package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.packet.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Local networks (Zeek's private address space), uids, and the records' identity fields. */
class SiteAndIdentityTest {

    @Test
    void zeekPrivateAddressSpaceIsLocal() {
        LocalNetworks nets = LocalNetworks.zeekDefault();
        assertThat(nets.contains(0, Pkts.v4("0.0.0.0"))).isTrue();
        assertThat(nets.contains(0, Pkts.v4("255.255.255.255"))).isTrue();
        assertThat(nets.contains(0, Pkts.v4("172.28.2.3"))).isTrue();
        assertThat(nets.contains(0, Pkts.v4("100.64.1.1"))).isTrue();
        assertThat(nets.contains(0, Pkts.v4("66.59.111.190"))).isFalse();
        assertThat(nets.contains(0, Pkts.v4("224.2.127.254"))).isFalse();
        // 2001:0::/23 (IETF protocol assignments) contains Teredo's 2001:0:4137:...
        assertThat(nets.contains(0x200100004137_9e50L, 0x8000f12ab9c82815L)).isTrue();
        assertThat(nets.contains(0x200148600000_2001L, 0x68L)).isFalse();
        assertThat(nets.contains(0xfe80000000000000L, 1)).isTrue();
    }

    @Test
    void ipv4NetworksDoNotMatchIpv6Addresses() {
        LocalNetworks nets = LocalNetworks.of(List.of("10.0.0.0/8"));
        assertThat(nets.contains(0, Pkts.v4("10.1.2.3"))).isTrue();
        assertThat(nets.contains(0, 0x0a010203L)).isFalse();
        assertThatThrownBy(() -> LocalNetworks.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> LocalNetworks.of(List.of("example.com/8"))).hasMessageContaining("example.com");
    }

    @Test
    void emptyLocalNetworksLeaveLocalFieldsUnset() {
        RecordingListener out = new RecordingListener();
        FlowTable table = new FlowTable(FlowConfig.defaults().withLocalNetworks(LocalNetworks.none()), out);
        table.process(Pkts.udp(1.0, "10.0.0.1", 1, "10.0.0.2", 2, 1));
        table.flush();
        assertThat(out.only().localOrig()).isNull();
    }

    @Test
    void uidsLookLikeZeeksAndRepeatForTheSameSeed() {
        UidGenerator a = new UidGenerator(42), b = new UidGenerator(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String u = a.next();
            assertThat(u).matches("C[0-9A-Za-z]{11,17}");
            assertThat(b.next()).isEqualTo(u);
            seen.add(u);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(new UidGenerator(43).next()).isNotEqualTo(new UidGenerator(42).next());
    }

    @Test
    void base62IsLeastSignificantDigitFirstPerWord() {
        assertThat(UidGenerator.format(0, 0)).isEqualTo("C00");
        assertThat(UidGenerator.format(61, 62)).isEqualTo("Cz01");
        // expected value computed independently (Python) for 2^64-1 and 2^32-1
        assertThat(UidGenerator.format(-1L, -1)).isEqualTo("C" + "FYHA61aHgyL" + "3CFfg4");
    }

    @Test
    void recordsCarryMacsAndCommunityId() {
        RecordingListener out = new RecordingListener();
        FlowTable table = new FlowTable(FlowConfig.defaults(), out);
        var p = Pkts.udp(1.0, "192.168.1.52", 54585, "8.8.8.8", 53, 10);
        p.srcMac = 0x0011223344aaL;
        p.dstMac = 0xffffffffffffL;
        table.process(p);
        table.flush();
        var r = out.only();
        assertThat(r.origL2Addr()).isEqualTo("00:11:22:33:44:aa");
        assertThat(r.respL2Addr()).isEqualTo("ff:ff:ff:ff:ff:ff");
        assertThat(r.communityId()).isEqualTo("1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
        assertThat(out.created.get(0).communityId()).isEqualTo(r.communityId());
        assertThat(r.source()).isEqualTo("pcap");
        assertThat(IpAddress.format(0, Pkts.v4("8.8.8.8"))).isEqualTo(r.id().respH());
    }
}
