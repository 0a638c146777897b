package io.sluice.protocol.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.NtlmMessages;
import io.sluice.protocol.RecordingContext;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NtlmParserTest {

    @Test
    void readsNamesFromAuthenticateAndTargetInfoFromChallenge() {
        var a = NtlmParser.parse(NtlmMessages.authenticate("CONTOSO", "Administrator", "SERVER01"), 0,
                NtlmMessages.authenticate("CONTOSO", "Administrator", "SERVER01").length);
        assertThat(a).isEqualTo(new NtlmMessage(3, "CONTOSO", "Administrator", "SERVER01", null, null, null));
        byte[] c = NtlmMessages.challenge("SRV", "srv.contoso.com", "contoso.com");
        assertThat(NtlmParser.parse(c, 0, c.length))
                .isEqualTo(new NtlmMessage(2, null, null, null, "SRV", "srv.contoso.com", "contoso.com"));
        assertThat(NtlmParser.parse(NtlmMessages.negotiate(), 0, 32).type()).isEqualTo(1);
    }

    @Test
    void findsTheMessageInsideAWrapper() {
        byte[] auth = NtlmMessages.authenticate("D", "u", "w");
        byte[] wrapped = new byte[auth.length + 20];
        Arrays.fill(wrapped, 0, 20, (byte) 0xa1);
        System.arraycopy(auth, 0, wrapped, 20, auth.length);
        assertThat(NtlmParser.find(wrapped, 0, wrapped.length).user()).isEqualTo("u");
        assertThat(NtlmParser.find(wrapped, 0, 25)).as("cut off").isNull();
    }

    @Test
    void fieldsPointingOutsideTheMessageAreDropped() {
        byte[] auth = NtlmMessages.authenticate("DOMAIN", "user", "host");
        NtlmMessages.le32(auth, 36 + 4, 10_000); // user offset beyond the end
        var m = NtlmParser.parse(auth, 0, auth.length);
        assertThat(m.user()).isNull();
        assertThat(m.domain()).isEqualTo("DOMAIN");
        assertThat(NtlmParser.parse(auth, 0, 40)).as("too short for AUTHENTICATE").isNull();
    }

    @Test
    void sessionLogsOneRowPerExchangeWithTheResult() {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 445);
        var s = new NtlmSession();
        byte[] c = NtlmMessages.challenge("SRV", "srv.d", "d");
        s.onMessage(NtlmParser.parse(NtlmMessages.negotiate(), 0, 32), ctx);
        s.onMessage(NtlmParser.parse(c, 0, c.length), ctx);
        byte[] a = NtlmMessages.authenticate("D", "bob", "PC");
        s.onMessage(NtlmParser.parse(a, 0, a.length), ctx);
        s.result(false, ctx);
        s.onEnd(ctx);
        assertThat(ctx.events).containsExactly(
                new NtlmAuthentication(0, ctx.uid(), ctx.id(), "bob", "PC", "D", "SRV", "srv.d", "d", false));
    }

    @Property(tries = 500)
    void anyBytesNeverThrow(@ForAll byte[] b) {
        NtlmParser.find(b, 0, b.length);
        byte[] withSig = new byte[b.length + 8];
        System.arraycopy(NtlmMessages.SIG, 0, withSig, 0, 8);
        System.arraycopy(b, 0, withSig, 8, b.length);
        NtlmParser.parse(withSig, 0, withSig.length);
    }
}
