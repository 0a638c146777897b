package io.sluice.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code -h/--help} and {@code -V/--version} options of the commands built with picocli's
 * programmatic API: what {@code mixinStandardHelpOptions = true} adds to an annotated command,
 * without the reflection that the mixin costs at start-up.
 */
final class StandardOptions {

    private StandardOptions() {}

    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).arity("0").type(boolean.class)
                .description("Print version information and exit.").build());
    }
}
