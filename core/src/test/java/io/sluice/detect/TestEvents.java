package io.sluice.detect;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.ProcessInfo;
import io.sluice.flow.CommunityId;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Short builders for the events analytics tests feed the engine: a connection as a
 * {@link FlowRecord} and/or a {@link ConnectionCreation}, a DNS transaction as a
 * {@link DnsTransaction}, with sensible defaults (TCP, established "SF" connection of 1 s with a
 * few hundred bytes, origin port 49152, local originator; DNS over UDP to 10.0.0.53, A record,
 * NOERROR). Times are seconds after {@link #T0}; uids and Community IDs are derived from the
 * content, so the same test builds the same events every run.
 *
 * <pre>{@code
 * var flow = TestEvents.conn("10.0.0.5", "10.0.0.9", 22).at(12.5).state("REJ").flow();
 * var q = TestEvents.dns("10.0.0.5", "x1.evil.example").qtype("TXT").at(3).build();
 * }</pre>
 */
public final class TestEvents {

    /** 2026-01-01T00:00:00Z in nanoseconds; {@code at(s)} counts from here. */
    public static final long T0 = 1_767_225_600_000_000_000L;
    public static final long SECOND = 1_000_000_000L;

    private TestEvents() {
    }

    /** Nanoseconds of {@code seconds} after {@link #T0}. */
    public static long t(double seconds) {
        return T0 + Math.round(seconds * SECOND);
    }

    public static Conn conn(String origH, String respH, int respP) {
        return new Conn(origH, respH, respP);
    }

    public static Dns dns(String client, String query) {
        return new Dns(client, query);
    }

    /** A connection; {@link #flow()}, {@link #creation()} or {@link #both()} make the events. */
    public static final class Conn {
        private long ts = T0;
        private String origH;
        private int origP = 49152;
        private String respH;
        private int respP;
        private String proto = "tcp";
        private String service;
        private long durationNanos = SECOND;
        private long origBytes = 300;
        private long respBytes = 1200;
        private long origPkts = 6;
        private long respPkts = 5;
        private String connState = "SF";
        private String history = "ShADadFf";
        private Outcome outcome;
        private boolean localOrig = true;
        private boolean localResp;
        private String uid;
        private String nonstandard;
        private String ja4t;
        private String source = "pcap";
        private String exporter;
        private ProcessInfo process;

        private Conn(String origH, String respH, int respP) {
            this.origH = origH;
            this.respH = respH;
            this.respP = respP;
            this.localResp = isPrivate(respH);
        }

        /** Start time, seconds after {@link #T0}. */
        public Conn at(double seconds) {
            ts = t(seconds);
            return this;
        }

        public Conn tsNanos(long nanos) {
            ts = nanos;
            return this;
        }

        public Conn origPort(int p) {
            origP = p;
            return this;
        }

        public Conn udp() {
            proto = "udp";
            connState = "SF";
            history = "Dd";
            return this;
        }

        public Conn icmp() {
            proto = "icmp";
            history = "";
            return this;
        }

        public Conn service(String s) {
            service = s;
            return this;
        }

        public Conn duration(double seconds) {
            durationNanos = Math.round(seconds * SECOND);
            return this;
        }

        public Conn bytes(long orig, long resp) {
            origBytes = orig;
            respBytes = resp;
            return this;
        }

        public Conn pkts(long orig, long resp) {
            origPkts = orig;
            respPkts = resp;
            return this;
        }

        /**
         * Zeek's conn_state; also sets a matching history, outcome and, for failed attempts, no payload
         * ("S0" unanswered, "REJ" refused, "SF" normal, "S1", "RSTO", "OTH", ...).
         */
        public Conn state(String s) {
            connState = s;
            switch (s) {
                case "S0" -> { history = "S"; origBytes = 0; respBytes = 0; respPkts = 0; origPkts = 1; durationNanos = 0; }
                case "REJ" -> { history = "Sr"; origBytes = 0; respBytes = 0; respPkts = 1; origPkts = 1; durationNanos = 0; }
                case "OTH" -> history = "D";
                default -> { }
            }
            return this;
        }

        public Conn history(String h) {
            history = h;
            return this;
        }

        public Conn local(boolean orig, boolean resp) {
            localOrig = orig;
            localResp = resp;
            return this;
        }

        public Conn uid(String u) {
            uid = u;
            return this;
        }

        /** FlowRecord.serviceNonStandardPort: protocols found off their standard port. */
        public Conn nonstandardPort(String protocols) {
            nonstandard = protocols;
            return this;
        }

        /** The JA4T of the connection's SYN, as a conn.log gives it. */
        public Conn ja4t(String fingerprint) {
            ja4t = fingerprint;
            return this;
        }

        public Conn source(String s) {
            source = s;
            return this;
        }

        public Conn exporter(String e) {
            exporter = e;
            return this;
        }

        public Conn process(String image) {
            process = new ProcessInfo(image, 4242L, "CORP\\alice", "ws-1", null, null);
            return this;
        }

        public Conn process(ProcessInfo p) {
            process = p;
            return this;
        }

        public Conn outcome(Outcome o) {
            outcome = o;
            return this;
        }

        private ConnId id() {
            return new ConnId(origH, origP, respH, respP);
        }

        private int ipProto() {
            return switch (proto) {
                case "tcp" -> 6;
                case "udp" -> 17;
                case "icmp" -> respH.contains(":") ? 58 : 1;
                default -> 0;
            };
        }

        public String uidValue() {
            if (uid != null) return uid;
            return "C" + Long.toUnsignedString(
                    (Long.hashCode(ts) * 31L + (origH + origP + respH + respP + proto).hashCode()) & 0xFFFFFFFFFFFFL, 36);
        }

        public String communityId() {
            return new CommunityId(0).compute(IpAddress.parseHi(origH), IpAddress.parseLo(origH),
                    IpAddress.parseHi(respH), IpAddress.parseLo(respH), ipProto(), origP, respP, false);
        }

        private Outcome outcomeValue() {
            if (outcome != null) return outcome;
            if (!proto.equals("tcp")) return respPkts > 0 ? Outcome.ANSWERED : Outcome.NOT_ANSWERED;
            return switch (connState) {
                case "S0" -> Outcome.UNANSWERED;
                case "REJ" -> Outcome.REJECTED;
                case "OTH" -> Outcome.MIDSTREAM;
                default -> Outcome.ESTABLISHED;
            };
        }

        public FlowRecord flow() {
            boolean zero = durationNanos == 0;
            return new FlowRecord(ts, uidValue(), id(), proto, service, zero ? null : durationNanos,
                    zero ? null : origBytes, zero ? null : respBytes, connState, localOrig, localResp, 0, history,
                    origPkts, origBytes + 40 * origPkts, respPkts, respBytes + 40 * respPkts, List.of(), ipProto(), -1,
                    -1, io.sluice.event.DeferredText.of(communityId()), null, null, source, nonstandard, exporter, process,
                    null, null, io.sluice.event.TcpFingerprints.Texts.of(ja4t, null, null, null));
        }

        public ConnectionCreation creation() {
            return new ConnectionCreation(ts, uidValue(), id(), proto, outcomeValue(), localOrig, localResp, -1,
                    communityId(), source, exporter, process);
        }

        /** The creation, then the flow record, as a packet source emits them. */
        public List<Event> both() {
            return List.of(creation(), flow());
        }
    }

    /** A DNS query and its answer, as one {@link DnsTransaction}. */
    public static final class Dns {
        private long ts = T0;
        private final String client;
        private String server = "10.0.0.53";
        private int clientPort = 53000;
        private final String query;
        private String qtype = "A";
        private String rcode = "NOERROR";
        private final List<String> answers = new ArrayList<>();
        private final List<Long> ttls = new ArrayList<>();
        private boolean noResponse;
        private String uid;
        private String proto = "udp";

        private Dns(String client, String query) {
            this.client = client;
            this.query = query;
        }

        public Dns at(double seconds) {
            ts = t(seconds);
            return this;
        }

        public Dns tsNanos(long nanos) {
            ts = nanos;
            return this;
        }

        public Dns server(String ip) {
            server = ip;
            return this;
        }

        public Dns clientPort(int p) {
            clientPort = p;
            return this;
        }

        /** "A", "AAAA", "TXT", "CNAME", "NULL", "MX", "NS", "PTR", "SRV", "ANY". */
        public Dns qtype(String name) {
            qtype = name.toUpperCase(Locale.ROOT);
            return this;
        }

        /** "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED". */
        public Dns rcode(String name) {
            rcode = name.toUpperCase(Locale.ROOT);
            return this;
        }

        public Dns nxdomain() {
            return rcode("NXDOMAIN");
        }

        public Dns answer(String value, long ttlSeconds) {
            answers.add(value);
            ttls.add(ttlSeconds);
            return this;
        }

        /** The query went unanswered: no rcode, no answers. */
        public Dns noResponse() {
            noResponse = true;
            return this;
        }

        public Dns tcp() {
            proto = "tcp";
            return this;
        }

        public Dns uid(String u) {
            uid = u;
            return this;
        }

        public DnsTransaction build() {
            int type = switch (qtype) {
                case "A" -> 1;
                case "NS" -> 2;
                case "CNAME" -> 5;
                case "NULL" -> 10;
                case "PTR" -> 12;
                case "MX" -> 15;
                case "TXT" -> 16;
                case "AAAA" -> 28;
                case "SRV" -> 33;
                case "ANY" -> 255;
                default -> throw new IllegalArgumentException("unknown qtype " + qtype);
            };
            int code = switch (rcode) {
                case "NOERROR" -> 0;
                case "SERVFAIL" -> 2;
                case "NXDOMAIN" -> 3;
                case "REFUSED" -> 5;
                default -> throw new IllegalArgumentException("unknown rcode " + rcode);
            };
            boolean hasAnswers = !noResponse && !answers.isEmpty();
            String u = uid != null ? uid
                    : "C" + Long.toUnsignedString((Long.hashCode(ts) * 31L + (client + clientPort + query).hashCode())
                            & 0xFFFFFFFFFFFFL, 36);
            return new DnsTransaction(ts, u, new ConnId(client, clientPort, server, 53), proto,
                    query.hashCode() & 0xFFFF, hasAnswers ? 20_000_000L : null, query.toLowerCase(Locale.ROOT), 1,
                    "C_INTERNET", type, qtype, noResponse ? null : code, noResponse ? null : rcode, false, false,
                    true, hasAnswers, 0, hasAnswers ? answers : null, hasAnswers ? ttls : null, false, 0, "query",
                    query.equals(query.toLowerCase(Locale.ROOT)) ? null : query, "dns", null, null, null);
        }
    }

    static boolean isPrivate(String ip) {
        return ip.startsWith("10.") || ip.startsWith("192.168.") || ip.matches("172\\.(1[6-9]|2\\d|3[01])\\..*")
                || ip.startsWith("fd") || ip.startsWith("fe80") || ip.equals("127.0.0.1") || ip.equals("::1");
    }
}
