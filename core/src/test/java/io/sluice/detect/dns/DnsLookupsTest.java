package io.sluice.detect.dns;

import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsLookupsTest {

    @Test
    void tellsNamesFromAddressesAndLocalNames() {
        assertThat(DnsLookups.isAddressLiteral("185.56.137.138")).isTrue();
        assertThat(DnsLookups.isAddressLiteral("2001:db8::1")).isTrue();
        assertThat(DnsLookups.isAddressLiteral("db54a845.top")).isFalse();
        assertThat(DnsLookups.isAddressLiteral("")).isFalse();
        assertThat(DnsLookups.isReverse("8.8.8.8.in-addr.arpa")).isTrue();
        assertThat(DnsLookups.isLocalName("wpad")).isTrue();
        assertThat(DnsLookups.isLocalName("printer.local")).isTrue();
        assertThat(DnsLookups.isLocalName("www.example.com")).isFalse();
        assertThat(DnsLookups.hostWithoutPort("db54a845.top:8080")).isEqualTo("db54a845.top");
        assertThat(DnsLookups.hostWithoutPort("[2001:db8::1]:443")).isEqualTo("[2001:db8::1]:443");
        assertThat(DnsLookups.hostWithoutPort(null)).isEmpty();
    }

    @Test
    void onlyUnicastDnsRowsAreLookups() {
        assertThat(DnsLookups.isDnsLookup(dns("10.0.0.1", "www.example.com").build())).isTrue();
    }
}
