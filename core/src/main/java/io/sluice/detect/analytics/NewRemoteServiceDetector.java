package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.detect.baseline.HostRole;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.WireText;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.SmbMapping;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds remote-service use that is new for the destination: a client using RDP, SMB, SSH, VNC,
 * WinRM, telnet or DCOM/WMI on a host that, after its learning period, had never served that
 * client that service; and says when it goes from workstation to workstation, where remote
 * administration is rare.
 *
 * <p>ATT&CK: T1021 Remote Services and the sub-technique of the protocol (.001 RDP, .002 SMB and
 * admin shares, .003 DCOM, .004 SSH, .005 VNC, .006 WinRM; telnet is T1021 itself); T1047 Windows
 * Management Instrumentation for WMI over DCOM ({@code IWbem*} interfaces); T1187 Forced
 * Authentication for new SMB between two workstations (its DS0029 guidance); T1133 External Remote
 * Services when the new client is outside the network and the host inside ({@code local_orig}
 * false, {@code local_resp} true; private address space when the source does not say): RDP, SSH,
 * VNC, WinRM or telnet reached from the Internet, the access the technique is about. DS0029: Network
 * Connection Creation and Network Traffic Flow (service or port), Network Traffic Content
 * (DCE/RPC interfaces: DCOM activation, WMI, the service control manager {@code svcctl} that
 * PsExec-style tools drive; SMB tree connects to administrative shares).
 *
 * <p>Evidence: the destination's baseline ({@link HostBaselines}): who it served, by service, port,
 * RPC interface and share; host roles from the baseline (a host serving one port to
 * {@code server_min_clients} distinct clients is a server) or configuration.
 *
 * <p>Thresholds: none beyond the baseline's learning period (1 d by default): the first use after
 * it is reported. Severity LOW for a new client of a server, MEDIUM for workstation to workstation,
 * WMI, DCOM activation, an administrative share or an outside client.
 *
 * <p>Known false positives: new administrators or jump hosts, help-desk remote sessions,
 * deployment tools (SCCM, Ansible over WinRM/SSH) reaching hosts for the first time; hosts whose
 * learning period saw little traffic; for T1133, remote access that is published on purpose (a
 * bastion's SSH, an RD Gateway) reports each new outside address once. Destinations whose inbound
 * set overflowed are skipped.
 */
public final class NewRemoteServiceDetector implements Detector<String, NewRemoteServiceDetector.State> {

    public static final String ID = "remote.new_service";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            DceRpcCall.class, SmbMapping.class);

    /** @param includeServers whether new clients of servers are reported too, not only of workstations */
    public record Config(boolean includeServers) {
        public static final Config DEFAULTS = new Config(true);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).boolValue("include_servers", Config.DEFAULTS.includeServers()));
    }

    /** Stateless: the baseline holds the history; the engine merges repeats of one incident. */
    public record State() {}

    private static final Set<String> FAILED_STATES = Set.of("S0", "REJ", "RSTOS0", "RSTRH", "SH", "SHR");
    /** DCOM remote activation interfaces (MS-DCOM) and WMI's (MS-WMI). */
    private static final Set<String> DCOM_ACTIVATION = Set.of("IRemoteSCMActivator", "ISystemActivator",
            "IActivation", "IRemUnknown", "IRemUnknown2");
    private static final Set<String> WMI = Set.of("IWbemLevel1Login", "IWbemServices", "IWbemLoginClientID",
            "IWbemFetchSmartEnum", "IWbemWCOSmartEnum");

    private final Config config;
    private final HostBaselines baselines;

    public NewRemoteServiceDetector(Config config, HostBaselines baselines) {
        this.config = config;
        this.baselines = baselines;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        var out = new ArrayList<Technique>();
        for (String t : List.of("T1021", "T1021.001", "T1021.002", "T1021.003", "T1021.004", "T1021.005", "T1021.006",
                "T1047", "T1187", "T1133")) {
            out.add(Technique.of(t));
        }
        return out;
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.allOf(Ds0029Component.class);
    }

    /**
     * One use of a remote service, as found in one event; {@code key} asks for one per connection
     * event, so the text for the alert is made only when one is raised.
     */
    private record Use(RemoteService service, String baselineKey, Event event, boolean byService, boolean wmi,
            boolean strong) {

        String detail() {
            return switch (event) {
                case ConnectionCreation c -> c.proto() + "/" + c.id().respP();
                case FlowRecord f -> byService ? "service " + service.service + " on " + f.proto() + "/" + f.id().respP()
                        : f.proto() + "/" + f.id().respP();
                case DceRpcCall r -> r.endpoint().equals("svcctl") ? "remote service control svcctl::" + r.operation()
                        : r.endpoint() + "::" + r.operation();
                case SmbMapping m -> "administrative share " + WireText.toText(m.path());
                default -> throw new IllegalStateException("no remote service use in " + event.getClass());
            };
        }
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        return use(event) == null ? null : idOf(event).respH();
    }

    private static ConnId idOf(Event event) {
        return switch (event) {
            case ConnectionCreation c -> c.id();
            case FlowRecord f -> f.id();
            case DceRpcCall r -> r.id();
            case SmbMapping m -> m.id();
            default -> null;
        };
    }

    private static Use use(Event event) {
        switch (event) {
            case ConnectionCreation c -> {
                if (c.outcome() != ConnectionCreation.Outcome.ESTABLISHED
                        && c.outcome() != ConnectionCreation.Outcome.MIDSTREAM) return null;
                RemoteService s = RemoteService.ofPort(c.proto(), c.id().respP());
                return s == null ? null : new Use(s, HostBaselines.portKey(c.proto(), c.id().respP()), c, false, false,
                        false);
            }
            case FlowRecord f -> {
                if ((f.connState() != null && FAILED_STATES.contains(f.connState())) || f.respPkts() == 0) return null;
                RemoteService s = RemoteService.ofService(f.service());
                if (s != null) return new Use(s, s.service, f, true, false, false);
                s = RemoteService.ofPort(f.proto(), f.id().respP());
                return s == null ? null : new Use(s, HostBaselines.portKey(f.proto(), f.id().respP()), f, false, false,
                        false);
            }
            case DceRpcCall r -> {
                if (r.endpoint() == null) return null;
                if (r.endpoint().equals("svcctl")) {
                    // PsExec and smbexec create and start a service over SMB's svcctl pipe.
                    return new Use(RemoteService.SMB, "rpc:svcctl", r, false, false, true);
                }
                boolean wmi = WMI.contains(r.endpoint());
                if (!wmi && !DCOM_ACTIVATION.contains(r.endpoint())) return null;
                return new Use(RemoteService.DCOM, "rpc:" + r.endpoint(), r, false, wmi, true);
            }
            case SmbMapping m -> {
                String share = HostBaselines.shareName(m.path());
                if (share == null || !share.endsWith("$") || share.equals("IPC$")) return null;
                return new Use(RemoteService.SMB, "share:" + share, m, false, false, true);
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public State onEvent(String dst, State state, Event event, DetectorContext ctx) {
        Use u = use(event);
        ConnId id = idOf(event);
        if (u == null || id == null) return state;
        long ts = event.tsNanos();
        String client = id.origH();
        if (baselines.learning(dst, ts) || baselines.inboundSaturated(dst)) return state;
        if (baselines.servedBefore(dst, u.baselineKey(), client, ts)) return state;

        boolean external = fromOutside(event);
        HostRole from = external ? HostRole.EXTERNAL : baselines.role(client, ts);
        HostRole to = baselines.role(dst, ts);
        boolean workstations = from == HostRole.WORKSTATION && to == HostRole.WORKSTATION;
        if (!config.includeServers() && to == HostRole.SERVER) return state;

        var b = Alert.builder(ID)
                .component(event.component())
                .technique(u.service().technique)
                .severity(workstations || u.strong() || external ? Severity.MEDIUM : Severity.LOW)
                .confidence(workstations || u.strong() || external ? 0.5 : 0.3)
                .time(ts, ts)
                .srcHost(client)
                .dstHost(dst)
                .dstPort(id.respP())
                .evidence(uidOf(event), communityIdOf(event))
                .incident(client + ">" + dst + "|" + u.service().service)
                .explanation(String.format(Locale.ROOT,
                        "%s used %s on %s for the first time (%s) since %s's baseline began %s ago; from %s %s to %s %s",
                        client, u.service().label, dst, u.detail(), dst,
                        Explanations.elapsed(firstSeen(dst, ts), ts), article(from), name(from), article(to), name(to)));
        if (!u.service().technique.equals("T1021")) b.technique("T1021");
        if (u.wmi()) b.technique("T1047");
        if (workstations && u.service() == RemoteService.SMB) b.technique("T1187");
        if (external) b.technique("T1133");
        ctx.alert(b.build());
        return state;
    }

    /**
     * An outside client reaching an inside host's remote service: T1133 External Remote Services. Only
     * connection events say where their ends are; the locality is the source's ({@code local_orig}),
     * or private address space when the source does not say.
     */
    private static boolean fromOutside(Event event) {
        ConnId id = idOf(event);
        Boolean localOrig, localResp;
        switch (event) {
            case ConnectionCreation c -> {
                localOrig = c.localOrig();
                localResp = c.localResp();
            }
            case FlowRecord f -> {
                localOrig = f.localOrig();
                localResp = f.localResp();
            }
            default -> {
                return false;
            }
        }
        boolean origInside = localOrig != null ? localOrig : AddressClasses.isPrivate(id.origH());
        boolean respInside = localResp != null ? localResp : AddressClasses.isPrivate(id.respH());
        return !origInside && respInside;
    }

    private long firstSeen(String host, long ts) {
        var p = baselines.profile(host);
        return p == null ? ts : Math.min(ts, p.firstSeenNanos());
    }

    private static String name(HostRole r) {
        return switch (r) {
            case SERVER -> "server";
            case WORKSTATION -> "workstation";
            case EXTERNAL -> "external host";
            case UNKNOWN -> "host of unknown role";
        };
    }

    private static String article(HostRole r) {
        return r == HostRole.EXTERNAL ? "an" : "a";
    }

    private static String uidOf(Event e) {
        return switch (e) {
            case ConnectionCreation c -> c.uid();
            case FlowRecord f -> f.uid();
            case DceRpcCall r -> r.uid();
            case SmbMapping m -> m.uid();
            default -> null;
        };
    }

    private static String communityIdOf(Event e) {
        return switch (e) {
            case ConnectionCreation c -> c.communityId();
            case FlowRecord f -> f.communityId();
            default -> null;
        };
    }

    @Override
    public State onTimer(String dst, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
