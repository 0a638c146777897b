package io.sluice.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;

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

    /** A command line running on a thread of its own (a live capture): its output can be read while it runs. */
    record Running(CompletableFuture<Integer> done, StringWriter out, StringWriter err) {}

    static Running start(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var done = CompletableFuture.supplyAsync(() -> {
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        });
        return new Running(done, out, err);
    }
}
