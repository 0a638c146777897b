package io.sluice.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command: wires the subcommands and maps failures to exit codes. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Sluice turns network traffic into evidence (Zeek-style logs of connections, flows and protocol"
                    + " content) and evidence into ATT&CK-mapped alerts (MITRE ATT&CK DS0029 \"Network Traffic\").",
            ""
        },
        subcommands = {AnalyzeCommand.class, CoverageCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Exit codes: 0 ok; 1 an input was damaged (results before the damage were written); 2 usage error;"
                    + " 3 no readable input; 4 output could not be written; 70 internal error.",
            "Run 'sluice help COMMAND' for a command's options."
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // Without a subcommand, say what there is to do rather than doing nothing silently.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: try 'sluice demo' or 'sluice analyze FILE'.");
    }

    public static CommandLine commandLine() {
        var cl = new CommandLine(new Main());
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
        System.exit(commandLine().execute(args));
    }
}
