package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.flow.LocalNetworks;
import io.sluice.packet.IpAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host that starts pulling from a repository of collected data it never used: a mailbox
 * server over POP3 or IMAP, or a network device's configuration over SNMP, TFTP or Cisco Smart
 * Install, once the baseline's learning period is over.
 *
 * <p>ATT&CK: T1114 Email Collection with T1114.002 Remote Email Collection (POP3 tcp/110, 995;
 * IMAP tcp/143, 993: mail fetched from a server over the network); T1602 Data from Configuration
 * Repository with T1602.001 SNMP (MIB Dump) for udp/161 and T1602.002 Network Device Configuration
 * Dump for TFTP udp/69 and Smart Install tcp/4786 (the two ways devices hand over their
 * configuration files). DS0029: Network Connection Creation (the answered connection, as the row
 * guidance asks: "newly constructed network connections sent or received by untrusted hosts") and
 * Network Traffic Flow (the same from flow records, for NetFlow and conn.log sources). What the
 * client then reads is the content analytics' job ({@code snmp.config_dump}).
 *
 * <p>Evidence: the shared host baselines ({@link HostBaselines}). For a local server: whether it
 * had served this client on this port before (a device's SNMP is polled by its management stations
 * from the start, so a new poller after the learning period is not one of them). For an outside
 * server (a hosted mailbox): whether the client had reached it before, and whether it had used the
 * protocol at all (never: MEDIUM, the first mail client on a host that had none).
 *
 * <p>Thresholds: none beyond the baseline's learning period (1 d by default). Configuration pulls
 * MEDIUM, mail LOW (MEDIUM as above). {@code management_stations} (CIDRs) are never reported for
 * SNMP, TFTP or Smart Install.
 *
 * <p>Known false positives: a new monitoring server or administrator; a hosted mailbox service
 * answering from addresses the client had not used yet (merged into one incident per client);
 * PXE clients booting from a
 * TFTP server for the first time; a user adding a mail account. Exchange's MAPI and EWS run over
 * HTTPS and cannot be told from web traffic by their port, so they are not seen here.
 */
public final class NewCollectionClientDetector implements Detector<String, NewCollectionClientDetector.State> {

    public static final String ID = "collect.new_client";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /** @param managementStations CIDRs of the hosts that manage network devices */
    public record Config(List<String> managementStations) {
        public static final Config DEFAULTS = new Config(List.of());

        public Config {
            managementStations = List.copyOf(managementStations);
        }
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).listValue("management_stations", Config.DEFAULTS.managementStations()));
    }

    /** Stateless: the baseline holds the history; the engine merges repeats of one incident. */
    public record State() {}

    /** The repositories, by port. */
    enum Repository {
        POP3("POP3 mail retrieval", "T1114.002"),
        IMAP("IMAP mail retrieval", "T1114.002"),
        SNMP("SNMP", "T1602.001"),
        TFTP("TFTP", "T1602.002"),
        SMART_INSTALL("Cisco Smart Install", "T1602.002");

        final String label;
        final String technique;

        Repository(String label, String technique) {
            this.label = label;
            this.technique = technique;
        }

        boolean mail() {
            return this == POP3 || this == IMAP;
        }

        static Repository of(String proto, int port) {
            if ("tcp".equals(proto)) {
                return switch (port) {
                    case 110, 995 -> POP3;
                    case 143, 993 -> IMAP;
                    case 4786 -> SMART_INSTALL;
                    default -> null;
                };
            }
            if ("udp".equals(proto)) {
                return switch (port) {
                    case 161 -> SNMP;
                    case 69 -> TFTP;
                    default -> null;
                };
            }
            return null;
        }
    }

    private static final Set<String> FAILED_STATES = Set.of("S0", "REJ", "RSTOS0", "RSTRH", "SH", "SHR");
    private static final List<String> MAIL_PORTS = List.of("tcp/110", "tcp/995", "tcp/143", "tcp/993");

    private final Config config;
    private final HostBaselines baselines;
    private final LocalNetworks managers;

    public NewCollectionClientDetector(Config config, HostBaselines baselines) {
        this.config = config;
        this.baselines = baselines;
        this.managers = LocalNetworks.of(config.managementStations());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1114"), Technique.of("T1114.002"), Technique.of("T1602"),
                Technique.of("T1602.001"), Technique.of("T1602.002"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    /** Keyed by client: one client's pulls are judged together. */
    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return switch (event) {
            case ConnectionCreation c -> c.localOrig() && answered(c.outcome()) && Repository.of(c.proto(), c.id().respP()) != null
                    ? c.id().origH() : null;
            case FlowRecord f -> !Boolean.FALSE.equals(f.localOrig()) && f.respPkts() > 0
                    && (f.connState() == null || !FAILED_STATES.contains(f.connState()))
                    && Repository.of(f.proto(), f.id().respP()) != null ? f.id().origH() : null;
            default -> null;
        };
    }

    /** As the baseline counts them: a UDP creation written at its first packet is UNKNOWN, not refused. */
    private static boolean answered(ConnectionCreation.Outcome o) {
        return switch (o) {
            case REJECTED, UNANSWERED, NOT_ANSWERED -> false;
            default -> true;
        };
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        ConnId id;
        String proto, uid, communityId;
        boolean serverLocal;
        switch (event) {
            case ConnectionCreation c -> {
                id = c.id();
                proto = c.proto();
                uid = c.uid();
                communityId = c.communityId();
                serverLocal = c.localResp();
            }
            case FlowRecord f -> {
                id = f.id();
                proto = f.proto();
                uid = f.uid();
                communityId = f.communityId();
                serverLocal = !Boolean.FALSE.equals(f.localResp());
            }
            default -> {
                return state;
            }
        }
        Repository repo = Repository.of(proto, id.respP());
        if (repo == null || AddressClasses.isGroup(id.respH())) return state;
        if (!repo.mail() && isManager(client)) return state;
        long ts = event.tsNanos();
        String server = id.respH();
        String port = HostBaselines.portKey(proto, id.respP());
        boolean firstUse;
        String since;
        if (serverLocal) {
            if (baselines.learning(server, ts) || baselines.inboundSaturated(server)) return state;
            if (baselines.servedBefore(server, port, client, ts)) return state;
            firstUse = false;
            since = server + "'s baseline began " + Explanations.elapsed(firstSeen(server, ts), ts) + " ago";
        } else {
            if (baselines.learning(client, ts) || baselines.destinationsSaturated(client)) return state;
            if (baselines.contactedBefore(client, server, ts)) return state;
            firstUse = !usedBefore(client, repo, port, ts);
            since = client + "'s baseline began " + Explanations.elapsed(firstSeen(client, ts), ts) + " ago";
        }
        boolean strong = !repo.mail() || firstUse;
        var b = Alert.builder(ID)
                .component(event.component())
                .technique(repo.mail() ? "T1114" : "T1602")
                .technique(repo.technique)
                .severity(strong ? Severity.MEDIUM : Severity.LOW)
                .confidence(strong ? 0.5 : 0.3)
                .time(ts, ts)
                .srcHost(client)
                .dstHost(server)
                .dstPort(id.respP())
                .evidence(uid, communityId)
                // outside mail services answer from many addresses: one incident per client, not per address
                .incident(client + ">" + (serverLocal ? server : "outside") + "|" + repo.name())
                .explanation(String.format(Locale.ROOT, "%s pulled from %s %s (%s/%d) for the first time since %s%s",
                        client, repo.mail() ? "mail server" : "network device", server, proto, id.respP(), since,
                        why(repo, serverLocal, firstUse)));
        ctx.alert(b.build());
        return state;
    }

    private static String why(Repository repo, boolean serverLocal, boolean firstUse) {
        if (!repo.mail()) return "; " + repo.label + " from a host that is not one of the device's managers";
        if (serverLocal) return "; " + repo.label + " from a client the server never had";
        return firstUse ? "; the host had never retrieved mail over POP3 or IMAP before" : "; a mail server new to the host";
    }

    private boolean isManager(String host) {
        if (managers.isEmpty()) return false;
        try {
            return managers.contains(IpAddress.parseHi(host), IpAddress.parseLo(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the client had used this kind of repository (any mail port, or this port) before. */
    private boolean usedBefore(String client, Repository repo, String port, long ts) {
        synchronized (baselines) { // the profile's sets are guarded by the baselines' lock
            var p = baselines.profile(client);
            if (p == null) return false;
            if (!repo.mail()) return p.destPorts().seenBefore(port, ts);
            for (String m : MAIL_PORTS) if (p.destPorts().seenBefore(m, ts)) return true;
            return false;
        }
    }

    private long firstSeen(String host, long ts) {
        var p = baselines.profile(host);
        return p == null ? ts : Math.min(ts, p.firstSeenNanos());
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
