package io.sluice.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code sluice} command line inside the test's JVM, its standard output and error captured. */
final class Cli {
    private Cli() {}

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
