package io.sluice.ingest;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one ingest format over an input and keeps what it emitted and reported, for tests. */
public final class IngestRun {

    /** A reported problem: where and why. */
    public record Problem(String position, String reason) {}

    public final List<Event> events = new ArrayList<>();
    public final List<Problem> problems = new ArrayList<>();

    public static IngestRun of(IngestFormat format, String text) {
        return of(format, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static IngestRun of(IngestFormat format, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(format, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IngestRun of(IngestFormat format, InputStream in) {
        var run = new IngestRun();
        var context = new IngestContext("test", run.events::add,
                (source, position, reason) -> run.problems.add(new Problem(position, reason)), new UidGenerator(7),
                new CommunityId(0));
        try {
            format.read(in, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run;
    }

    public List<ConnectionCreation> creations() {
        return events.stream().filter(ConnectionCreation.class::isInstance).map(ConnectionCreation.class::cast).toList();
    }

    public List<FlowRecord> flows() {
        return events.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).toList();
    }

    /** Whether {@code format} recognises the first {@link IngestFormats#HEAD_BYTES} of {@code text}. */
    public static boolean recognises(IngestFormat format, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return format.recognises(b, Math.min(b.length, IngestFormats.HEAD_BYTES));
    }

    /** The standard formats' choice for the head of a file. */
    public static String recognisedName(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(IngestFormats.HEAD_BYTES);
            return IngestFormats.standard().recognise(head, head.length).map(IngestFormat::name).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
