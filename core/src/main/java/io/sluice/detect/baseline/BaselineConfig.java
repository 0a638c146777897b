package io.sluice.detect.baseline;

import java.util.List;

/**
 * How host baselines learn and how big they may grow.
 *
 * @param learningNanos    event time after a host's first appearance during which it is only learned,
 *                         never judged ("new" means new after this period)
 * @param maxHosts         profiles kept; hosts beyond this are counted and not profiled
 * @param maxEntries       entries per set of one profile (destinations, ports, clients, ...); beyond it
 *                         new entries are counted as dropped and the set is marked saturated
 * @param serverMinClients a host that served one port to at least this many distinct clients is a server
 * @param servers          CIDRs configured as servers (domain controllers, file servers, jump hosts)
 * @param workstations     CIDRs configured as workstations, whatever their traffic says
 */
public record BaselineConfig(long learningNanos, int maxHosts, int maxEntries, int serverMinClients,
        List<String> servers, List<String> workstations) {

    public static final long DAY_NANOS = 86_400_000_000_000L;

    public BaselineConfig {
        if (learningNanos < 0) throw new IllegalArgumentException("baseline learning period must not be negative");
        if (maxHosts < 1 || maxEntries < 1) throw new IllegalArgumentException("baseline caps must be positive");
        if (serverMinClients < 1) throw new IllegalArgumentException("baseline server_min_clients must be positive");
        servers = List.copyOf(servers);
        workstations = List.copyOf(workstations);
    }

    /** One day of learning, 100,000 hosts of up to 4,096 entries per set, servers from 5 clients. */
    public static BaselineConfig defaults() {
        return new BaselineConfig(DAY_NANOS, 100_000, 4096, 5, List.of(), List.of());
    }

    public BaselineConfig withLearningNanos(long nanos) {
        return new BaselineConfig(nanos, maxHosts, maxEntries, serverMinClients, servers, workstations);
    }

    public BaselineConfig withCaps(int hosts, int entries) {
        return new BaselineConfig(learningNanos, hosts, entries, serverMinClients, servers, workstations);
    }

    public BaselineConfig withRoles(int minClients, List<String> serverNets, List<String> workstationNets) {
        return new BaselineConfig(learningNanos, maxHosts, maxEntries, minClients, serverNets, workstationNets);
    }
}
