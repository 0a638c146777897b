package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.ldap.LdapSearchRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupPolicyDiscoveryDetectorTest {

    private static final GroupPolicyDiscoveryDetector DETECTOR =
            new GroupPolicyDiscoveryDetector(GroupPolicyDiscoveryDetector.Config.DEFAULTS);
    private static final String DOMAIN = "DC=corp,DC=example";

    /** An ldap_search row as the LDAP dissector logs a search and its result. */
    private static LdapSearchRow search(double s, String client, String scope, String base, String filter, long results,
            String... attributes) {
        return new LdapSearchRow(t(s), "C" + Math.abs((client + s + filter).hashCode()), new ConnId(client, 50_000, "10.0.0.10", 389),
                (long) (s * 10), scope, "never", base, results, "success", null, filter, List.of(attributes));
    }

    @Test
    void powerViewListingEveryGpoAndMappingTheirLinksIsHigh() {
        var events = List.<Event>of(
                search(0, "10.0.0.23", "tree", DOMAIN, "(&(objectCategory=groupPolicyContainer))", 14,
                        "displayName", "gPCFileSysPath", "name"),
                search(2, "10.0.0.23", "tree", DOMAIN, "(|(objectClass=organizationalUnit)(objectClass=domain))", 31,
                        "gPLink", "distinguishedName"));
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1615"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("10.0.0.10");
            assertThat(a.explanation()).contains("every Group Policy object (1 search below " + DOMAIN + ", 45 entries",
                    "gPLink of every container (1 search)");
            assertThat(a.count()).isEqualTo(2);
        });
    }

    @Test
    void listingTheGposAloneIsMedium() {
        var alerts = DetectorHarness.run(DETECTOR, List.of(search(0, "10.0.0.23", "single",
                "CN=Policies,CN=System," + DOMAIN, "(objectClass=groupPolicyContainer)", 14)));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void theGroupPolicyClientsOwnBaseReadsAreQuiet() {
        var events = new ArrayList<Event>();
        for (int host = 0; host < 30; host++) {
            String client = "10.0.1." + host;
            // gpupdate: the gPLink of its OU and domain, then each linked GPO, all with scope base
            events.add(search(host, client, "base", "OU=Workstations," + DOMAIN, "(objectClass=*)", 1, "gPLink", "gPOptions"));
            events.add(search(host + 0.1, client, "base", DOMAIN, "(objectClass=*)", 1, "gPLink", "gPOptions"));
            events.add(search(host + 0.2, client, "base", "CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,"
                    + DOMAIN, "(objectCategory=groupPolicyContainer)", 1, "gPCFileSysPath", "versionNumber"));
            // ordinary lookups
            events.add(search(host + 0.3, client, "tree", DOMAIN, "(sAMAccountName=user" + host + ")", 1, "memberOf"));
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void linkSearchesAloneWaitForTheGpoList() {
        assertThat(DetectorHarness.run(DETECTOR, List.of(search(0, "10.0.0.23", "tree", DOMAIN,
                "(objectClass=organizationalUnit)", 31, "gPLink")))).isEmpty();
    }
}
