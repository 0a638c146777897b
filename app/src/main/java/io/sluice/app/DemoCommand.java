package io.sluice.app;

import io.sluice.app.report.HtmlReport;
import io.sluice.event.LogFormat;
import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: writes a small capture with the project's own generator (office traffic and,
 * by default, a few labelled attacks among it), analyses it like {@code sluice analyze} would, and
 * shows where everything went: the report, logs, alerts and the ground truth to compare them with.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Generate a small capture of office traffic with a few attacks in it, and analyse it.",
            "The office traffic holds web browsing, DNS, SSH, ping, ARP and NTP over IPv4 and IPv6, a Windows domain"
                    + " (Kerberos, LDAP, SMB 2/3 with NTLM and Kerberos, DCE/RPC) and encrypted services (TLS 1.2 and"
                    + " 1.3 with certificate chains, QUIC, SSH, RDP); the attacks (a ping and port-445 sweep, a DNS"
                    + " tunnel, a port knock and PsExec to the file server by default) are labelled in"
                    + " <capture>.labels.tsv, so the alerts can be checked against the truth. Written by Sluice's own"
                    + " traffic generator: the quickest way to see what Sluice writes. The logs, alerts.jsonl and"
                    + " report.html (one page: alerts, timeline, traffic) go into <out>/logs."
        })
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final List<String> OFFICE_NETWORKS = List.of("10.10.0.0/16", "2001:db8:10::/48");

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for the capture and the logs. Default: a new temporary folder.")
    Path out;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json", converter = LogFormatConverter.class,
            description = "json or zeek. Default: ${DEFAULT-VALUE}.")
    LogFormat format;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the generator; the same seed writes the same capture. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            defaultValue = "office,windows-domain,encrypted-services,network-sweep,dns-tunnel,port-knock,lateral-movement",
            description = "Scenarios to generate, comma-separated (${COMPLETION-CANDIDATES}). Default: ${DEFAULT-VALUE}.",
            completionCandidates = ScenarioNames.class)
    List<String> scenarios;

    /** The generator's scenario names, for --help. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TrafficGenerator.scenarioNames().iterator();
        }
    }

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Override
    public Integer call() {
        Path dir;
        Path pcap;
        try {
            dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("sluice-demo-");
            pcap = dir.resolve("office.pcap");
            var chosen = new java.util.ArrayList<io.sluice.generate.Scenario>();
            for (String name : scenarios) chosen.add(TrafficGenerator.scenario(name.trim()));
            var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, seed).write(chosen, pcap);
            spec.commandLine().getOut().printf("Generated %d packets (%s): %s%nGround truth: %d labels in %s%n%n",
                    result.packets(), String.join(", ", scenarios), pcap, result.labels().size(),
                    io.sluice.generate.LabelFile.pathFor(pcap));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sluice: --scenario: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("sluice: cannot write the demo capture: " + e.getMessage());
            return ExitCode.OUTPUT_FAILED;
        }
        Path logs = dir.resolve("logs");
        // The office's own networks: Zeek's default (private and documentation ranges) would count
        // the generated "internet" servers, which use documentation addresses, as local too.
        var options = new Analysis.Options(List.of(pcap.toString()), logs, format, false, OFFICE_NETWORKS, false,
                500_000, 0, false, false, debug);
        int code = new Analysis(options, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        if (code == ExitCode.OK) {
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().println("Read the report:   " + logs.resolve(HtmlReport.FILE_NAME).toAbsolutePath().toUri());
            spec.commandLine().getOut().println("Look at the logs:  ls " + logs);
            spec.commandLine().getOut().println("Analyse it again:  ./sluice analyze " + pcap + " --out " + logs
                    + " --local-nets " + String.join(",", OFFICE_NETWORKS) + " --format zeek");
        }
        return code;
    }
}
