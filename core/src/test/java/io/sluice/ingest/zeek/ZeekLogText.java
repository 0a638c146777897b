package io.sluice.ingest.zeek;

import io.sluice.event.Event;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads Zeek log text as an analyze run does and keeps what came of it (a test aid). */
final class ZeekLogText {
    private ZeekLogText() {}

    /**
     * @param problems lines that could not be read, "position: reason"
     * @param notices what the reader said once per input (a log it does not read, ...)
     */
    record Read(List<Event> events, List<String> problems, List<String> notices) {
        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static Read read(String name, String text) throws IOException {
        var events = new ArrayList<Event>();
        var problems = new ArrayList<String>();
        var notices = new ArrayList<String>();
        var sink = new IngestContext.ProblemSink() {
            @Override
            public void problem(String source, String position, String reason) {
                problems.add(position + ": " + reason);
            }

            @Override
            public void notice(String source, String message) {
                notices.add(message);
            }
        };
        new ZeekLogFormat().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new IngestContext(name, events::add, sink, new UidGenerator(1), new CommunityId(0)));
        return new Read(events, problems, notices);
    }
}
