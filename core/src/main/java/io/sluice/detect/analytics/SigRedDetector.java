package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.dns.DnsTransaction;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds SIGRed (CVE-2020-1350): a DNS answer of type SIG or RRSIG, sent over TCP after a
 * truncated UDP answer, that fills a DNS message to its 64 KiB limit, which is how an attacker's
 * name server overflows the heap of a Windows DNS server that resolves its names, crashing it
 * (the public exploits are denial of service) or worse.
 *
 * <p>ATT&CK: T1499.004 Endpoint Denial of Service: Application or System Exploitation. DS0029:
 * Network Traffic Content (the DNS query type and answer, dns.log) and Network Traffic Flow (the
 * size of the TCP connection's answer, conn.log), joined on the connection uid.
 *
 * <p>Evidence: a DNS transaction over TCP asking for type 24 (SIG) or 46 (RRSIG), and its
 * connection's responder bytes.
 *
 * <p>Thresholds: {@code min_response_bytes} = 60,000. A DNS message over TCP carries at most
 * 65,535 bytes; the exploit needs a SIG record whose size, once its compressed signer name is
 * expanded, passes 65,535, so its answer comes close to the limit (65,528 bytes in the corpus
 * capture pcap-attack Exploit_DoS_cve-2020-1350_dns_sig_maxspl0it). Ordinary DNSSEC signatures are
 * a few hundred bytes; even large signed answers stay well under 60 KB. HIGH.
 *
 * <p>Known false positives: none known for SIG (obsolete since DNSSEC moved to RRSIG); a huge
 * DNSSEC-signed answer of RRSIG records over TCP would need 60 KB. The alert names the client
 * (the resolver that is the target) and the name server that sent the answer.
 */
public final class SigRedDetector implements Detector<String, SigRedDetector.Pending> {

    public static final String ID = "dns.sigred";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, FlowRecord.class);

    /**
     * @param minResponseBytes responder payload bytes of the TCP connection that make the answer an overflow attempt
     * @param waitNanos how long a SIG query over TCP waits for its connection's record
     */
    public record Config(long minResponseBytes, long waitNanos) {
        public static final Config DEFAULTS = new Config(60_000, 3_600_000_000_000L);

        public Config {
            if (minResponseBytes < 1) throw new IllegalArgumentException(ID + ".min_response_bytes must be positive");
            if (waitNanos <= 0) throw new IllegalArgumentException(ID + ".wait must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.longValue("min_response_bytes", d.minResponseBytes()), s.durationNanos("wait", d.waitNanos()));
    }

    /** A SIG/RRSIG query over TCP, waiting for its connection's record. */
    public record Pending(long tsNanos, String query, String qtypeName, int answers) implements Serializable {}

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.004"));

    private final Config config;

    public SigRedDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return TECHNIQUES;
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case DnsTransaction d when d.proto().equals("tcp") && d.qtype() != null && (d.qtype() == 24 || d.qtype() == 46) -> d.uid();
            case FlowRecord f when f.proto().equals("tcp") && f.respBytes() != null && f.respBytes() >= config.minResponseBytes() -> f.uid();
            default -> null;
        };
    }

    @Override
    public Pending onEvent(String uid, Pending state, Event event, DetectorContext ctx) {
        if (event instanceof DnsTransaction d) {
            ctx.timer(d.tsNanos() + config.waitNanos());
            return new Pending(d.tsNanos(), d.query(), d.qtypeName() == null ? "type " + d.qtype() : d.qtypeName(),
                    d.answers() == null ? 0 : d.answers().size());
        }
        if (state == null) return null; // a large TCP connection that carried no SIG query
        var f = (FlowRecord) event;
        String why = f.id().respH() + " answered " + f.id().origH() + "'s " + state.qtypeName() + " query for "
                + state.query() + " over TCP with " + Explanations.count(f.respBytes(), "byte", "bytes")
                + ", at the 65,535-byte limit of a DNS message: the shape of SIGRed (CVE-2020-1350), a heap overflow in Windows DNS Server";
        ctx.alert(Alert.builder(ID)
                .technique("T1499.004")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.HIGH)
                .confidence(0.8)
                .time(state.tsNanos(), f.tsNanos() + (f.durationNanos() == null ? 0 : f.durationNanos()))
                .srcHost(f.id().respH())
                .dstHost(f.id().origH())
                .dstPort(f.id().respP())
                .domain(state.query())
                .explanation(why)
                .evidence(f.uid(), f.communityId())
                .incident(f.id().respH() + " " + f.id().origH() + " sigred")
                .build());
        return null;
    }

    @Override
    public Pending onTimer(String uid, Pending state, long timerNanos, DetectorContext ctx) {
        return null; // the connection's record never came: nothing to judge
    }
}
