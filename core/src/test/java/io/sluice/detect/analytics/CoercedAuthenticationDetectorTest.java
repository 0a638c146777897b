package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.kerberos.KerberosTransaction;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class CoercedAuthenticationDetectorTest {

    private static final CoercedAuthenticationDetector DETECTOR =
            new CoercedAuthenticationDetector(CoercedAuthenticationDetector.Config.DEFAULTS);
    private static final String ATTACKER = "10.0.0.66";
    private static final String SERVER = "10.0.0.2";

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** An NTLM logon from the coerced server to {@code to}. */
    private static NtlmAuthentication logon(double at, String to, String user, Boolean success) {
        return new NtlmAuthentication(t(at), "Cntlm" + to + at, new ConnId(SERVER, 53042, to, 445), user, "DC01", "CORP",
                null, null, null, success);
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void spoolSampleCaptureIsForcedAuthentication() throws Exception {
        var events = PipelineEvents.run(Corpus.file("pcap-attacks/pcap-attack/CredAccess/CA_LM_SpoolSample_SMB_BiAuth.pcapng"))
                .emitted();
        // In the order the pipeline emits them, as analyze runs them: the server tries its callbacks before it
        // answers the call, so the call's row comes after the logons it caused.
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1187");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.srcHost()).isEqualTo("172.16.66.37");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.explanation()).contains("spoolss RpcRemoteFindFirstPrinterChangeNotificationEx")
                    .contains("as 01566S-WIN16-IR$").contains("(3 attempts, 3 refused)").contains("PrinterBug");
            assertThat(a.evidence()).extracting(Evidence::uid).hasSize(4).doesNotHaveDuplicates();
        });
    }

    @Test
    void petitPotamRelayedToAThirdHostIsHigh() {
        var alerts = run(List.of(call(0, ATTACKER, SERVER, 445, "efsrpc", "EfsRpcOpenFileRaw"),
                logon(0.004, "10.0.0.99", "DC01$", true)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("logged on to 10.0.0.99 as DC01$").contains("PetitPotam");
        });
    }

    @Test
    void aCallWhoseRowComesAfterItsCallbacksStillMatchesThem() {
        var alerts = run(List.of(logon(0.003, ATTACKER, "DC01$", false), logon(0.005, ATTACKER, "", false),
                call(0, ATTACKER, SERVER, 445, "spoolss", "RpcRemoteFindFirstPrinterChangeNotificationEx")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("3 ms later").contains("(2 attempts, 2 refused)");
        });
    }

    @Test
    void unnamedLogonsWithoutAMachineLogonAreNoCallback() {
        var alerts = run(List.of(logon(0.003, ATTACKER, "", false), logon(0.005, ATTACKER, null, false),
                call(0, ATTACKER, SERVER, 445, "spoolss", "RpcRemoteFindFirstPrinterChangeNotificationEx"),
                call(60, ATTACKER, SERVER, 445, "spoolss", "RpcClosePrinter")));
        assertThat(alerts).isEmpty();
    }

    @Test
    void aToolTryingSeveralTriggersInTurnIsOneIncident() {
        var alerts = run(List.of(call(0, ATTACKER, SERVER, 445, "efsrpc", "EfsRpcOpenFileRaw"),
                logon(0.004, ATTACKER, "DC01$", false),
                call(1, ATTACKER, SERVER, 445, "efsrpc", "EfsRpcEncryptFileSrv"),
                logon(1.004, ATTACKER, "DC01$", false),
                call(2, ATTACKER, SERVER, 445, "netdfs", "NetrDfsAddStdRoot"),
                logon(2.004, ATTACKER, "DC01$", false)));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.count()).isGreaterThanOrEqualTo(3));
    }

    @Test
    void dfsCoerceAnsweredWithAKerberosTicketForTheListenerIsHigh() {
        var tgs = new KerberosTransaction(t(0.01), "Ckrb", new ConnId(SERVER, 50001, "10.0.0.3", 88), "TGS",
                "DC01$/CORP.EXAMPLE", "cifs/attacker.corp.example@CORP.EXAMPLE", true, null, null, null, null, null, null,
                null, List.of(), null);
        var alerts = run(List.of(call(0, ATTACKER, SERVER, 445, "netdfs", "NetrDfsAddStdRoot"), tgs));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("logged on to attacker.corp.example").contains("DFSCoerce");
        });
    }

    @Test
    void aPrintServerCallingItsClientBackWithANotificationIsQuiet() {
        var events = new ArrayList<Event>();
        events.add(call(0, ATTACKER, SERVER, 445, "spoolss", "RpcRemoteFindFirstPrinterChangeNotificationEx"));
        events.add(logon(0.003, ATTACKER, "DC01$", true));
        events.add(call(0.005, SERVER, ATTACKER, 445, "spoolss", "RpcReplyOpenPrinter"));
        events.add(call(60, ATTACKER, SERVER, 445, "spoolss", "RpcClosePrinter")); // moves time past the window
        assertThat(run(events)).isEmpty();
    }

    @Test
    void aSpoolssCallbackWithoutANotificationIsMediumOnceTheWindowHasPassed() {
        var events = new ArrayList<Event>();
        events.add(call(0, ATTACKER, SERVER, 445, "spoolss", "RpcRemoteFindFirstPrinterChangeNotification"));
        events.add(logon(0.003, ATTACKER, "DC01$", true));
        events.add(call(60, ATTACKER, SERVER, 445, "spoolss", "RpcClosePrinter"));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("with no print notification (RpcReplyOpenPrinter) after it");
        });
    }

    @Test
    void anAttemptWithoutACallbackIsLow() {
        var alerts = run(List.of(call(0, ATTACKER, SERVER, 445, "FileServerVssAgent", "IsPathShadowCopied"),
                call(60, ATTACKER, SERVER, 445, "FileServerVssAgent", "GetSupportedVersion")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.explanation()).contains("but no logon from " + SERVER + " followed within 10 s");
        });
    }

    @Test
    void ordinaryLogonsAndLateCallbacksAreQuiet() {
        // A machine account's logons with no trigger before them, a user's logon after a trigger, and a
        // machine logon after the window: none is a coerced callback.
        var events = new ArrayList<Event>();
        events.add(logon(0, "10.0.0.3", "DC01$", true));
        events.add(call(5, ATTACKER, SERVER, 445, "spoolss", "RpcRemoteFindFirstPrinterChangeNotificationEx"));
        events.add(logon(5.01, ATTACKER, "alice", true));
        events.add(logon(30, ATTACKER, "DC01$", false));
        events.add(call(90, ATTACKER, SERVER, 445, "spoolss", "RpcClosePrinter"));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void serviceHostReadsFileHostAndWebPrincipalsOnly() {
        assertThat(CoercedAuthenticationDetector.serviceHost("cifs/ws7.corp.example@CORP")).isEqualTo("ws7.corp.example");
        assertThat(CoercedAuthenticationDetector.serviceHost("HTTP/web:8080")).isEqualTo("web");
        assertThat(CoercedAuthenticationDetector.serviceHost("ldap/dc01.corp.example")).isNull();
        assertThat(CoercedAuthenticationDetector.serviceHost("krbtgt")).isNull();
    }

    /** Kerberos principals are wire strings (their bytes): the explanation reads the host and account as text. */
    @Test
    void aKerberosTicketForANonAsciiHostIsNamedAsText() {
        var tgs = new KerberosTransaction(t(0.01), "Ckrb", new ConnId(SERVER, 50001, "10.0.0.3", 88), "TGS",
                io.sluice.event.WireText.ofText("SRV\u00c9$/CORP.EXAMPLE"),
                io.sluice.event.WireText.ofText("cifs/r\u00e9cepteur.corp.example@CORP.EXAMPLE"), true, null, null, null,
                null, null, null, null, List.of(), null);
        var alerts = run(List.of(call(0, ATTACKER, SERVER, 445, "netdfs", "NetrDfsAddStdRoot"), tgs));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.explanation())
                .contains("logged on to r\u00e9cepteur.corp.example as SRV\u00c9$/CORP.EXAMPLE"));
    }
}
