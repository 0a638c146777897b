package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class CaptureConversationsTest {

    @Test
    void replaysTheSshBannersOfZeeksTraceInOrder() throws Exception {
        var convs = CaptureConversations.read(Corpus.file("pcap-protocols/zeek/ssh.basic/ssh.pcap"));
        var first = convs.stream().filter(c -> c.id().respP() == 22).findFirst().orElseThrow();
        assertThat(first.proto()).isEqualTo("tcp");
        var server = first.chunks().stream().filter(c -> !c.fromOrig()).findFirst().orElseThrow();
        var client = first.chunks().stream().filter(c -> c.fromOrig()).findFirst().orElseThrow();
        assertThat(new String(server.bytes(), StandardCharsets.ISO_8859_1)).startsWith("SSH-");
        assertThat(new String(client.bytes(), StandardCharsets.ISO_8859_1)).startsWith("SSH-");
        assertThat(convs).allSatisfy(c -> assertThat(c.id().respP()).isPositive());
    }
}
