package io.sluice.ingest.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reference: tcpdump's sFlow printer (corpus netflow/tcpdump/*.out, {@code tcpdump -n -v -r}).
 * Each capture's UDP payloads go through {@link SflowDecoder}; the test writes what was decoded in
 * tcpdump's words (datagram header, every sample header, every record header, raw packet header
 * fields, extended switch data, generic and Ethernet interface counters) and compares that line
 * for line with tcpdump's sFlow lines. The IP/UDP part of tcpdump's first line is not sFlow and is
 * cut at "sFlowv5,". Differences: none known.
 */
@Tag("corpus")
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SflowTcpdumpConformanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"sflow-print-v6", "sflow_expanded", "sflow_multiple_counter_30_pdus"})
    void decodedFieldsMatchTcpdump(String name) throws Exception {
        Path capture = Corpus.file("netflow/tcpdump/" + name + ".pcap");
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(Corpus.file("netflow/tcpdump/" + name + ".out"))) {
            int at = line.indexOf("sFlowv5,");
            if (at >= 0) expected.add(line.substring(at).trim());
            else if (line.startsWith("\t")) expected.add(line.trim());
        }
        List<String> actual = new ArrayList<>();
        var text = new TcpdumpText(actual);
        var decoder = new SflowDecoder(new ExporterTable(), text);
        var packets = new PacketDecoder();
        var p = new Packet();
        int datagrams = 0;
        try (PacketSource src = CaptureInputs.open(capture)) {
            while (src.next()) {
                p.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                packets.decode(p);
                if (!p.isUdp() || p.payloadOffset < 0) continue;
                decoder.decode(p.buf, p.payloadOffset, p.payloadCaptured, p.srcHi, p.srcLo, p.srcPort, p.tsNanos);
                datagrams++;
            }
        }
        assertThat(datagrams).isPositive();
        assertThat(decoder.agents().exporters().get(0).stats().totalDrops()).isZero();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    /** Writes decoded sFlow in the words of tcpdump's print-sflow.c (the fields it prints with -v). */
    static final class TcpdumpText implements SflowListener {
        private final List<String> out;

        TcpdumpText(List<String> out) {
            this.out = out;
        }

        private void hexDump(SflowView v) {
            int n = (int) v.recordLength;
            for (int line = 0; line < n; line += 16) {
                var s = new StringBuilder(String.format("0x%04x: ", line));
                for (int i = line; i < Math.min(n, line + 16); i++) {
                    if ((i & 1) == 0) s.append(' ');
                    s.append(String.format("%02x", v.buffer.get(v.recordOffset + i) & 0xff));
                }
                out.add(s.toString());
            }
        }

        @Override
        public void onDatagram(SflowView v) {
            out.add("sFlowv5, " + (v.agentV6 ? "IPv6" : "IPv4") + " agent " + IpAddress.format(v.agentHi, v.agentLo)
                    + ", agent-id " + v.subAgentId + ", seqnum " + v.datagramSequence + ", uptime " + v.uptimeMillis
                    + ", samples " + v.sampleCount + ", length " + v.datagramLength);
        }

        @Override
        public void onSample(SflowView v) {
            String head = switch (v.sampleFormat) {
                case 1 -> "flow sample";
                case 2 -> "counter sample";
                case 3 -> "expanded flow sample";
                default -> "expanded counter sample";
            };
            String s = head + " (" + v.sampleFormat + "), length " + v.sampleLength + ", seqnum " + v.sampleSequence
                    + ", type " + v.sourceType + ", idx " + v.sourceIndex;
            if (v.sampleFormat == 1) {
                s += ", rate " + v.samplingRate + ", pool " + v.samplePool + ", drops " + v.drops + ", input "
                        + v.input + " output " + v.output + " records " + v.recordCount;
            } else if (v.sampleFormat == 3) {
                s += ", rate " + v.samplingRate + ", pool " + v.samplePool + ", drops " + v.drops + ", input "
                        + v.input + " (" + v.inputFormat + "), output " + v.output + " (" + v.outputFormat
                        + "), records " + v.recordCount;
            } else {
                s += ", records " + v.recordCount;
            }
            out.add(s);
        }

        @Override
        public void onRecord(SflowView v) {
            if (v.isFlowSample()) {
                String name = switch (v.recordFormat) {
                    case 1 -> "Raw packet";
                    case 1001 -> "Extended Switch data";
                    case 1002 -> "Extended Router data";
                    case 1003 -> "Extended Gateway data";
                    default -> "Unknown";
                };
                if (name.equals("Unknown")) {
                    out.add("enterprise " + v.recordEnterprise + ", " + name + " (" + v.recordFormat + ") length "
                            + v.recordLength);
                    hexDump(v);
                    return;
                }
                out.add("enterprise " + v.recordEnterprise + " " + name + " (" + v.recordFormat + ") length "
                        + v.recordLength);
                if (v.recordFormat == 1) {
                    out.add("protocol " + (v.headerProtocol == 1 ? "Ethernet" : "Unknown") + " (" + v.headerProtocol
                            + "), length " + v.frameLength + ", stripped bytes " + v.stripped + ", header_size "
                            + v.headerSize);
                } else if (v.recordFormat == 1001) {
                    out.add("src vlan " + v.srcVlan + ", src pri " + v.srcPriority + ", dst vlan " + v.dstVlan
                            + ", dst pri " + v.dstPriority);
                }
                return;
            }
            String name = switch (v.recordFormat) {
                case 1 -> "Generic counter";
                case 2 -> "Ethernet counter";
                default -> "Unknown";
            };
            out.add("enterprise " + v.recordEnterprise + ", " + name + " (" + v.recordFormat + ") length "
                    + v.recordLength);
            long[] g = v.generic;
            if (v.recordFormat == 1) {
                String[] dirs = {"unknown", "full-duplex", "half-duplex", "in", "out"};
                long dir = g[SflowView.IF_DIRECTION];
                out.add("ifindex " + g[SflowView.IF_INDEX] + ", iftype " + g[SflowView.IF_TYPE] + ", ifspeed "
                        + g[SflowView.IF_SPEED] + ", ifdirection " + dir + " ("
                        + (dir >= 0 && dir < dirs.length ? dirs[(int) dir] : "unknown") + ")");
                long status = g[SflowView.IF_STATUS];
                out.add("ifstatus " + status + ", adminstatus: " + ((status & 1) != 0 ? "up" : "down")
                        + ", operstatus: " + ((status & 2) != 0 ? "up" : "down"));
                out.add("In octets " + g[SflowView.IN_OCTETS] + ", unicast pkts " + g[SflowView.IN_UCAST]
                        + ", multicast pkts " + g[SflowView.IN_MCAST] + ", broadcast pkts " + g[SflowView.IN_BCAST]
                        + ", discards " + g[SflowView.IN_DISCARDS]);
                out.add("In errors " + g[SflowView.IN_ERRORS] + ", unknown protos " + g[SflowView.IN_UNKNOWN]);
                out.add("Out octets " + g[SflowView.OUT_OCTETS] + ", unicast pkts " + g[SflowView.OUT_UCAST]
                        + ", multicast pkts " + g[SflowView.OUT_MCAST] + ", broadcast pkts "
                        + g[SflowView.OUT_BCAST] + ", discards " + g[SflowView.OUT_DISCARDS]);
                out.add("Out errors " + g[SflowView.OUT_ERRORS] + ", promisc mode " + g[SflowView.PROMISC]);
            } else if (v.recordFormat == 2) {
                long[] e = v.ethernet;
                out.add("align errors " + e[0] + ", fcs errors " + e[1] + ", single collision " + e[2]
                        + ", multiple collision " + e[3] + ", test error " + e[4]);
                out.add("deferred " + e[5] + ", late collision " + e[6] + ", excessive collision " + e[7]
                        + ", mac trans error " + e[8]);
                out.add("carrier error " + e[9] + ", frames too long " + e[10] + ", mac receive errors " + e[11]
                        + ", symbol errors " + e[12]);
            } else {
                hexDump(v);
            }
        }
    }
}
