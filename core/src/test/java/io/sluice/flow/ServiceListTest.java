package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ServiceListTest {

    @Test
    void findsWholeNamesOnly() {
        assertThat(Flow.listed(null, "dns")).isFalse();
        assertThat(Flow.listed("dns", "dns")).isTrue();
        assertThat(Flow.listed("ssl,http", "http")).isTrue();
        assertThat(Flow.listed("ssl,http", "ssl")).isTrue();
        assertThat(Flow.listed("ssl,http", "tp")).isFalse();
        assertThat(Flow.listed("dce_rpc,smb", "smb")).isTrue();
        assertThat(Flow.listed("krb_tcp,krb", "krb")).isTrue();
        assertThat(Flow.listed("krb_tcp", "krb")).isFalse();
    }

    @Property
    void agreesWithSplitting(@ForAll @Size(min = 1, max = 4) java.util.List<@AlphaChars @StringLength(min = 1, max = 3) String> names,
            @ForAll @AlphaChars @StringLength(min = 1, max = 3) String name) {
        String list = String.join(",", names);
        assertThat(Flow.listed(list, name)).isEqualTo(Arrays.asList(list.split(",")).contains(name));
    }
}
