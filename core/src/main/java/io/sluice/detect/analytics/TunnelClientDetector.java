package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a tunnelling client opening a connection to the outside: a process that exists to wrap
 * one protocol in another (Plink's and Chisel's SSH and HTTP tunnels, iodine's and dnscat2's DNS,
 * ptunnel's ICMP, ngrok's and cloudflared's reverse tunnels), or a connection to the endpoint a
 * reverse-tunnel agent connects to, by the name the host resolved.
 *
 * <p>ATT&CK: T1572 Protocol Tunneling. DS0029: Network Connection Creation from sources that name
 * the process and the resolved destination (Sysmon Event ID 3 {@code Image} and
 * {@code DestinationHostname}, Linux host events; {@link ConnectionCreation#process()}): the new
 * connection is where the tunnel leaves the host, which is what the guidance asks to watch
 * ("connections sent or received by untrusted hosts"). What the tunnel carries is judged on the
 * Content row ({@code dns.tunnel}) and how long it stays up on the Flow row ({@code conn.long}).
 *
 * <p>Evidence: the image's file name, lower case, without {@code .exe}, among {@link #TOOLS};
 * or the responder's host name one of {@link #RELAYS}' agent endpoints; to a non-private, non-group
 * address.
 * One incident per machine and tool (or relay). Thresholds: none, the record is the fact. The
 * lists are the tools and services that public Sysmon-based T1572 detections name; a renamed
 * binary is not found (the Content and Flow analytics still see its traffic).
 *
 * <p>Known false positives: administrators' and developers' own tunnels (Plink port forwards,
 * ngrok or cloudflared to demo a local service); MEDIUM so the owner can judge.
 */
public final class TunnelClientDetector implements Detector<String, TunnelClientDetector.State> {

    public static final String ID = "tunnel.client";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class);

    /** Tunnelling clients by file name: SSH/HTTP/SOCKS tunnels, DNS and ICMP tunnels, reverse-tunnel agents. */
    static final Set<String> TOOLS = Set.of("plink", "chisel", "ligolo", "ligolo-ng", "iodine", "ptunnel", "dns2tcp",
            "dnscat", "dnscat2", "httptunnel", "htc", "ngrok", "cloudflared", "frpc", "localtonet", "sshuttle",
            "revsocks", "gost");
    /**
     * The names reverse-tunnel agents connect to, never the names visitors of a tunnel reach
     * ({@code *.ngrok-free.app}, {@code *.trycloudflare.com} are those: reaching one is not
     * tunnelling out): ngrok's agent endpoints ({@code tunnel.<region>.ngrok.com},
     * {@code *.ngrok-agent.com}), Cloudflare Tunnel's edge for cloudflared ({@code *.argotunnel.com}),
     * localtonet's servers. Each entry: service, then the name's required prefix and suffix.
     */
    static final List<String[]> RELAYS = List.of(new String[] {"ngrok", "tunnel.", ".ngrok.com"},
            new String[] {"ngrok", "", ".ngrok-agent.com"}, new String[] {"Cloudflare Tunnel", "", ".argotunnel.com"},
            new String[] {"localtonet", "", ".localto.net"}, new String[] {"localtonet", "", ".localtonet.com"});

    public record Config(Severity severity) {
        public static final Config DEFAULTS = new Config(Severity.MEDIUM);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).severityValue("severity", Config.DEFAULTS.severity()));
    }

    /** Stateless: each connection is judged alone and the engine merges an incident's repeats. */
    public record State() {}

    private final Config config;

    public TunnelClientDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1572"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ConnectionCreation c) || c.process() == null) return null;
        String dst = c.id().respH();
        if (AddressClasses.isPrivate(dst) || AddressClasses.isGroup(dst) || AddressClasses.isSpecial(dst)) return null;
        String host = c.process().host();
        return host != null && !host.isBlank() ? host : c.id().origH();
    }

    /** The tool's name when the image is a tunnelling client, else null. */
    static String tool(String image) {
        if (image == null || image.isBlank()) return null;
        String name = ProcessNetworkDetector.fileName(image);
        if (name.endsWith(".exe")) name = name.substring(0, name.length() - 4);
        return TOOLS.contains(name) ? name : null;
    }

    /** The reverse-tunnel service whose agent endpoint the name is, else null. */
    static String relay(String name) {
        if (name == null || name.isBlank()) return null;
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        for (String[] r : RELAYS) {
            if (n.startsWith(r[1]) && n.endsWith(r[2]) && n.length() > r[1].length() + r[2].length()) return r[0];
        }
        return null;
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        var c = (ConnectionCreation) event;
        String image = c.process().image();
        String tool = tool(image);
        String respName = c.process().respHostName();
        String relay = relay(respName);
        if (tool == null && relay == null) return state;
        String dst = c.id().respH() + ":" + c.id().respP();
        String what = tool != null
                ? String.format(Locale.ROOT, "%s, a tunnelling client (%s), opened a %s connection to %s%s", image, tool,
                        c.proto(), dst, relay != null ? " (" + respName + ", where " + relay + "'s tunnel agents connect)"
                                : respName != null ? " (" + respName + ")" : "")
                : String.format(Locale.ROOT, "%s opened a %s connection to %s (%s), where %s's tunnel agents connect",
                        image == null ? "a process" : image, c.proto(), dst, respName, relay);
        var b = Alert.builder(ID)
                .technique("T1572")
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(config.severity())
                .confidence(tool != null && relay != null ? 0.8 : 0.6)
                .time(c.tsNanos(), c.tsNanos())
                .srcHost(c.id().origH())
                .dstHost(c.id().respH())
                .dstPort(c.id().respP())
                .evidence(c.uid(), c.communityId())
                .incident(host + "|" + (tool != null ? tool : relay))
                .explanation("On " + host + ", " + what + ": traffic wrapped in another protocol leaves the host here");
        if (image != null) b.process(image);
        if (relay != null) b.domain(respName);
        ctx.alert(b.build());
        return state;
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
