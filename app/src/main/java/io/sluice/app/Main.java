package io.sluice.app;

import io.sluice.ingest.IngestFormats;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code sluice} command: wires the subcommands and maps failures to exit codes. Built with
 * picocli's programmatic API, like {@link AnalyzeCommand}: reading picocli's annotations costs a
 * proxy class per annotation type at every start. The other subcommands keep their annotations;
 * they are read only when one of them runs or help lists them all.
 */
public final class Main implements Runnable {

    private CommandSpec spec;

    @Override
    public void run() {
        // Without a subcommand, say what there is to do rather than doing nothing silently.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: try 'sluice demo' or 'sluice analyze FILE'.");
    }

    private static CommandSpec spec() {
        var main = new Main();
        var spec = CommandSpec.wrapWithoutInspection(main).name("sluice").versionProvider(new VersionProvider());
        main.spec = spec;
        spec.usageMessage().autoWidth(true)
                .description(
                        "Sluice turns network traffic into evidence (Zeek-style logs of connections, flows and protocol"
                                + " content) and evidence into ATT&CK-mapped alerts (MITRE ATT&CK DS0029 \"Network Traffic\").",
                        "")
                .footer(
                        "",
                        "Exit codes: 0 ok; 1 an input was damaged (results before the damage were written); 2 usage error;"
                                + " 3 no readable input; 4 output could not be written; 70 internal error.",
                        "Run 'sluice help COMMAND' for a command's options.");
        StandardOptions.addTo(spec);
        return spec;
    }

    /** The subcommands in the order help lists them. */
    private static final List<String> SUBCOMMANDS = List.of("analyze", "collect", "coverage", "demo", "interfaces", "help");

    // A switch, not a map of constructor references: with the map, the launcher's training run for
    // the JDK 25.0.3 start-up cache crashed the JVM (archiveHeapWriter guarantee) and no cache was made.
    private static Object subcommand(String name) {
        return switch (name) {
            case "analyze" -> new CommandLine(AnalyzeCommand.spec());
            case "collect" -> new CollectCommand();
            case "coverage" -> new CoverageCommand();
            case "demo" -> new DemoCommand();
            case "interfaces" -> new InterfacesCommand();
            default -> new CommandLine.HelpCommand();
        };
    }

    /** The whole command, every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command for these arguments: when the first one names a subcommand (other than help),
     * only that one is registered. Picocli builds each command's model by reflection when it is
     * registered (all but analyze, which is built without it): a quarter of a second at every start,
     * most of it for commands that will not run.
     */
    static CommandLine commandLine(String first) {
        var cl = new CommandLine(spec());
        if (first != null && SUBCOMMANDS.contains(first) && !first.equals("help")) {
            cl.addSubcommand(first, subcommand(first));
        } else {
            for (String name : SUBCOMMANDS) cl.addSubcommand(name, subcommand(name));
        }
        CommandLine analyze = cl.getSubcommands().get("analyze");
        if (analyze != null) {
            // The input formats are listed when help is drawn, not at every start: loading them all
            // (the Zeek log mappings among them) cost 20 ms of each analyze run.
            analyze.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
                AnalyzeCommand.listInputFormats(analyze, IngestFormats.standard());
                return help.footer();
            });
        }
        cl.setExitCodeExceptionMapper(t -> ExitCode.INTERNAL);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug"));
            var err = cmd.getErr();
            err.println("sluice: internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace, and please report it)"));
            if (debug) ex.printStackTrace(err);
            err.flush();
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            var cmd = ex.getCommandLine();
            var err = cmd.getErr();
            err.println("sluice: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
    }
}
