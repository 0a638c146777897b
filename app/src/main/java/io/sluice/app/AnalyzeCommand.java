package io.sluice.app;

import io.sluice.app.live.PcapCapture;
import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.EngineOptions;
import io.sluice.event.LogFormat;
import io.sluice.event.LogRotation;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.IngestFormats;
import io.sluice.protocol.files.FileExtraction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code sluice analyze INPUT... --out DIR}: captures in, Zeek-style logs and a summary out.
 *
 * <p>Its options are declared with picocli's programmatic API rather than its annotations: reading
 * annotations makes the JDK generate a proxy class per annotation type at every start, which the
 * JVM's start-up cache cannot keep (about 0.1 s of every {@code analyze} run, more than the rest
 * of a small run). {@link #spec} is the one place that says what the command accepts.
 */
final class AnalyzeCommand implements Callable<Integer> {

    private static final String FORMATS_HEADING =
            "Input formats besides pcap and pcapng (recognised by content; --input-format NAME forces one):";

    /** Adds the log formats Sluice reads, one line each, to the help's footer (once). */
    static void listInputFormats(CommandLine analyze, IngestFormats formats) {
        var usage = analyze.getCommandSpec().usageMessage();
        if (List.of(usage.footer()).contains(FORMATS_HEADING)) return;
        var lines = new ArrayList<String>();
        lines.add("");
        lines.add(FORMATS_HEADING);
        for (IngestFormat f : formats.all()) lines.add(String.format("  %-12s %s", f.name(), f.description()));
        lines.addAll(List.of(usage.footer()));
        usage.footer(lines.toArray(String[]::new));
    }

    /** The command with its options, help and version; parsed values are read back in {@link #call}. */
    static CommandSpec spec() {
        var command = new AnalyzeCommand();
        var spec = CommandSpec.wrapWithoutInspection(command).name("analyze").versionProvider(new VersionProvider());
        command.spec = spec;
        spec.usageMessage().autoWidth(true)
                .description(
                        "Read captures, flow, host or Zeek logs, or a live network interface (--interface), and write Zeek-style logs.",
                        "conn.log has one row per connection (DS0029 Network Traffic Flow), connection_creation.log one per"
                                + " new connection with its handshake outcome (DS0029 Network Connection Creation), tunnel.log"
                                + " the tunnels; the protocol logs (dns, http, ssl, x509, quic, ssh, ja4ssh, dhcp, arp, ntp, snmp,"
                                + " smb_mapping, smb_files, smb_encryption, ntlm, dce_rpc, kerberos, ldap, ldap_search, rdp, ftp, smtp, tftp), files.log"
                                + " (the files HTTP, SMB, FTP, TFTP and SMTP carried, with their MIME types and hashes) and"
                                + " weird.log hold protocol content (DS0029 Network Traffic Content). Detection runs on these events and"
                                + " writes alerts.jsonl (OCSF Detection Findings with ATT&CK techniques). A summary table follows"
                                + " at the end, and report.html, one page with the alerts, a timeline and the traffic's figures;"
                                + " long inputs show a progress bar on a terminal.")
                .footer(
                        "",
                        "Examples:",
                        "  sluice analyze capture.pcap --out logs/",
                        "  sluice analyze day1.pcapng day2.pcapng captures/ --out logs/ --format zeek",
                        "  sudo sluice analyze -i eth0 --out logs/          (a live interface, until Ctrl-C)",
                        "  sudo sluice analyze -i eth0 --filter 'not port 22' --duration 1h --out logs/",
                        "  sudo sluice analyze -i eth0 -f zeek --rotate 1h --out /var/log/sluice/",
                        "  sluice analyze /opt/zeek/logs/2024-05-01/ capture.pcap --out logs/",
                        "  sluice analyze capture.pcap --config sluice.yaml --set detectors.scan.horizontal.min_hosts=25",
                        "",
                        "Exit codes: 0 ok; 1 an input was damaged (everything before the damage was written); 2 usage error;"
                                + " 3 no readable input; 4 output could not be written (also report.html alone: the logs are then"
                                + " complete); 70 internal error.");
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("INPUT")
                .type(List.class).auxiliaryTypes(String.class)
                .description("pcap or pcapng files (any size, gzip too), logs in a format listed below (gzip too),"
                        + " folders of these, or - for standard input. Each input is recognised by its content."
                        + " Not with --interface.")
                .build());
        spec.addOption(value(new String[] {"-i", "--interface"}, "IFACE", String.class, null,
                "Capture on this network interface (libpcap; root or CAP_NET_RAW+CAP_NET_ADMIN) instead of reading"
                        + " INPUTs, until Ctrl-C, SIGTERM, --count or --duration; 'sluice interfaces' lists them, 'any'"
                        + " takes them all. Logs are written as traffic comes and flushed every second."));
        spec.addOption(value("--filter", "BPF", String.class, null,
                "With --interface: capture only what this filter accepts, in tcpdump's syntax, e.g. 'not port 22'."));
        spec.addOption(value("--snaplen", "BYTES", int.class, Integer.toString(PcapCapture.Settings.DEFAULT_SNAPLEN),
                "With --interface: bytes kept of each packet. Default: ${DEFAULT-VALUE} (whole packets)."));
        spec.addOption(flag(new String[] {"--no-promisc"},
                "With --interface: see only the traffic to and from this host, not the whole segment."));
        spec.addOption(value("--capture-buffer", "BYTES", int.class, Integer.toString(PcapCapture.Settings.DEFAULT_BUFFER_BYTES),
                "With --interface: the kernel's capture buffer; bursts beyond it are dropped and counted."
                        + " Default: ${DEFAULT-VALUE}."));
        spec.addOption(value(new String[] {"-c", "--count"}, "N", long.class, null,
                "With --interface: stop after N packets."));
        spec.addOption(value("--duration", "TIME", String.class, null,
                "With --interface: stop after this long, e.g. 90s, 30m, 8h."));
        spec.addOption(value("--rotate", "INTERVAL", String.class, null,
                "With --interface: rotate the logs as ZeekControl does, at every multiple of INTERVAL from local"
                        + " midnight (e.g. 1h, 15m; at least 1m): each log that got rows is closed and moved to"
                        + " DIR/YYYY-MM-DD/<log>.HH:MM:SS-HH:MM:SS.log (local times: the period's start and end), and its next"
                        + " row begins a new file; a log without rows in a period leaves no file. The last files are"
                        + " archived when the capture ends. alerts.jsonl is not rotated."));
        spec.addOption(value("--stats-every", "SECONDS", int.class, "10",
                "With --interface: a status line (packets, rate, drops) on standard error this often; 0 for none."
                        + " Default: ${DEFAULT-VALUE}."));
        spec.addOption(value("--input-format", "NAME", String.class, null,
                "Read every input that is not a capture as this log format instead of recognising it"
                        + " (names below)."));
        spec.addOption(value(new String[] {"-o", "--out"}, "DIR", Path.class, "sluice-logs",
                "Folder for the logs (created if missing; existing logs are replaced). Default: ${DEFAULT-VALUE}."));
        spec.addOption(OptionSpec.builder("-f", "--format").paramLabel("FORMAT").type(LogFormat.class)
                .converters(new LogFormatConverter()).defaultValue("json")
                .description("json (JSON lines with Zeek's field names) or zeek (Zeek's TSV). Default: ${DEFAULT-VALUE}.")
                .build());
        spec.addOption(flag(new String[] {"--flows-only"},
                "Meter flows only, without stream reassembly or protocol dissection (the fastest mode)."));
        spec.addOption(OptionSpec.builder("--file-hashes").paramLabel("HASH").splitRegex(",")
                .type(List.class).auxiliaryTypes(String.class)
                .description("Hashes of the files in files.log: md5, sha1, sha256 (comma-separated), or none."
                        + " Default: sha256. md5,sha1,sha256 gives what Zeek's hash-all-files gives, at about"
                        + " three times the hashing cost.")
                .build());
        spec.addOption(value("--extract-files", "DIR", Path.class, null,
                "Write every file of files.log to DIR (created if missing) as extract-<seconds>-<source>-<fuid>,"
                        + " as Zeek's extract-all-files does; files.log's extracted fields name the copy."));
        spec.addOption(value("--extract-limit", "BYTES", long.class, Long.toString(FileExtraction.DEFAULT_PER_FILE),
                "With --extract-files: at most BYTES of each file (the rest is cut off, extracted_cutoff=T), and"
                        + " at most 20 times that in all. Default: ${DEFAULT-VALUE}."));
        spec.addOption(OptionSpec.builder("--local-nets").paramLabel("CIDR").splitRegex(",")
                .type(List.class).auxiliaryTypes(String.class)
                .description("Networks counted as local for local_orig/local_resp, e.g. 10.0.0.0/8,2001:db8::/32."
                        + " Default: Zeek's private address space. 'none' for no local networks.")
                .build());
        spec.addOption(flag(new String[] {"-C", "--no-checksums"},
                "Ignore bad TCP/UDP/ICMP checksums (as zeek -C). Use it for captures taken on a host"
                        + " with checksum offloading, where outgoing packets carry unfinished checksums."));
        spec.addOption(value("--max-flows", "N", int.class, "500000",
                "Flows kept in memory at once; beyond it the least recently active are evicted"
                        + " (logged, and counted in the summary). Default: ${DEFAULT-VALUE}."));
        spec.addOption(value("--seed", "N", long.class, "0",
                "Seed of the connection uids, so that runs are reproducible. Default: ${DEFAULT-VALUE}."));
        spec.addOption(flag(new String[] {"--no-detect"}, "Write the logs only; run no detection (no alerts.jsonl)."));
        spec.addOption(value("--config", "FILE", Path.class, null,
                "Detector settings (sluice.yaml): detectors.<id>.<param> and engine.<param>; see docs/detection.md."));
        spec.addOption(repeated("--set", "KEY=VALUE",
                "Override one setting, e.g. --set detectors.scan.horizontal.min_hosts=25 or"
                        + " --set detectors.dns.dga.enabled=false. Repeatable; wins over --config."));
        spec.addOption(value("--attack-bundle", "PATH", Path.class, null,
                "Refresh ATT&CK technique names and tactics from a STIX enterprise-attack.json (or a"
                        + " folder of STIX objects as in MITRE's cti repository). Default: the built-in ATT&CK v18.1 facts."));
        spec.addOption(value("--decode-thread", "WHEN", String.class, "auto",
                "Read, decode and verify checksums on a thread of their own, ahead of flow metering: auto"
                        + " (from four cores), on or off. The logs are the same either way. Default: ${DEFAULT-VALUE}."));
        spec.addOption(value("--detect-thread", "WHERE", String.class, "writer",
                "Where detection runs: writer (on the log writer's thread, after each event is logged)"
                        + " or own (a thread of its own). Default: ${DEFAULT-VALUE}."));
        spec.addOption(value("--state", "FILE", Path.class, null,
                "Host baselines kept between runs: read before (a damaged file is reported and ignored),"
                        + " written after."));
        spec.addOption(repeated("--intel", "[NAME=]FILE",
                "Threat-intel list (text, one indicator a line, or CSV with a header such as MISP's or"
                        + " abuse.ch's): IPs, networks, domains, URLs, JA3/JA4/HASSH, file hashes. Repeatable."));
        spec.addOption(flag(new String[] {"--no-report"},
                "Write no report.html (by default it is written into the --out folder at the end of the run)."));
        spec.addOption(flag(new String[] {"--no-progress"}, "Never draw the progress bar."));
        spec.addOption(flag(new String[] {"-q", "--quiet"}, "Print no summary table (errors are still printed)."));
        spec.addOption(flag(new String[] {"--debug"}, "Print stack traces with errors."));
        StandardOptions.addTo(spec);
        return spec;
    }

    private static OptionSpec value(String name, String label, Class<?> type, String defaultValue, String description) {
        return value(new String[] {name}, label, type, defaultValue, description);
    }

    private static OptionSpec value(String[] names, String label, Class<?> type, String defaultValue, String description) {
        var b = OptionSpec.builder(names).paramLabel(label).type(type).description(description);
        if (defaultValue != null) b.defaultValue(defaultValue);
        return b.build();
    }

    private static OptionSpec flag(String[] names, String description) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).initialValue(false).description(description)
                .build();
    }

    private static OptionSpec repeated(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build();
    }

    private CommandSpec spec;

    private List<String> inputs;
    private String iface;
    private String filter;
    private int snaplen;
    private boolean noPromisc;
    private int captureBuffer;
    private Long count;
    private String duration;
    private String rotate;
    private int statsEvery;
    private String inputFormat;
    private Path out;
    private LogFormat format;
    private String decodeThread;
    private boolean flowsOnly;
    private List<String> localNets;
    private boolean ignoreChecksums;
    private int maxFlows;
    private long seed;
    private boolean noDetect;
    private Path config;
    private List<String> sets;
    private Path attackBundle;
    private String detectThread;
    private Path state;
    private List<String> intel;
    private boolean noReport;
    private boolean noProgress;
    private boolean quiet;
    private boolean debug;
    private List<String> fileHashes;
    private Path extractFiles;
    private long extractLimit;

    private AnalyzeCommand() {}

    /** Copies the parsed values out of the spec (picocli keeps them in its option objects). */
    private void readOptions() {
        inputs = spec.positionalParameters().get(0).getValue();
        if (inputs == null) inputs = List.of();
        iface = option("--interface");
        filter = option("--filter");
        snaplen = option("--snaplen");
        noPromisc = option("--no-promisc");
        captureBuffer = option("--capture-buffer");
        count = option("--count");
        duration = option("--duration");
        rotate = option("--rotate");
        statsEvery = option("--stats-every");
        inputFormat = option("--input-format");
        out = option("--out");
        format = option("--format");
        flowsOnly = option("--flows-only");
        localNets = option("--local-nets");
        fileHashes = option("--file-hashes");
        extractFiles = option("--extract-files");
        extractLimit = option("--extract-limit");
        ignoreChecksums = option("--no-checksums");
        maxFlows = option("--max-flows");
        seed = option("--seed");
        noDetect = option("--no-detect");
        config = option("--config");
        sets = listOption("--set");
        attackBundle = option("--attack-bundle");
        detectThread = option("--detect-thread");
        decodeThread = option("--decode-thread");
        state = option("--state");
        intel = listOption("--intel");
        noReport = option("--no-report");
        noProgress = option("--no-progress");
        quiet = option("--quiet");
        debug = option("--debug");
    }

    private <T> T option(String name) {
        return spec.findOption(name).getValue();
    }

    private List<String> listOption(String name) {
        List<String> v = option(name);
        return v == null ? List.of() : v;
    }

    @Override
    public Integer call() {
        readOptions();
        var err = spec.commandLine().getErr();
        java.util.Set<String> hashes;
        PcapCapture.Settings live;
        long rotateNanos;
        try {
            hashes = fileHashes(fileHashes);
            Analysis.decodeAhead(decodeThread);
            live = liveSettings();
            rotateNanos = rotateNanos(rotate);
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        FileExtraction extraction = null;
        if (extractFiles != null) {
            if (extractLimit <= 0) {
                err.println("sluice: --extract-limit must be a positive number of bytes, not " + extractLimit);
                err.flush();
                return ExitCode.USAGE;
            }
            try {
                java.nio.file.Files.createDirectories(extractFiles);
            } catch (IOException | RuntimeException e) {
                err.println("sluice: cannot create the extraction folder " + extractFiles + ": " + e.getMessage());
                err.flush();
                return ExitCode.OUTPUT_FAILED;
            }
            long total = extractLimit > Long.MAX_VALUE / 20 ? Long.MAX_VALUE : extractLimit * 20;
            extraction = FileExtraction.into(extractFiles, extractLimit, total);
        }
        var options = new Analysis.Options(inputs, out, format, flowsOnly, localNets, ignoreChecksums,
                maxFlows, seed, !noProgress && ProgressBar.stderrIsTerminal(), quiet, debug, inputFormat, hashes,
                extraction, decodeThread, live, quiet ? 0 : statsEvery, rotateNanos);
        DetectionSetup detection;
        try {
            detection = detectionSetup(err);
        } catch (IOException | IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        var outcome = new Analysis(options, spec.commandLine().getOut(), err).detection(detection).report(!noReport).execute();
        int code = outcome.exitCode();
        // the baselines learnt from a run whose logs are complete are kept, whatever became of its report
        boolean analysed = code == ExitCode.OK || code == ExitCode.INPUT_DAMAGED || outcome.reportFailed();
        if (detection.enabled() && analysed) detection.resources().save(err);
        return code;
    }

    /** The capture --interface asks for (null without it); the capture options are refused without it. */
    private PcapCapture.Settings liveSettings() {
        if (iface == null) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("give the captures or logs to read (INPUT...), or an interface to"
                        + " capture on (--interface IFACE; 'sluice interfaces' lists them)");
            }
            for (String name : List.of("--filter", "--count", "--duration", "--rotate")) {
                if (spec.findOption(name).getValue() != null) {
                    throw new IllegalArgumentException(name + " applies to a live capture: give --interface IFACE");
                }
            }
            return null;
        }
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException("--interface captures live: give it or INPUTs to read, not both");
        }
        long stopAt = Long.MAX_VALUE;
        if (duration != null) {
            long nanos;
            try {
                nanos = io.sluice.detect.Durations.parseNanos(duration);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("--duration takes a time such as 90s, 30m or 8h, not '" + duration + "'");
            }
            if (nanos <= 0) throw new IllegalArgumentException("--duration must be longer than zero");
            stopAt = System.currentTimeMillis() * 1_000_000L + nanos;
        }
        if (statsEvery < 0) throw new IllegalArgumentException("--stats-every must be 0 or more seconds");
        return new PcapCapture.Settings(iface, filter, snaplen, !noPromisc, captureBuffer,
                PcapCapture.Settings.DEFAULT_TIMEOUT_MILLIS, count == null ? Long.MAX_VALUE : count, stopAt);
    }

    /** --rotate's interval in nanoseconds; 0 when not given. */
    static long rotateNanos(String interval) {
        if (interval == null) return 0;
        long nanos;
        try {
            nanos = io.sluice.detect.Durations.parseNanos(interval);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("--rotate takes an interval such as 1h or 15m, not '" + interval + "'");
        }
        if (nanos < LogRotation.MIN_INTERVAL_NANOS) {
            throw new IllegalArgumentException("--rotate must be at least 1m (a minute), not '" + interval + "'");
        }
        return nanos;
    }

    /** --file-hashes: null (the default) when not given; "none" for no hashes. */
    static java.util.Set<String> fileHashes(List<String> names) {
        if (names == null) return null;
        var set = new java.util.LinkedHashSet<String>();
        for (String n : names) {
            String h = n.trim().toLowerCase(java.util.Locale.ROOT);
            if (h.equals("none")) continue;
            if (!io.sluice.protocol.DissectionConfig.FILE_HASHES.contains(h)) {
                throw new IllegalArgumentException("--file-hashes: unknown hash '" + n + "' (md5, sha1, sha256 or none)");
            }
            set.add(h);
        }
        return set;
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
