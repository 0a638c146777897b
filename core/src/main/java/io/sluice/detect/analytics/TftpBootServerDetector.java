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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds devices fetching over TFTP from a server they should not boot from: a TFTP request to a
 * server outside the network, to a server that is not one of the {@code known_servers}, or to a
 * different server than the one the same device used before. Network
 * devices (and PXE clients) load their system image and startup configuration this way; a device
 * pointed at the adversary's TFTP server loads the adversary's image.
 *
 * <p>ATT&CK: T1542.005 Pre-OS Boot: TFTP Boot. DS0029: Network Connection Creation (the TFTP
 * request to UDP 69: the "newly constructed" connection to the server that hands out the image; the
 * guidance's image comparison itself needs the device).
 *
 * <p>Evidence: connection creations to UDP port 69 per client over a tumbling {@code window}
 * (7 d): the servers it asked. A TFTP server answers from a new port, so the request's own
 * connection is never answered and its creation is emitted before anything is known; the request
 * alone is judged: a device asking an unexpected server for a file was told to, whether or not the
 * server then delivered.
 *
 * <p>Thresholds: none: one answered request from an unexpected server is the fact. Severity HIGH
 * for a server outside the network or not among {@code known_servers} (when that list is set),
 * MEDIUM when a device changes server (it asks a second TFTP server within the window, as when
 * the DHCP boot options or the device's boot configuration were changed).
 *
 * <p>Known false positives: migrations between TFTP servers, redundant TFTP servers used in turn
 * (list both in {@code known_servers}), phones and printers fetching firmware from a vendor's
 * server on the Internet.
 */
public final class TftpBootServerDetector implements Detector<String, TftpBootServerDetector.State> {
    public static final String ID = "tftp.unexpected_server";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1542.005"));
    private static final int MAX_SERVERS = 8;

    /**
     * @param windowNanos  how long a client's servers are remembered
     * @param knownServers the TFTP servers devices should boot from (empty: not checked)
     */
    public record Config(long windowNanos, List<String> knownServers) {
        public static final Config DEFAULTS = new Config(7 * 86_400_000_000_000L, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            knownServers = List.copyOf(knownServers);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.listValue("known_servers", d.knownServers()));
    }

    /** One client in one window: the servers it asked, first first. */
    public record State(long windowStart, List<String> servers, long requests) {}

    private final Config config;

    public TftpBootServerDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof ConnectionCreation c) || !c.proto().equals("udp") || c.id().respP() != 69
                || AddressClasses.isGroup(c.id().respH())) {
            return null;
        }
        return c.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var c = (ConnectionCreation) event;
        long ts = c.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, List.of(), 0);
            ctx.timer(ts + config.windowNanos());
        }
        String server = c.id().respH();
        boolean newServer = !state.servers().contains(server);
        var servers = state.servers();
        if (newServer && servers.size() < MAX_SERVERS) {
            var more = new ArrayList<>(servers);
            more.add(server);
            servers = List.copyOf(more);
        }
        var s = new State(state.windowStart(), servers, state.requests() + 1);
        boolean outside = !c.localResp() && !AddressClasses.isPrivate(server);
        boolean unknown = !config.knownServers().isEmpty() && !config.knownServers().contains(server);
        boolean changed = newServer && !state.servers().isEmpty();
        if (!outside && !unknown && !changed) return s;
        var reasons = new ArrayList<String>();
        if (outside) reasons.add("the server is outside the network");
        if (unknown) reasons.add("it is not one of the " + Explanations.count(config.knownServers().size(),
                "known TFTP server", "known TFTP servers"));
        if (changed) reasons.add("the device had fetched from " + Explanations.list(state.servers(), 3) + " before");
        boolean high = outside || unknown;
        ctx.alert(Alert.builder(ID)
                .technique("T1542.005")
                .component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.65 : 0.45)
                .time(ts, ts)
                .srcHost(client)
                .dstHost(server)
                .dstPort(69)
                .explanation(String.format(Locale.ROOT, "%s sent a TFTP request to %s: %s", client, server,
                        String.join("; ", reasons)))
                .evidence(c.uid(), c.communityId())
                .incident(client + ">" + server)
                .build());
        return s;
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
