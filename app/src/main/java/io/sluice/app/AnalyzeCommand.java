package io.sluice.app;

import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.EngineOptions;
import io.sluice.event.LogFormat;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.IngestFormats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice analyze INPUT... --out DIR}: captures in, Zeek-style logs and a summary out. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Read captures and flow, host or Zeek logs, and write Zeek-style logs.",
            "conn.log has one row per connection (DS0029 Network Traffic Flow), connection_creation.log one per"
                    + " new connection with its handshake outcome (DS0029 Network Connection Creation), tunnel.log"
                    + " the tunnels; the protocol logs (dns, http, ssl, x509, quic, ssh, ja4ssh, dhcp, arp, ntp, snmp,"
                    + " smb_mapping, smb_files, ntlm, dce_rpc, kerberos, ldap, ldap_search, rdp, ftp, smtp, tftp) and"
                    + " weird.log hold protocol content (DS0029 Network Traffic Content). Detection runs on these events and"
                    + " writes alerts.jsonl (OCSF Detection Findings with ATT&CK techniques). A summary table follows"
                    + " at the end; long inputs show a progress bar on a terminal."
        },
        footer = {
            "",
            "Examples:",
            "  sluice analyze capture.pcap --out logs/",
            "  sluice analyze day1.pcapng day2.pcapng captures/ --out logs/ --format zeek",
            "  tcpdump -i eth0 -w - | sluice analyze - --out logs/",
            "  sluice analyze /opt/zeek/logs/2024-05-01/ capture.pcap --out logs/",
            "  sluice analyze capture.pcap --config sluice.yaml --set detectors.scan.horizontal.min_hosts=25",
            "",
            "Exit codes: 0 ok; 1 an input was damaged (everything before the damage was written); 2 usage error;"
                    + " 3 no readable input; 4 output could not be written; 70 internal error."
        })
final class AnalyzeCommand implements Callable<Integer> {

    /** Adds the log formats Sluice reads, one line each, to the help's footer. */
    static void listInputFormats(CommandLine analyze, IngestFormats formats) {
        var usage = analyze.getCommandSpec().usageMessage();
        var lines = new ArrayList<String>();
        lines.add("");
        lines.add("Input formats besides pcap and pcapng (recognised by content; --input-format NAME forces one):");
        for (IngestFormat f : formats.all()) lines.add(String.format("  %-12s %s", f.name(), f.description()));
        lines.addAll(List.of(usage.footer()));
        usage.footer(lines.toArray(String[]::new));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "pcap or pcapng files (any size, gzip too), logs in a format listed below (gzip too),"
                    + " folders of these, or - for standard input. Each input is recognised by its content.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Read every input that is not a capture as this log format instead of recognising it"
                    + " (names below).")
    String inputFormat;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "sluice-logs",
            description = "Folder for the logs (created if missing; existing logs are replaced). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
            converter = LogFormatConverter.class,
            description = "json (JSON lines with Zeek's field names) or zeek (Zeek's TSV). Default: ${DEFAULT-VALUE}.")
    LogFormat format;

    @Option(names = "--flows-only",
            description = "Meter flows only, without stream reassembly or protocol dissection (the fastest"
                    + " mode).")
    boolean flowsOnly;

    @Option(names = "--local-nets", paramLabel = "CIDR", split = ",",
            description = "Networks counted as local for local_orig/local_resp, e.g. 10.0.0.0/8,2001:db8::/32."
                    + " Default: Zeek's private address space. 'none' for no local networks.")
    List<String> localNets;

    @Option(names = {"-C", "--no-checksums"},
            description = "Ignore bad TCP/UDP/ICMP checksums (as zeek -C). Use it for captures taken on a host"
                    + " with checksum offloading, where outgoing packets carry unfinished checksums.")
    boolean ignoreChecksums;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "500000",
            description = "Flows kept in memory at once; beyond it the least recently active are evicted"
                    + " (logged, and counted in the summary). Default: ${DEFAULT-VALUE}.")
    int maxFlows;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the connection uids, so that runs are reproducible. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--no-detect", description = "Write the logs only; run no detection (no alerts.jsonl).")
    boolean noDetect;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Detector settings (sluice.yaml): detectors.<id>.<param> and engine.<param>; see docs/detection.md.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set detectors.scan.horizontal.min_hosts=25 or"
                    + " --set detectors.dns.dga.enabled=false. Repeatable; wins over --config.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--attack-bundle", paramLabel = "PATH",
            description = "Refresh ATT&CK technique names and tactics from a STIX enterprise-attack.json (or a"
                    + " folder of STIX objects as in MITRE's cti repository). Default: the built-in ATT&CK v18.1 facts.")
    Path attackBundle;

    @Option(names = "--detect-thread", paramLabel = "WHERE", defaultValue = "writer",
            description = "Where detection runs: writer (on the log writer's thread, after each event is logged)"
                    + " or own (a thread of its own). Default: ${DEFAULT-VALUE}.")
    String detectThread;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Host baselines kept between runs: read before (a damaged file is reported and ignored),"
                    + " written after.")
    Path state;

    @Option(names = "--intel", paramLabel = "[NAME=]FILE",
            description = "Threat-intel list (text, one indicator a line, or CSV with a header such as MISP's or"
                    + " abuse.ch's): IPs, networks, domains, URLs, JA3/JA4/HASSH. Repeatable.")
    List<String> intel = new ArrayList<>();

    @Option(names = "--no-progress", description = "Never draw the progress bar.")
    boolean noProgress;

    @Option(names = {"-q", "--quiet"}, description = "Print no summary table (errors are still printed).")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Override
    public Integer call() {
        var options = new Analysis.Options(inputs, out, format, flowsOnly, localNets, ignoreChecksums,
                maxFlows, seed, !noProgress && ProgressBar.stderrIsTerminal(), quiet, debug, inputFormat);
        var err = spec.commandLine().getErr();
        DetectionSetup detection;
        try {
            detection = detectionSetup(err);
        } catch (IOException | IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        int code = new Analysis(options, spec.commandLine().getOut(), err).detection(detection).run();
        if (detection.enabled() && (code == ExitCode.OK || code == ExitCode.INPUT_DAMAGED)) detection.resources().save(err);
        return code;
    }

    private DetectionSetup detectionSetup(java.io.PrintWriter err) throws IOException {
        if (noDetect) return DetectionSetup.off();
        var settings = DetectConfig.of(config == null ? java.util.Map.of() : SluiceYaml.read(config));
        settings = SluiceYaml.withOverrides(settings, sets);
        var thread = switch (detectThread) {
            case "writer" -> DetectionSetup.Thread.WRITER;
            case "own" -> DetectionSetup.Thread.OWN;
            default -> throw new IllegalArgumentException("--detect-thread must be writer or own, not '" + detectThread + "'");
        };
        var catalogue = attackBundle == null ? AttackCatalogue.builtin() : StixBundle.refresh(AttackCatalogue.builtin(), attackBundle);
        var setup = new DetectionSetup(true, settings, catalogue, thread, List.of())
                .withResources(DetectionResources.load(settings, state, intel, err));
        // Reads every analytic's settings now, so a bad value is a usage error before any work is done.
        var ids = setup.detectors().stream().map(Detector::id).toList();
        EngineOptions.from(settings);
        for (var key : SluiceYaml.unknownDetectorKeys(settings, ids)) {
            err.println("sluice: warning: setting " + key + " matches no detector (" + (ids.isEmpty() ? "none is registered" : "they are: " + String.join(", ", ids)) + ")");
        }
        return setup;
    }
}
