package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ldap.LdapMessageRow;
import io.sluice.protocol.ldap.LdapSearchRow;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.smb.SmbFileAction;
import io.sluice.protocol.smb.SmbMapping;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The windows-domain scenario through the real pipeline: the rows Windows LAN traffic should give, and no alert. */
class WindowsDomainScenarioTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        assertThat(ScenarioRun.bytes(3, new WindowsDomain(4))).isEqualTo(ScenarioRun.bytes(3, new WindowsDomain(4)));
        assertThat(ScenarioRun.bytes(3, new WindowsDomain(4))).isNotEqualTo(ScenarioRun.bytes(4, new WindowsDomain(4)));
    }

    @Test
    void smbMapsTheSharesAndLogsTheFilesWithTheirSizes() throws Exception {
        var run = ScenarioRun.of(dir, 1, new WindowsDomain(4));
        assertThat(run.of(SmbMapping.class)).extracting(SmbMapping::path).contains(
                "\\\\dc01.corp.example\\IPC$", "\\\\dc01.corp.example\\SYSVOL", "\\\\dc01.corp.example\\NETLOGON",
                "\\\\fs01.corp.example\\users", "\\\\10.10.0.12\\users");
        assertThat(run.of(SmbMapping.class)).extracting(SmbMapping::dialect).contains("3.11", "3.02");
        var files = run.of(SmbFileAction.class);
        assertThat(files).filteredOn(f -> f.name().endsWith("gpt.ini")).allSatisfy(f -> {
            assertThat(f.size()).isEqualTo(22);
            assertThat(f.path()).isEqualTo("\\\\dc01.corp.example\\SYSVOL");
            assertThat(f.action()).isEqualTo("SMB::FILE_OPEN");
        }).hasSize(4);
        assertThat(files).filteredOn(f -> f.name().endsWith("Registry.pol")).extracting(SmbFileAction::size).containsOnly(2_796L);
        assertThat(files).filteredOn(f -> f.name().startsWith("alice.martin\\Documents\\"))
                .extracting(SmbFileAction::name, SmbFileAction::size).contains(
                        org.assertj.core.groups.Tuple.tuple("alice.martin\\Documents\\desktop.ini", 402L),
                        org.assertj.core.groups.Tuple.tuple("alice.martin\\Documents\\Notes WS01.txt", 0L));
    }

    @Test
    void ntlmNamesUserDomainAndWorkstation() throws Exception {
        var ntlm = ScenarioRun.of(dir, 1, new WindowsDomain(4)).of(NtlmAuthentication.class);
        assertThat(ntlm).anySatisfy(n -> {
            assertThat(n.username()).isEqualTo("carol.diaz");
            assertThat(n.domainname()).isEqualTo("CORP");
            assertThat(n.hostname()).isEqualTo("WS03");
            assertThat(n.serverDnsComputerName()).isEqualTo("fs01.corp.example");
            assertThat(n.success()).isTrue();
        });
        assertThat(ntlm).anySatisfy(n -> {
            assertThat(n.username()).isEqualTo("WS01$");
            assertThat(n.serverNbComputerName()).isEqualTo("DC01");
        });
    }

    @Test
    void dceRpcNamesEndpointsAndOperations() throws Exception {
        var calls = ScenarioRun.of(dir, 1, new WindowsDomain(4)).of(DceRpcCall.class);
        assertThat(calls).extracting(c -> c.endpoint() + "/" + c.operation()).contains(
                "lsarpc/LsarOpenPolicy2", "lsarpc/LsarLookupSids", "lsarpc/LsarClose", "netlogon/DsrGetDcNameEx2",
                "srvsvc/NetrShareGetInfo", "epmapper/ept_map");
        assertThat(calls).filteredOn(c -> c.operation().equals("DsrGetDcNameEx2"))
                .extracting(DceRpcCall::namedPipe).containsOnly("\\PIPE\\netlogon");
        assertThat(calls).filteredOn(c -> c.operation().equals("LsarLookupSids"))
                .allSatisfy(c -> assertThat(c.id().respP()).isEqualTo(WindowsDomain.LSASS_PORT));
    }

    @Test
    void kerberosShowsPreauthenticationThenSuccessAndServiceTickets() throws Exception {
        var krb = ScenarioRun.of(dir, 1, new WindowsDomain(4)).of(KerberosTransaction.class);
        var alice = krb.stream().filter(k -> k.client().equals("alice.martin/CORP.EXAMPLE")).toList();
        assertThat(alice).filteredOn(k -> k.requestType().equals("AS"))
                .extracting(KerberosTransaction::success, KerberosTransaction::errorMsg)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, "KDC_ERR_PREAUTH_REQUIRED"),
                        org.assertj.core.groups.Tuple.tuple(true, null));
        assertThat(alice).filteredOn(k -> k.requestType().equals("TGS")).extracting(KerberosTransaction::service)
                .containsExactly("cifs/fs01.corp.example", "krbtgt/CORP.EXAMPLE", "host/fs01.corp.example");
        assertThat(krb).filteredOn(k -> k.client().equals("WS01$/CORP.EXAMPLE") && k.requestType().equals("TGS"))
                .extracting(KerberosTransaction::service).containsExactly("ldap/dc01.corp.example", "cifs/dc01.corp.example");
    }

    @Test
    void ldapShowsTheBindAndTheSearches() throws Exception {
        var run = ScenarioRun.of(dir, 1, new WindowsDomain(4));
        assertThat(run.of(LdapMessageRow.class)).anySatisfy(m -> assertThat(m.opcode()).isEqualTo("bind SASL"));
        var searches = run.of(LdapSearchRow.class);
        assertThat(searches).extracting(LdapSearchRow::filter)
                .contains("(objectClass=*)", "(&(objectCategory=computer)(name=WS01))");
        assertThat(searches).extracting(LdapSearchRow::baseObject)
                .contains("DC=corp,DC=example", "CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,DC=corp,DC=example");
    }

    @Test
    void connectionsCarryTheirServices() throws Exception {
        var services = ScenarioRun.of(dir, 1, new WindowsDomain(4)).of(FlowRecord.class).stream()
                .map(FlowRecord::service).toList();
        assertThat(services).contains("krb", "krb_tcp", "ldap_tcp", "dns", "smb,dce_rpc", "smb,ntlm,dce_rpc",
                "dce_rpc", "dce_rpc,ntlm");
    }

    @Test
    void ordinaryDomainTrafficRaisesNothingAloneOrWithTheOffice() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            assertThat(StandardAnalytics.alerts(ScenarioRun.of(dir, seed, new WindowsDomain(4)).events)).isEmpty();
            assertThat(StandardAnalytics.alerts(ScenarioRun.of(dir, seed, new OfficeTraffic(), new WindowsDomain(12)).events)).isEmpty();
        }
    }
}
