package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standard formats tell host and cloud inputs apart by their first bytes: each sample is
 * claimed by exactly its own format, whatever the order of the list.
 */
class HostCloudRecognitionTest {

    static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("sysmon", "{\"winlog\":{\"event_id\":3,\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_data\":{}}}\n");
        SAMPLES.put("sysmon-xml", "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>3</EventID></System></Event></Events>");
        SAMPLES.put("aws-vpc", "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1700000000 1700000001 ACCEPT OK\n");
        SAMPLES.put("gcp-vpc", "{\"jsonPayload\":{\"connection\":{\"src_ip\":\"10.0.0.1\"},\"reporter\":\"SRC\"},"
                + "\"logName\":\"projects/p/logs/compute.googleapis.com%2Fvpc_flows\"}\n");
        SAMPLES.put("azure-flow", "{\"records\":[{\"category\":\"NetworkSecurityGroupFlowEvent\",\"properties\":{\"flows\":[]}}]}");
        SAMPLES.put("auditd", "type=SYSCALL msg=audit(1700000000.123:100): arch=c000003e syscall=42 success=yes\n");
        SAMPLES.put("conntrack", "    [NEW] tcp      6 120 SYN_SENT src=10.0.0.2 dst=10.0.0.3 sport=1 dport=2 [UNREPLIED]\n");
        SAMPLES.put("lsof", "COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n");
        SAMPLES.put("nettop", "time,,interface,state,bytes_in,bytes_out,rx_dupe,rx_ooo,re-tx,rtt_avg,rcvsize\n");
    }

    @Test
    void eachSampleIsClaimedByItsOwnFormatOnly() {
        IngestFormats all = IngestFormats.standard();
        for (var sample : SAMPLES.entrySet()) {
            byte[] b = sample.getValue().getBytes(StandardCharsets.UTF_8);
            assertThat(all.recognise(b, b.length)).as(sample.getKey()).map(IngestFormat::name).contains(sample.getKey());
            for (IngestFormat f : all.all()) {
                if (SAMPLES.containsKey(f.name()) && !f.name().equals(sample.getKey())) {
                    assertThat(f.recognises(b, b.length)).as(f.name() + " claims the " + sample.getKey() + " sample").isFalse();
                }
            }
        }
    }

    @Test
    void everyHostAndCloudFormatIsRegisteredByName() {
        for (String name : SAMPLES.keySet()) {
            assertThat(IngestFormats.standard().named(name)).as(name).isPresent();
        }
    }
}
