package io.sluice.ingest;

import io.sluice.event.Event;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.packet.IpAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a format needs while it reads one input: where events go, where problems are reported, and
 * the helpers every source needs to make its events look like the packet path's (uids for records
 * that have none, Community IDs from textual addresses). One per input; not thread-safe.
 */
public final class IngestContext {

    /** Receives a problem with the input: its position ("line 12", "datagram 4 from 10.0.0.1") and why. */
    public interface ProblemSink {
        void problem(String source, String position, String reason);

        /**
         * Receives something the user should know that is not damage: a part of the input that
         * is skipped on purpose (a Zeek log Sluice does not read). Not counted as a problem.
         */
        default void notice(String source, String message) {}
    }

    private final String sourceName;
    private final Consumer<Event> events;
    private final ProblemSink problems;
    private final UidGenerator uids;
    private final CommunityId communityIds;
    private long emitted;
    private long problemCount;

    public IngestContext(String sourceName, Consumer<Event> events, ProblemSink problems, UidGenerator uids,
            CommunityId communityIds) {
        this.sourceName = Objects.requireNonNull(sourceName);
        this.events = Objects.requireNonNull(events);
        this.problems = Objects.requireNonNull(problems);
        this.uids = Objects.requireNonNull(uids);
        this.communityIds = Objects.requireNonNull(communityIds);
    }

    /** A context for tests and small tools: events to {@code events}, problems dropped after counting. */
    public static IngestContext collecting(String sourceName, Consumer<Event> events) {
        return new IngestContext(sourceName, events, (s, p, r) -> { }, new UidGenerator(1), new CommunityId(0));
    }

    /** The input's name as the user gave it (a file path, "-", or "udp:2055"). */
    public String sourceName() {
        return sourceName;
    }

    public void emit(Event event) {
        emitted++;
        events.accept(event);
    }

    /** Reports a malformed record and carries on; {@code position} says where ("line 12"). */
    public void problem(String position, String reason) {
        problemCount++;
        problems.problem(sourceName, position, reason);
    }

    /** Tells the user about a part of the input skipped on purpose; not a problem, not counted. */
    public void notice(String message) {
        problems.notice(sourceName, message);
    }

    /** A fresh Zeek-style connection uid for records whose source has none. */
    public String newUid() {
        return uids.next();
    }

    /**
     * Community ID v1 of a connection given as text addresses, or null when an address does not parse.
     * For ICMP, pass type and code as the ports (the flow layer's ICMP mapping is applied by the caller).
     */
    public String communityId(String origH, int origP, String respH, int respP, int ipProto) {
        return communityId(origH, origP, respH, respP, ipProto, false);
    }

    /**
     * As {@link #communityId(String, int, String, int, int)}; {@code oneWay} for ICMP messages
     * without a counterpart type, whose endpoints Community ID never reorders.
     */
    public String communityId(String origH, int origP, String respH, int respP, int ipProto, boolean oneWay) {
        try {
            return communityIds.compute(IpAddress.parseHi(origH), IpAddress.parseLo(origH),
                    IpAddress.parseHi(respH), IpAddress.parseLo(respH), ipProto, origP, respP, oneWay);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Community ID v1 of a connection whose addresses are already in the packet layer's (hi, lo)
     * form (IPv4 mapped), for binary sources such as flow exports: no text to parse per record.
     */
    public String communityId(long origHi, long origLo, int origP, long respHi, long respLo, int respP, int ipProto) {
        return communityIds.compute(origHi, origLo, respHi, respLo, ipProto, origP, respP, false);
    }

    public long emitted() {
        return emitted;
    }

    public long problems() {
        return problemCount;
    }
}
