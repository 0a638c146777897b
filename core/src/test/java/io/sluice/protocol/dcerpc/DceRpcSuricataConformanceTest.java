package io.sluice.protocol.dcerpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The suricata-verify DCE/RPC tests (corpus pcap-attacks/suricata-verify, commit 10a45e4), for the
 * fields dce_rpc.log has. Mapping: EVE {@code dcerpc.interfaces[0].service} → {@code endpoint},
 * {@code dcerpc.interfaces[0].procedure} → {@code operation}, one EVE dcerpc event per answered
 * request → one dce_rpc row. Not compared: {@code dcerpc.call_id} and the interface UUID (not in
 * dce_rpc.log; the UUID check of dcerpc-dce-iface-01 is covered by the svcctl endpoint name, which
 * comes from that UUID) and rule alerts (Sluice's rule engine is another issue); for zerologon the
 * 21 "Possible Zerologon Attempt" and one "Password Reset" alerts are checked as the calls they
 * fire on: NetrServerAuthenticate3 and NetrServerPasswordSet2.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DceRpcSuricataConformanceTest {

    private static Map<String, Long> operations(PipelineEvents.Result got, String endpoint) {
        return got.of(DceRpcCall.class).stream().filter(c -> endpoint.equals(c.endpoint()))
                .collect(Collectors.groupingBy(DceRpcCall::operation, TreeMap::new, Collectors.counting()));
    }

    @Test
    void dceIface01() throws Exception {
        var got = PipelineEvents.run(Corpus.file(
                "pcap-attacks/suricata-verify/dcerpc__dcerpc-dce-iface-01/20171220_smb_psexec_mimikatz_ticket_dump-s2.pcap"));
        assertThat(operations(got, "svcctl")).isEqualTo(Map.of(
                "CloseServiceHandle", 6L, "OpenServiceW", 3L, "OpenSCManagerW", 2L, "ControlService", 1L,
                "DeleteService", 1L, "CreateServiceWOW64W", 1L, "QueryServiceStatus", 4L, "StartServiceW", 1L));
    }

    @Test
    void zerologon() throws Exception {
        var got = PipelineEvents.run(Corpus.file("pcap-attacks/suricata-verify/dcerpc__zerologon/input.pcap"));
        var ops = operations(got, "netlogon");
        assertThat(ops.get("NetrServerAuthenticate3")).isEqualTo(21L);
        assertThat(ops.get("NetrServerPasswordSet2")).isEqualTo(1L);
    }
}
