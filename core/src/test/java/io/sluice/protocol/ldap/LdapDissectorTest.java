package io.sluice.protocol.ldap;

import static io.sluice.packet.craft.LdapMessages.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.packet.craft.BerBytes;
import io.sluice.protocol.asn1.BerReader;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdapDissectorTest {

    private static void feed(LdapDissector d, RecordingContext ctx, boolean fromOrig, byte[] b) {
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    private static List<LdapMessageRow> ops(RecordingContext ctx) {
        return ctx.events.stream().filter(LdapMessageRow.class::isInstance).map(LdapMessageRow.class::cast).toList();
    }

    private static List<LdapSearchRow> searches(RecordingContext ctx) {
        return ctx.events.stream().filter(LdapSearchRow.class::isInstance).map(LdapSearchRow.class::cast).toList();
    }

    static String filter(byte[] f) {
        var r = new BerReader().reset(f, 0, f.length);
        r.next();
        return LdapFilter.render(r);
    }

    @Test
    void simpleBindRedactsThePassword() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        ctx.ts = 5;
        feed(d, ctx, true, simpleBind(1, "cn=admin,dc=example,dc=com", "hunter2"));
        ctx.ts = 6;
        feed(d, ctx, false, result(0x61, 1, 49, "80090308: LdapErr: DSID-0C09042A"));
        var r = ops(ctx);
        assertThat(r).hasSize(1);
        var row = r.get(0);
        assertThat(row.tsNanos()).isEqualTo(5);
        assertThat(row.messageId()).isEqualTo(1L);
        assertThat(row.version()).isEqualTo(3L);
        assertThat(row.opcode()).isEqualTo("bind simple");
        assertThat(row.object()).isEqualTo("cn=admin,dc=example,dc=com");
        assertThat(row.argument()).isEqualTo("REDACTED");
        assertThat(row.result()).isEqualTo("invalid credentials");
        assertThat(row.diagnosticMessage()).isEqualTo("80090308: LdapErr: DSID-0C09042A");
        assertThat(ctx.events.toString()).doesNotContain("hunter2");
        assertThat(ctx.confirmed).containsExactly("ldap_tcp");
    }

    @Test
    void searchIsOneRowCountingEntriesSplitAtEveryByte() {
        byte[] req = search(2, "dc=example,dc=com", 2, and(eq("objectClass", "user"), present("servicePrincipalName")),
                "servicePrincipalName", "sAMAccountName");
        byte[] resp = BerBytes.concat(entry(2, "cn=a"), entry(2, "cn=b"), result(0x65, 2, 0, ""));
        for (int split = 0; split <= resp.length; split++) {
            var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
            var d = new LdapDissector();
            int s1 = Math.min(split, req.length);
            d.onData(true, ByteBuffer.wrap(req), 0, s1, ctx);
            d.onData(true, ByteBuffer.wrap(req), s1, req.length - s1, ctx);
            d.onData(false, ByteBuffer.wrap(resp), 0, split, ctx);
            d.onData(false, ByteBuffer.wrap(resp), split, resp.length - split, ctx);
            d.onEnd(ctx);
            var s = searches(ctx);
            assertThat(s).as("split %d", split).hasSize(1);
            var row = s.get(0);
            assertThat(row.baseObject()).isEqualTo("dc=example,dc=com");
            assertThat(row.scope()).isEqualTo("tree");
            assertThat(row.derefAliases()).isEqualTo("never");
            assertThat(row.resultCount()).isEqualTo(2);
            assertThat(row.result()).isEqualTo("success");
            assertThat(row.diagnosticMessage()).isNull();
            assertThat(row.filter()).isEqualTo("(&(objectClass=user)(servicePrincipalName=*))");
            assertThat(row.attributes()).containsExactly("servicePrincipalName", "sAMAccountName");
            assertThat(ops(ctx)).isEmpty();
            assertThat(ctx.weirds).isEmpty();
        }
    }

    @Test
    void filtersRenderAsZeekRendersThem() {
        assertThat(filter(and(eq("a", "1"), eq("b", "2"), eq("c", "3")))).isEqualTo("(&(&(a=1)(b=2))(c=3))");
        assertThat(filter(or(eq("a", "1")))).isEqualTo("(|(a=1))");
        assertThat(filter(not(present("x")))).isEqualTo("(!(x=*))");
        assertThat(filter(substring("cn", "ad", "mi", "n"))).isEqualTo("(cn=ad*mi*n)");
        assertThat(filter(substring("cn", null, null, "n"))).isEqualTo("(cn=*n)");
        assertThat(filter(substring("cn", "ad", null, null))).isEqualTo("(cn=ad*)");
        assertThat(filter(extensible("1.2.840.113556.1.4.803", "userAccountControl", "4194304")))
                .isEqualTo("(userAccountControl:1.2.840.113556.1.4.803:=4194304)");
        assertThat(filter(BerBytes.tlv(0xa3, BerBytes.octets("NtVer"), BerBytes.tlv(0x04, new byte[] {6, 0, 0, 0}))))
                .isEqualTo("(NtVer=0x00000006)");
        assertThat(filter(BerBytes.tlv(0xaa, new byte[] {1}))).isEqualTo(LdapFilter.PARSING_ERROR);
    }

    @Test
    void saslWrappedMessagesAfterASaslBindAreRead() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        feed(d, ctx, true, saslBind(1, "GSS-SPNEGO"));
        feed(d, ctx, false, result(0x61, 1, 0, ""));
        feed(d, ctx, true, saslWrapped(search(2, "", 0, present("objectClass"), "dnsHostName")));
        byte[] sealed = saslWrapped(new byte[40]);
        sealed[6] = 0x02; // confidentiality: skipped
        feed(d, ctx, false, sealed);
        feed(d, ctx, false, saslWrapped(result(0x65, 2, 0, "")));
        d.onEnd(ctx);
        assertThat(ops(ctx)).singleElement().satisfies(r -> {
            assertThat(r.opcode()).isEqualTo("bind SASL");
            assertThat(r.argument()).isEqualTo("GSS-SPNEGO");
            assertThat(r.result()).isEqualTo("success");
        });
        assertThat(searches(ctx)).singleElement().satisfies(s -> {
            assertThat(s.filter()).isEqualTo("(objectClass=*)");
            assertThat(s.scope()).isEqualTo("base");
            assertThat(s.baseObject()).isNull();
            assertThat(s.result()).isEqualTo("success");
        });
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void startTlsHandsTheStreamToTheTlsDissector() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        feed(d, ctx, true, extendedRequest(1, "1.3.6.1.4.1.1466.20037"));
        feed(d, ctx, false, message(1, BerBytes.tlv(0x78, BerBytes.enumerated(0), BerBytes.octets(""), BerBytes.octets(""))));
        byte[] hello = io.sluice.packet.craft.TlsHelloBytes.clientHello("ldap.example.com");
        feed(d, ctx, true, hello);
        d.onEnd(ctx);
        assertThat(ops(ctx)).singleElement().satisfies(r -> {
            assertThat(r.opcode()).isEqualTo("extended");
            assertThat(r.object()).isEqualTo("1.3.6.1.4.1.1466.20037 (StartTLS)");
            assertThat(r.result()).isEqualTo("success");
        });
        assertThat(ctx.events).filteredOn(TlsHandshake.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((TlsHandshake) e).serverName()).isEqualTo("ldap.example.com"));
        assertThat(ctx.confirmed).containsExactly("ldap_tcp", "ssl");
    }

    @Test
    void unansweredOperationsAreLoggedAtTheEndExceptMessageIdZero() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        feed(d, ctx, true, BerBytes.concat(simpleBind(0, "", ""), simpleBind(3, "cn=x", ""), message(4, BerBytes.tlv(0x42, new byte[0]))));
        d.onEnd(ctx);
        assertThat(ops(ctx)).extracting(LdapMessageRow::messageId, LdapMessageRow::opcode, LdapMessageRow::argument)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "unbind", null),
                        org.assertj.core.groups.Tuple.tuple(3L, "bind simple", null));
    }

    @Test
    void oversizedEntriesAreCountedWithoutBeingKept() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        feed(d, ctx, true, search(7, "dc=x", 2, present("cn")));
        byte[] big = message(7, BerBytes.tlv(0x64, BerBytes.octets("cn=big"), BerBytes.seq(BerBytes.tlv(0x04, new byte[LdapDissector.MAX_MESSAGE + 10]))));
        feed(d, ctx, false, big);
        feed(d, ctx, false, result(0x65, 7, 0, ""));
        assertThat(searches(ctx)).singleElement().satisfies(s -> assertThat(s.resultCount()).isEqualTo(1));
    }

    @Test
    void pendingOperationsAreBounded() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        for (int i = 1; i <= LdapDissector.MAX_PENDING + 5; i++) feed(d, ctx, true, simpleBind(i, "cn=" + i, "p"));
        assertThat(ops(ctx)).hasSize(5);
        d.onEnd(ctx);
        assertThat(ops(ctx)).hasSize(LdapDissector.MAX_PENDING + 5);
    }

    @Test
    void garbageIsAWeirdAndStops() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 389);
        var d = new LdapDissector();
        feed(d, ctx, true, "GET / HTTP/1.1\r\n".getBytes());
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("LDAP_bad_framing");
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void signature() {
        var s = LdapProtocol.SIGNATURE;
        byte[] bind = simpleBind(1, "cn=x", "y");
        assertThat(s.matches(true, ByteBuffer.wrap(bind), 0, bind.length, 4000, 9999)).isTrue();
        byte[] unbind = message(9, BerBytes.tlv(0x42, new byte[0]));
        assertThat(s.matches(true, ByteBuffer.wrap(unbind), 0, unbind.length, 4000, 9999)).isTrue();
        byte[] snmp = BerBytes.seq(BerBytes.integer(1), BerBytes.octets("public"), BerBytes.tlv(0xa0, new byte[0]));
        assertThat(s.matches(true, ByteBuffer.wrap(snmp), 0, snmp.length, 4000, 161)).isFalse();
        assertThat(s.standardPort(3268)).isTrue();
    }
}
