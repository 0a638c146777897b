package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegisteredDomainTest {

    @Test
    void splitsAtThePublicSuffix() {
        var d = RegisteredDomain.of("A.b.Example.CO.UK.");
        assertThat(d.name()).isEqualTo("a.b.example.co.uk");
        assertThat(d.registered()).isEqualTo("example.co.uk");
        assertThat(d.subdomain()).isEqualTo("a.b");
        assertThat(d.suffix()).isEqualTo("co.uk");
        assertThat(d.label()).isEqualTo("example");
        assertThat(d.suffixKnown()).isTrue();
    }

    @Test
    void privateSuffixesMakeEachCustomerARegisteredDomain() {
        var d = RegisteredDomain.of("x7kq2.dyndns.org");
        assertThat(d.registered()).isEqualTo("x7kq2.dyndns.org");
        assertThat(d.label()).isEqualTo("x7kq2");
        assertThat(d.subdomain()).isEmpty();
    }

    @Test
    void unknownSuffixesAndOddNamesFallBackToTheLastTwoLabels() {
        var bazar = RegisteredDomain.of("c2.xapoxypi.bazar");
        assertThat(bazar.registered()).isEqualTo("xapoxypi.bazar");
        assertThat(bazar.subdomain()).isEqualTo("c2");
        assertThat(bazar.suffixKnown()).isFalse();

        var srv = RegisteredDomain.of("_ldap._tcp.dc._msdcs.corp.example.com");
        assertThat(srv.registered()).isEqualTo("example.com");
        assertThat(srv.subdomain()).isEqualTo("_ldap._tcp.dc._msdcs.corp");

        assertThat(RegisteredDomain.of("wpad").registered()).isEqualTo("wpad");
        assertThat(RegisteredDomain.of("").registered()).isEmpty();
        assertThat(RegisteredDomain.of(null).registered()).isEmpty();
        assertThat(RegisteredDomain.of("com").subdomain()).isEmpty();
    }

    @Test
    void longNamesSplitAsIfWhole() {
        var d = RegisteredDomain.of("a.b.c.d.e.f.g.h.i.j.k.l.www.example.co.uk");
        assertThat(d.registered()).isEqualTo("example.co.uk");
        assertThat(d.subdomain()).isEqualTo("a.b.c.d.e.f.g.h.i.j.k.l.www");
        assertThat(d.label()).isEqualTo("example");
        var naive = RegisteredDomain.of("a.b.c.d.e.f.g.h.i.j.x7.bazar");
        assertThat(naive.registered()).isEqualTo("x7.bazar");
        assertThat(naive.subdomain()).isEqualTo("a.b.c.d.e.f.g.h.i.j");
    }

    @Test
    void reverseLookupsKeepTheirZone() {
        var d = RegisteredDomain.of("8.8.8.8.in-addr.arpa");
        assertThat(d.registered()).endsWith("in-addr.arpa");
    }
}
