package io.sluice.protocol.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * Zeek's find_alg walked in place must pick what the split-the-lists form picks: the first
 * non-empty client name that the server lists as a whole name.
 */
class SshNegotiationPropertyTest {

    private static String bySplitting(String client, String server) {
        String[] s = Arrays.stream(server.split(",")).filter(n -> !n.isEmpty()).toArray(String[]::new);
        for (String c : Arrays.stream(client.split(",")).filter(n -> !n.isEmpty()).toArray(String[]::new)) {
            for (String x : s) if (c.equals(x)) return c;
        }
        return SshKexInit.NEGOTIATION_FAILED;
    }

    @Property(tries = 3000)
    void picksWhatSplittingPicks(@ForAll @StringLength(max = 14) @Chars({'a', 'b', 'c', ','}) String client,
            @ForAll @StringLength(max = 14) @Chars({'a', 'b', 'c', ','}) String server) {
        assertThat(SshKexInit.negotiate(client, server)).isEqualTo(bySplitting(client, server));
    }

    @Example
    void firstClientChoiceTheServerHas() {
        assertThat(SshKexInit.negotiate("aes256-ctr,aes128-ctr", "aes128-ctr,aes256-ctr")).isEqualTo("aes256-ctr");
        assertThat(SshKexInit.negotiate("aes128", "aes128-ctr")).isEqualTo(SshKexInit.NEGOTIATION_FAILED);
        assertThat(SshKexInit.negotiateBoth("a,b", "b", "a", "a")).isEqualTo("To server: b, to client: a");
    }
}
