package io.sluice.protocol.asn1;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations;
import io.sluice.protocol.CaptureConversations.Chunk;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.ftp.FtpProtocol;
import io.sluice.protocol.kerberos.KerberosProtocol;
import io.sluice.protocol.ldap.LdapProtocol;
import io.sluice.protocol.rdp.RdpProtocol;
import io.sluice.protocol.smtp.SmtpProtocol;
import io.sluice.protocol.tftp.TftpProtocol;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Mutated corpus payloads for the Kerberos, LDAP, RDP, FTP, SMTP and TFTP dissectors: every
 * conversation of their conformance captures, with random bytes flipped, chunks lost or duplicated
 * (seeded, so a failure reproduces), fed to each of the six dissectors. None may throw, and none may
 * emit more rows than it could for the input.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class AuthCorpusMutationTest {
    static final String[] CAPTURES = {
        "pcap-protocols/suricata-verify/krb5-probing/krb.pcap",
        "pcap-attacks/suricata-verify/krb5-kerberoasting/kerberoast.pcap",
        "pcap-attacks/pcap-attack/CredAccess/CA_kerbrute_passwordspray_kerberos_AS-REQ.pcapng",
        "pcap-protocols/suricata-verify/ldap-bind/ldap.pcap",
        "pcap-protocols/suricata-verify/ldap-search/ldap.pcap",
        "pcap-protocols/zeek/rdp.rdp-to-ssl/rdp-to-ssl.pcap",
        "pcap-protocols/suricata-verify/output-eve-rdp-01/RDP-003.pcap",
        "pcap-protocols/zeek/ftp.ftp-ipv4/ipv4.pcap",
        "pcap-protocols/zeek/smtp.basic/smtp.pcap",
        "pcap-protocols/suricata-verify/output-eve-tftp-01/input.pcap",
    };
    static final ProtocolSignature[] SIGNATURES = {KerberosProtocol.SIGNATURE, LdapProtocol.SIGNATURE,
        RdpProtocol.SIGNATURE, FtpProtocol.SIGNATURE, SmtpProtocol.SIGNATURE, TftpProtocol.SIGNATURE};

    @Test
    void mutatedCorpusConversationsNeverThrow() throws Exception {
        var random = new Random(20261128L);
        int replays = 0;
        for (String capture : CAPTURES) {
            for (var conv : CaptureConversations.read(Corpus.file(capture))) {
                if (conv.chunks().isEmpty()) continue;
                for (int round = 0; round < 4; round++) {
                    var mutated = mutate(conv.chunks(), random);
                    for (ProtocolSignature s : SIGNATURES) {
                        if (conv.proto().equals("tcp") ? !s.onTcp() : !s.onUdp()) continue;
                        var ctx = replay(s.create(), conv, mutated);
                        long bytes = mutated.stream().mapToLong(c -> c.bytes().length).sum();
                        assertThat((long) ctx.events.size()).as("%s on %s", s.name(), capture).isLessThanOrEqualTo(bytes + 2);
                        replays++;
                    }
                }
            }
        }
        assertThat(replays).isGreaterThan(100);
    }

    private static RecordingContext replay(Dissector d, CaptureConversations.Conversation conv, List<Chunk> chunks) {
        var ctx = new RecordingContext("CMutated", conv.id(), conv.proto());
        for (Chunk c : chunks) {
            ctx.ts = c.tsNanos();
            d.onData(c.fromOrig(), ByteBuffer.wrap(c.bytes()), 0, c.bytes().length, ctx);
        }
        d.onEnd(ctx);
        return ctx;
    }

    private static List<Chunk> mutate(List<Chunk> chunks, Random random) {
        var out = new ArrayList<Chunk>();
        for (Chunk c : chunks) {
            int r = random.nextInt(10);
            if (r == 0) continue; // a lost chunk
            byte[] b = c.bytes().clone();
            for (int k = random.nextInt(5); k > 0 && b.length > 0; k--) b[random.nextInt(b.length)] = (byte) random.nextInt();
            out.add(new Chunk(c.tsNanos(), c.fromOrig(), b));
            if (r == 1) out.add(new Chunk(c.tsNanos(), c.fromOrig(), b)); // a duplicate
        }
        return out;
    }
}
