package io.sluice.protocol.http;

import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.explore", matches = ".+")
class HttpExploreTest {
    @Test
    void dump() throws Exception {
        for (String f : System.getProperty("sluice.explore").split(",")) {
            System.out.println("=== " + f);
            for (var flow : TunnelledConversations.read(Corpus.file(f))) {
                if (!flow.conversation().proto().equals("tcp")) continue;
                var ctx = flow.conversation().replay(HttpProtocol.SIGNATURE.create());
                for (var e : ctx.events) System.out.println(ZeekLog.render(e));
                for (var w : ctx.weirds) System.out.println("  weird " + w);
            }
        }
    }
}
