package io.sluice.protocol.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.NtlmMessages;
import io.sluice.protocol.RecordingContext;
import org.junit.jupiter.api.Test;

class NtlmSessionTest {

    private static NtlmMessage parse(byte[] m) {
        return NtlmParser.parse(m, 0, m.length);
    }

    /**
     * The anonymous SMB2 sessions of dcerpc__zerologon (User: \, the null session a samr or lsarpc
     * enumeration rides on): Zeek logs them with no user, host or domain and success T.
     */
    @Test
    void anAnonymousAuthenticateIsARow() {
        var ctx = RecordingContext.tcp("172.16.0.10", 50681, "172.16.5.58", 445);
        var s = new NtlmSession();
        s.onMessage(parse(NtlmMessages.negotiate()), ctx);
        s.onMessage(parse(NtlmMessages.challenge("BAS-AD-01", "bas-ad-01.lab.local", "lab.local")), ctx);
        s.onMessage(parse(NtlmMessages.authenticate("", "", "")), ctx);
        s.result(true, ctx);
        assertThat(ctx.eventsOf(NtlmAuthentication.class)).singleElement().satisfies(n -> {
            assertThat(n.username()).isNull();
            assertThat(n.hostname()).isNull();
            assertThat(n.domainname()).isNull();
            assertThat(n.serverNbComputerName()).isEqualTo("BAS-AD-01");
            assertThat(n.success()).isTrue();
        });
        assertThat(ctx.confirmed).contains("ntlm");
    }

    @Test
    void anExchangeThatNeverAuthenticatedIsNotARow() {
        var ctx = RecordingContext.tcp("172.16.0.10", 50681, "172.16.5.58", 445);
        var s = new NtlmSession();
        s.onMessage(parse(NtlmMessages.negotiate()), ctx);
        s.onMessage(parse(NtlmMessages.challenge("BAS-AD-01", "bas-ad-01.lab.local", "lab.local")), ctx);
        s.onEnd(ctx);
        assertThat(ctx.eventsOf(NtlmAuthentication.class)).isEmpty();
    }
}
