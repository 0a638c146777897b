package io.sluice.protocol;

import io.sluice.event.ConnId;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A DissectorContext for tests: records what a dissector emits, confirms and reports as weird. */
public final class RecordingContext implements DissectorContext {
    public record Weird(String name, String addl) {}

    private final String uid;
    private final ConnId id;
    private final String proto;
    public long ts;
    public final List<Event> events = new ArrayList<>();
    public final Set<String> confirmed = new LinkedHashSet<>();
    public final List<Weird> weirds = new ArrayList<>();
    /** The hashes files are given (none, as the interface's default, unless a test sets them). */
    public Set<String> fileHashes = Set.of();
    /** Where files go to disk (nowhere unless a test sets it). */
    public io.sluice.protocol.files.FileExtraction fileExtraction = io.sluice.protocol.files.FileExtraction.NONE;
    public io.sluice.protocol.files.HeldBytesBudget heldFileBytes = io.sluice.protocol.files.HeldBytesBudget.UNBOUNDED;
    private int fileIds;

    public RecordingContext(String uid, ConnId id, String proto) {
        this.uid = uid;
        this.id = id;
        this.proto = proto;
    }

    public static RecordingContext tcp(String origH, int origP, String respH, int respP) {
        return new RecordingContext("CTest0000000000001", new ConnId(origH, origP, respH, respP), "tcp");
    }

    public static RecordingContext udp(String origH, int origP, String respH, int respP) {
        return new RecordingContext("CTest0000000000001", new ConnId(origH, origP, respH, respP), "udp");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ConnId id() {
        return id;
    }

    @Override
    public String proto() {
        return proto;
    }

    /** Zeek's default local networks (private address space), as a run without --local-nets has. */
    @Override
    public boolean origIsLocal() {
        return isLocal(id.origH());
    }

    @Override
    public boolean respIsLocal() {
        return isLocal(id.respH());
    }

    private static boolean isLocal(String address) {
        return io.sluice.flow.LocalNetworks.zeekDefault()
                .contains(io.sluice.packet.IpAddress.parseHi(address), io.sluice.packet.IpAddress.parseLo(address));
    }

    @Override
    public long tsNanos() {
        return ts;
    }

    @Override
    public Set<String> fileHashes() {
        return fileHashes;
    }

    @Override
    public io.sluice.protocol.files.HeldBytesBudget heldFileBytes() {
        return heldFileBytes;
    }

    @Override
    public io.sluice.protocol.files.FileExtraction fileExtraction() {
        return fileExtraction;
    }

    /** Numbered file ids, so that tests can name them. */
    @Override
    public String newFileId() {
        return "Ftest" + ++fileIds;
    }

    @Override
    public void emit(Event event) {
        events.add(event);
    }

    @Override
    public void confirm(String name) {
        confirmed.add(name);
    }

    @Override
    public void weird(String name, String addl) {
        weirds.add(new Weird(name, addl));
    }

    public <T extends Event> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
