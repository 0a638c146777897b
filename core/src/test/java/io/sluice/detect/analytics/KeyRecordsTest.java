package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The state keys whose {@code hashCode} and {@code equals} are written out must give what the
 * record's generated methods give: analytics keep some of them in hash maps and sets, and a
 * different hash would change iteration orders, and with them the order of what an alert lists.
 */
class KeyRecordsTest {

    record Pair(String a, String b) {}

    record Triple(String a, String b, String c) {}

    record HostAndPort(String a, int b) {}

    record ServiceTwin(String a, int b, String c) {}

    @Property
    void hostPairHashesAsARecord(@ForAll String src, @ForAll String dst, @ForAll String other) {
        assertThat(new HostPair(src, dst).hashCode()).isEqualTo(new Pair(src, dst).hashCode());
        assertThat(new HostPair(src, dst)).isEqualTo(new HostPair(src, dst));
        assertThat(new HostPair(src, dst).equals(new HostPair(src, other))).isEqualTo(dst.equals(other));
        assertThat(new HostPair(null, dst).hashCode()).isEqualTo(new Pair(null, dst).hashCode());
    }

    @Property
    void dnsTunnelKeyHashesAsARecord(@ForAll String client, @ForAll String domain, @ForAll String other) {
        var k = new DnsTunnelDetector.Key(client, domain);
        assertThat(k.hashCode()).isEqualTo(new Pair(client, domain).hashCode());
        assertThat(k.equals(new DnsTunnelDetector.Key(other, domain))).isEqualTo(client.equals(other));
    }

    @Property
    void serviceHashesAsARecord(@ForAll String host, @ForAll @IntRange(max = 65535) int port, @ForAll String protocols) {
        var s = new NonStandardPortDetector.Service(host, port, protocols);
        assertThat(s.hashCode()).isEqualTo(new ServiceTwin(host, port, protocols).hashCode());
        assertThat(s).isEqualTo(new NonStandardPortDetector.Service(host, port, protocols));
        assertThat(s).isNotEqualTo(new NonStandardPortDetector.Service(host, port + 1, protocols));
    }

    @Property
    void joinedAndHostPortKeysHashAsRecords(@ForAll String a, @ForAll String b, @ForAll String c, @ForAll int port) {
        assertThat(new JoinedKey(a, b, c).hashCode()).isEqualTo(new Triple(a, b, c).hashCode());
        assertThat(new HostPortKey(a, port).hashCode()).isEqualTo(new HostAndPort(a, port).hashCode());
    }
}
