package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The captures of corpus pcap-attacks/pcap-attack (sbousseaden/PCAP-ATTACK) that SMB, NTLM and
 * DCE/RPC reach: for each, what its file name says happened is visible in smb_mapping, smb_files,
 * ntlm or dce_rpc rows. Captures outside these protocols (Kerberos, RDP, DNS, C2) belong to other
 * dissectors. Three captures start after the DCE/RPC bind (Zeek logs nothing for them): in
 * DCSync_krbtgt_dcerpc_smb the sequence of opnums names drsuapi, in LM_dcom_mmc20.application_dcerpc
 * the activation call's stub names it, and in CredAccess_BackupMasterKey_LSARPC_43_RetrievePrivateData
 * the unsealed stub of LsarRetrievePrivateData does (a policy handle and the secret's name): rows
 * marked inferred.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class AttackCaptureTest {

    private static PipelineEvents.Result run(String name) throws Exception {
        return PipelineEvents.run(Corpus.file("pcap-attacks/pcap-attack/" + name));
    }

    private static List<String> ops(PipelineEvents.Result r) {
        return r.of(DceRpcCall.class).stream().map(c -> c.endpoint() + ":" + c.operation()).toList();
    }

    private static List<String> shares(PipelineEvents.Result r) {
        return r.of(SmbMapping.class).stream().map(SmbMapping::path).toList();
    }

    @Test
    void psexec() throws Exception {
        var r = run("Lateral_Movement/LM_psexec_smb_dcerpc_epm_svcctl.pcapng");
        assertThat(shares(r)).contains("\\\\172.16.66.36\\ADMIN$");
        assertThat(r.of(SmbFileAction.class)).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("\\\\172.16.66.36\\ADMIN$");
            assertThat(f.name()).isEqualTo("PSEXESVC.exe");
        });
        // PsExec creates its service with the WOW64 variant of CreateServiceW, over TCP after ept_map
        assertThat(ops(r)).containsSubsequence("epmapper:ept_map", "svcctl:OpenSCManagerW",
                "svcctl:CreateServiceWOW64W", "svcctl:StartServiceW");
        assertThat(r.of(NtlmAuthentication.class)).anySatisfy(n -> assertThat(n.username()).isEqualTo("backdoor"));
    }

    @Test
    void smbexec() throws Exception {
        var r = run("Lateral_Movement/LM_smbexec_smb_dcerpc_svcctl_epm.pcapng");
        // smbexec (impacket) uses the ANSI calls
        assertThat(ops(r)).containsSubsequence("svcctl:OpenSCManagerA", "svcctl:CreateServiceA",
                "svcctl:StartServiceA", "svcctl:DeleteService");
        assertThat(shares(r)).contains("\\\\172.16.66.36\\C$");
        assertThat(r.of(SmbFileAction.class)).extracting(SmbFileAction::action, SmbFileAction::name)
                .contains(org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", "__LegitFile"),
                        org.assertj.core.groups.Tuple.tuple("SMB::FILE_DELETE", "__LegitFile"));
    }

    @Test
    void zerologonNullChallenge() throws Exception {
        var r = run("Lateral_Movement/CVE-2020-1472_Zerologon_RPC_NetLogon_NullChallenge_SecChan_6_from_nonDC_to_DC.pcapng");
        var netlogon = ops(r).stream().filter(o -> o.startsWith("netlogon:")).toList();
        assertThat(netlogon).hasSizeGreaterThan(20);
        for (int i = 0; i + 1 < netlogon.size(); i += 2) {
            assertThat(netlogon.subList(i, i + 2)).containsExactly("netlogon:NetrServerReqChallenge",
                    "netlogon:NetrServerAuthenticate3");
        }
    }

    @Test
    void zerologonMimikatzEncrypted() throws Exception {
        var r = run("Lateral_Movement/zerologon_mimikatz_ntlm_privacy_scan_and_exploit_encrypted.pcapng");
        // the stubs are sealed (NTLM privacy) but the PDU headers, and so the operations, are not
        assertThat(ops(r)).containsSubsequence("netlogon:NetrServerReqChallenge", "netlogon:NetrServerAuthenticate2",
                "netlogon:NetrServerPasswordSet2");
        assertThat(r.of(NtlmAuthentication.class)).anySatisfy(n -> assertThat(n.hostname()).isEqualTo("02694W-WIN10"));
    }

    @Test
    void wmiProcessCallCreate() throws Exception {
        var r = run("Lateral_Movement/LM_WMI_ProcessCallCreate.pcapng");
        // Zeek names the activation interface (ISystemActivator in Wireshark) IRemoteSCMActivator
        assertThat(ops(r)).containsSubsequence("IRemoteSCMActivator:RemoteCreateInstance",
                "IWbemLevel1Login:NTLMLogin", "IWbemServices:GetObject", "IWbemServices:ExecMethod");
        // the bound activation call names the class it creates: WMI's login object
        assertThat(r.of(DceRpcCall.class)).filteredOn(c -> "RemoteCreateInstance".equals(c.operation()))
                .isNotEmpty().allSatisfy(c -> {
                    assertThat(c.activatedClsid()).isEqualTo("8bc3f05e-d86b-11d0-a075-00c04fb68820");
                    assertThat(c.activatedClass()).isEqualTo("WbemLevel1Login");
                });
        assertThat(r.of(DceRpcCall.class)).filteredOn(c -> !c.endpoint().equals("IRemoteSCMActivator"))
                .allSatisfy(c -> assertThat(c.activatedClsid()).isNull());
    }

    @Test
    void dcomMmc20ActivationIsNamedFromItsStub() throws Exception {
        var r = run("Lateral_Movement/LM_dcom_mmc20.application_dcerpc.pcapng");
        // both connections (135 and the object's port) start after their binds (Zeek logs nothing);
        // the activation call on 135 carries its activation properties (an OBJREF of
        // IActivationPropertiesIn) in the clear, which names it; the calls on the object's port
        // (IDispatch on MMC20.Application, sealed) stay unnamed
        assertThat(r.conns()).filteredOn(c -> c.service() != null && c.service().contains("dce_rpc")).hasSize(2);
        assertThat(r.of(DceRpcCall.class)).singleElement().satisfies(c -> {
            assertThat(c.id().respP()).isEqualTo(135);
            assertThat(c.endpoint()).isEqualTo("IRemoteSCMActivator");
            assertThat(c.operation()).isEqualTo("RemoteGetClassObject");
            assertThat(c.endpointInferred()).isTrue();
            // the class asked for is in the activation properties, in the clear: the capture's name
            assertThat(c.activatedClsid()).isEqualTo("49b2791a-b1ae-4c90-9b8e-e860ba07f889");
            assertThat(c.activatedClass()).isEqualTo("MMC20.Application");
        });
    }

    @Test
    void dcsyncStartsAfterTheBindAndIsNamedFromItsCalls() throws Exception {
        var r = run("CredAccess/DCSync_krbtgt_dcerpc_smb.pcapng");
        // the drsuapi connection begins with DRSBind's request; its bind is not in the capture and
        // the stubs are sealed, so only the opnums are there: 0, 16, 12, 0, 3, 1 is a DCSync
        // client's sequence, and the rows say the endpoint was inferred (Zeek logs nothing). The
        // DC's packets carry bad IP checksums (offload); read with checksums off, as here, every
        // call is answered (with them on, the rows come at the end without rtt).
        assertThat(r.conns()).filteredOn(c -> c.id().respP() == 49667)
                .singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("dce_rpc"));
        assertThat(ops(r)).containsExactly("drsuapi:DRSBind", "drsuapi:DRSDomainControllerInfo",
                "drsuapi:DRSCrackNames", "drsuapi:DRSBind", "drsuapi:DRSGetNCChanges", "drsuapi:DRSUnbind");
        assertThat(r.of(DceRpcCall.class)).allSatisfy(c -> {
            assertThat(c.endpointInferred()).isTrue();
            assertThat(c.id().origH()).isEqualTo("172.16.66.1");
            assertThat(c.rttNanos()).isPositive();
        });
    }

    @Test
    void backupMasterKeyStartsAfterTheBindAndItsStubNamesTheCall() throws Exception {
        var r = run("CredAccess/CredAccess_BackupMasterKey_LSARPC_43_RetrievePrivateData.pcapng");
        assertThat(r.conns()).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("smb,dce_rpc"));
        // mimikatz lsadump::backupkeys: the DPAPI domain backup key G$BCKUPKEY_PREFERRED, and the key it names
        assertThat(r.of(DceRpcCall.class)).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> {
            assertThat(c.endpoint() + ":" + c.operation()).isEqualTo("lsarpc:LsarRetrievePrivateData");
            assertThat(c.endpointInferred()).isTrue();
        });
    }

    @Test
    void masterKeyBackupKeyProtocol() throws Exception {
        var r = run("CredAccess/CA_masterkey_rpc_protectedstorage.pcapng");
        assertThat(ops(r)).contains("BackupKey:bkrp_BackupKey");
        assertThat(shares(r)).contains("\\\\01566s-win16-ir.threebeesco.com\\IPC$");
        // With checksums verified (the CLI's default) every packet of the server has a bad IP checksum
        // and is left out: no tree connect or create answer, so the pipe's open is unknown when the
        // client writes its 1,836-byte bind. The call is still seen, and no PDU is misread.
        var verified = PipelineEvents.run(Corpus.file("pcap-attacks/pcap-attack/CredAccess/CA_masterkey_rpc_protectedstorage.pcapng"),
                io.sluice.protocol.DissectionConfig.defaults(), true);
        assertThat(ops(verified)).contains("BackupKey:bkrp_BackupKey");
        assertThat(shares(verified)).isEmpty();
        assertThat(verified.of(io.sluice.event.Weird.class)).extracting(io.sluice.event.Weird::name)
                .contains("bad_IP_checksum").doesNotContain("DCE_RPC_invalid_header");
    }

    @Test
    void spoolSampleForcesAuthenticationBack() throws Exception {
        var r = run("CredAccess/CA_LM_SpoolSample_SMB_BiAuth.pcapng");
        assertThat(ops(r)).containsSubsequence("spoolss:RpcOpenPrinter",
                "spoolss:RpcRemoteFindFirstPrinterChangeNotificationEx");
        // the coerced server authenticates back to the client as its machine account
        assertThat(r.of(NtlmAuthentication.class)).anySatisfy(n -> {
            assertThat(n.username()).isEqualTo("01566S-WIN16-IR$");
            assertThat(n.id().origH()).isEqualTo("172.16.66.36");
        });
    }

    @Test
    void dcShadowRegistersThroughNetlogon() throws Exception {
        var r = run("CredAccess/DCShadow_add_primarygroupid_512_to_std_account.pcapng");
        assertThat(ops(r)).contains("epmapper:ept_map", "netlogon:NetrLogonSamLogonWithFlags");
    }

    @Test
    void passwordResetAfterZerologon() throws Exception {
        var r = run("CredAccess/Remote_Pwd_Reset_RPC_Admin_Mimikatz_PostZeroLogon.pcapng");
        assertThat(ops(r)).containsSubsequence("samr:SamrConnect5", "samr:SamrOpenUser", "samr:SamrSetInformationUser2");
        assertThat(ops(r)).contains("lsarpc:LsarSetSecret");
    }

    @Test
    void psLoggedOnEnumeratesRegistryAndSids() throws Exception {
        var r = run("Discovery/Discovery_PsLoggedOn_remotelocalusers_enum_winreg_lsarpc_dcerpc_smb.pcapng");
        assertThat(ops(r)).contains("winreg:OpenUsers", "lsarpc:LsarLookupSids2");
    }

    @Test
    void netShareEnum() throws Exception {
        var r = run("Discovery/Discovery_dcerp_srvsvc_NetShareEnum.pcapng");
        assertThat(ops(r)).contains("srvsvc:NetrShareEnum");
        assertThat(shares(r)).contains("\\\\172.16.66.36\\IPC$");
    }

    @Test
    void rpcdumpListsEndpoints() throws Exception {
        var r = run("Discovery/Discovery_impacket_rpcdump.pcapng");
        assertThat(ops(r)).contains("epmapper:ept_lookup");
    }

    @Test
    void endpointMapperScan() throws Exception {
        var r = run("Discovery/discovery_scan_dcerpc_endpoint_mapper.pcapng");
        assertThat(ops(r)).filteredOn("epmapper:ept_lookup"::equals).hasSizeGreaterThan(50);
    }

    @Test
    void domainAdminsLookupThroughSamr() throws Exception {
        // the capture starts mid-connection: the pipe's open is missing, its DCE/RPC bind is not
        var r = run("Discovery/Discovery_privgroups_domain_admins_samr_lookupnames_req.pcapng");
        assertThat(ops(r)).containsSubsequence("samr:SamrConnect5", "samr:SamrLookupNamesInDomain",
                "samr:SamrOpenGroup", "samr:SamrGetMembersInGroup");
    }

    @Test
    void eventLogCrash() throws Exception {
        var r = run("Evasion/DE_byt3bl33d3r_remote_eventservice_crash.pcapng");
        assertThat(ops(r)).contains("eventlog:ElfrOpenELW");
        // SMB1 tree connect AndX: service and the PIPE share type it implies
        assertThat(r.of(SmbMapping.class)).anySatisfy(m -> {
            assertThat(m.path()).isEqualTo("\\\\172.16.66.36\\IPC$");
            assertThat(m.service()).isEqualTo("IPC");
            assertThat(m.shareType()).isEqualTo("PIPE");
        });
    }

    @Test
    void smbGhostCompressedMessageIsSmb() throws Exception {
        var r = run("PrivEsc/CVE-2020-0796_SMBGhost_PrivEsc_Loopback_traffic.pcapng");
        // the exploit is an SMB 3.1.1 compression transform header (0xFC 'SMB'); Sluice identifies the
        // connection as SMB and counts the message as opaque (no field of our logs describes it)
        assertThat(r.conns()).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("smb"));
    }
}
