package io.sluice.app;

import io.sluice.event.FlowListener;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the non-capture inputs of a run (Zeek logs, flow exports, host and cloud logs) through
 * their {@code IngestFormat} and hands the events to the same listener the packet pipeline feeds,
 * so they land in the same logs (and reach the same analytics). A rejected line is printed with
 * its file and line, up to {@link #PRINTED_PROBLEMS} per input, and makes the run end with
 * "input damaged"; everything else in the file is kept.
 */
final class IngestRun {
    static final int PRINTED_PROBLEMS = 5;

    /** What one log input gave. */
    record Result(String input, String format, long events, long problems, String firstProblem, String readError) {}

    private final FlowListener listener;
    private final PrintWriter err;
    private final UidGenerator uids;
    private final CommunityId communityIds;
    private final List<Result> results = new ArrayList<>();

    /** Mixed into the run's seed, so uids made for log records never repeat the flow table's sequence. */
    private static final long UID_SEED_SALT = 0x5a65656b4c6f6773L;

    /**
     * @param uidSeed the run's uid seed ({@code --seed}), for the uids of records whose source has none
     * @param communityIdSeed the Community ID seed the packet path uses, so both agree
     */
    IngestRun(FlowListener listener, PrintWriter err, long uidSeed, int communityIdSeed) {
        this.listener = listener;
        this.err = err;
        this.uids = new UidGenerator(uidSeed ^ UID_SEED_SALT);
        this.communityIds = new CommunityId(communityIdSeed);
    }

    /**
     * Reads one log input to its end. Returns the lines for the run's error list (empty when the
     * input was read without problems).
     */
    List<String> read(AnalysisInputs inputs, AnalysisInputs.Input input) {
        var problems = new Problems(input.name());
        var context = new IngestContext(input.name(), listener::dispatch, problems, uids, communityIds);
        String readError = null;
        try (InputStream in = inputs.openLog(input)) {
            input.format().read(in, context);
        } catch (IOException e) {
            readError = "read error after " + context.emitted() + " events: " + e.getMessage();
            err.println("sluice: " + input.name() + ": " + readError + " (everything before it was analysed)");
        }
        if (problems.count > PRINTED_PROBLEMS) {
            err.println("sluice: " + input.name() + ": " + (problems.count - PRINTED_PROBLEMS) + " more "
                    + plural(problems.count - PRINTED_PROBLEMS, "line") + " rejected");
        }
        results.add(new Result(input.name(), input.format().name(), context.emitted(), problems.count,
                problems.first, readError));
        var errors = new ArrayList<String>();
        if (problems.count > 0) {
            errors.add(input.name() + ": " + problems.count + " " + plural(problems.count, "line") + " rejected"
                    + " (first: " + problems.first + "); the rest was read");
        }
        if (readError != null) errors.add(input.name() + ": " + readError);
        return errors;
    }

    List<Result> results() {
        return results;
    }

    /** The summary table of the log inputs; empty when there were none. */
    TextTable table() {
        var t = new TextTable("Log inputs", "input", "format", "events", "rejected lines").numeric(2, 3);
        for (Result r : results) t.row(r.input(), r.format(), Units.count(r.events()), Units.count(r.problems()));
        return t;
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }

    /** Prints the first few problems of an input as they come, and counts them all. */
    private final class Problems implements IngestContext.ProblemSink {
        private final String input;
        long count;
        String first;

        Problems(String input) {
            this.input = input;
        }

        @Override
        public void problem(String source, String position, String reason) {
            count++;
            if (first == null) first = position + ": " + reason;
            if (count <= PRINTED_PROBLEMS) err.println("sluice: " + input + ": " + position + ": " + reason);
        }

        @Override
        public void notice(String source, String message) {
            err.println("sluice: note: " + input + ": " + message);
        }
    }
}
