package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.ldap.LdapSearchRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds Group Policy enumeration over LDAP: a client searching the directory for every Group
 * Policy object ({@code (objectClass=groupPolicyContainer)} below a container, as PowerView's
 * {@code Get-DomainGPO}, SharpGPOAbuse, BloodHound and {@code Get-GPO -All} do) or for the
 * {@code gPLink} of every OU and domain (the map of which policy applies where).
 *
 * <p>ATT&CK: T1615 Group Policy Discovery. DS0029: Network Traffic Content (ldap_search rows: the
 * search filter, scope and requested attributes are the "anomalous syntax or structure" the
 * guidance asks to inspect).
 *
 * <p>Evidence: ldap_search rows whose filter names {@code groupPolicyContainer}, or that ask for
 * {@code gPLink} / {@code gPCFileSysPath} with a {@code single} or {@code tree} scope, per client
 * over a tumbling {@code window} (1 h): searches, base objects, entries returned. A search with
 * scope {@code base} is left out: that is how the Windows Group Policy client reads the one GPO or
 * OU it applies, every 90 minutes on every domain member.
 *
 * <p>Thresholds: none for GPO enumeration: one such search lists the domain's policies. Severity
 * MEDIUM, HIGH when one client in the window both lists the GPOs and maps their links across
 * containers ({@code gPLink} below a container): what attack tooling does to find a policy it can
 * abuse. Plain LDAP only: searches over LDAPS or sealed SASL (Windows' default for its own tools)
 * are not readable, so PowerShell's GroupPolicy module on a modern domain is often not seen.
 *
 * <p>Known false positives: the Group Policy Management Console and RSoP tools (administrators'
 * hosts: list them in {@code ignore_clients}); inventory and AD auditing products.
 */
public final class GroupPolicyDiscoveryDetector implements Detector<String, GroupPolicyDiscoveryDetector.State> {
    public static final String ID = "ldap.gpo_discovery";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(LdapSearchRow.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1615"));

    /**
     * @param windowNanos   how long one client's searches are gathered into one incident
     * @param ignoreClients administrators' hosts running GPMC
     */
    public record Config(long windowNanos, List<String> ignoreClients) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreClients = List.copyOf(ignoreClients);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.listValue("ignore_clients", d.ignoreClients()));
    }

    /** One client in one window. */
    public record State(long windowStart, long last, long gpoSearches, long linkSearches, long entries,
            Set<String> servers, Set<String> bases, List<String> evidence) {}

    /** What a search enumerates: the GPOs, their links, or neither. */
    enum Kind { GPOS, LINKS, NONE }

    private final Config config;

    public GroupPolicyDiscoveryDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    static Kind kind(LdapSearchRow r) {
        if (r.scope() == null || r.scope().equals("base")) return Kind.NONE;
        String filter = r.filter() == null ? "" : r.filter().toLowerCase(Locale.ROOT);
        if (filter.contains("=grouppolicycontainer")) return Kind.GPOS;
        boolean asksLinks = filter.contains("gplink") || filter.contains("gpcfilesyspath");
        if (r.attributes() != null) {
            for (String a : r.attributes()) {
                String l = a.toLowerCase(Locale.ROOT);
                if (l.equals("gplink") || l.equals("gpcfilesyspath")) asksLinks = true;
            }
        }
        return asksLinks ? Kind.LINKS : Kind.NONE;
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof LdapSearchRow r) || r.id() == null || config.ignoreClients().contains(r.id().origH())
                || kind(r) == Kind.NONE) {
            return null;
        }
        return r.id().origH();
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        var r = (LdapSearchRow) event;
        long ts = r.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, 0, 0, 0, new TreeSet<>(), new TreeSet<>(), new ArrayList<>());
            ctx.timer(ts + config.windowNanos());
        }
        Kind kind = kind(r);
        state.servers().add(r.id().respH());
        if (r.baseObject() != null && state.bases().size() < 10) state.bases().add(r.baseObject());
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(r.uid());
        var s = new State(state.windowStart(), Math.max(state.last(), ts),
                state.gpoSearches() + (kind == Kind.GPOS ? 1 : 0), state.linkSearches() + (kind == Kind.LINKS ? 1 : 0),
                state.entries() + r.resultCount(), state.servers(), state.bases(), state.evidence());
        if (s.gpoSearches() == 0) return s; // links alone: a GP client or GPMC browsing; wait for the GPO list
        boolean mapped = s.linkSearches() > 0;
        var alert = Alert.builder(ID)
                .technique("T1615")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(mapped ? Severity.HIGH : Severity.MEDIUM)
                .confidence(mapped ? 0.7 : 0.5)
                .time(s.windowStart(), s.last())
                .srcHost(client)
                .explanation(String.format(Locale.ROOT,
                        "%s searched the directory on %s for every Group Policy object (%s below %s, %s returned)%s",
                        client, Explanations.list(s.servers(), 3),
                        Explanations.count(s.gpoSearches(), "search", "searches"),
                        s.bases().isEmpty() ? "the root" : Explanations.list(s.bases(), 2),
                        Explanations.count(s.entries(), "entry", "entries"),
                        mapped ? " and for the gPLink of every container ("
                                + Explanations.count(s.linkSearches(), "search", "searches") + "): which policy applies where"
                                : ""))
                .incident(client + "|" + s.windowStart());
        for (String server : s.servers()) alert.dstHost(server);
        for (String uid : s.evidence()) alert.evidence(uid, null);
        alert.evidenceCount(s.evidence().size());
        s.evidence().clear();
        ctx.alert(alert.build());
        return s;
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
