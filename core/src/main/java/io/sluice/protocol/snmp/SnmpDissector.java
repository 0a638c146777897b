package io.sluice.protocol.snmp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every SNMP datagram of a connection into one {@link SnmpSession}, written at the connection's
 * end (Zeek's removal hook). State is bounded: counters, the first community, at most
 * {@value #MAX_OIDS} distinct OIDs and the nine PDU kinds. A damaged message is a weird and counts
 * for what was read before the damage.
 */
final class SnmpDissector implements Dissector {
    static final int MAX_OIDS = 32;

    private final SnmpParser parser = new SnmpParser();
    private boolean started, confirmed;
    private long first, last;
    private int version;
    private String community;
    private long getRequests, getBulk, getResponses, setRequests, encrypted;
    private String displayString;
    private Long upSince, nonRepeaters, maxRepetitions;
    private final List<String> pduTypes = new ArrayList<>(4);
    private final LinkedHashSet<String> oids = new LinkedHashSet<>();

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        boolean snmp = parser.parse(buf, offset, length);
        if (parser.problem != null) ctx.weird("SNMP_malformed_message", parser.problem);
        if (!snmp || (parser.pduTag < 0 && !parser.encrypted)) return;
        long now = ctx.tsNanos();
        if (!started) {
            started = true;
            first = now;
            version = parser.version;
        }
        last = now;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("snmp");
        }
        if (community == null && parser.community != null && (parser.version != 3 || !parser.community.isEmpty())) {
            community = parser.community;
        }
        if (parser.encrypted) {
            encrypted++;
            addType("encrypted_pdu");
            return;
        }
        addType(SnmpParser.pduName(parser.pduTag));
        switch (parser.pduTag) {
            case 0xa0, 0xa1 -> getRequests += parser.bindings;
            case 0xa5 -> {
                getBulk += parser.bindings;
                nonRepeaters = parser.nonRepeaters;
                maxRepetitions = parser.maxRepetitions;
            }
            case 0xa2 -> {
                getResponses += parser.bindings;
                if (parser.sysDescr != null) displayString = parser.sysDescr;
                if (parser.sysUpTimeTicks >= 0) upSince = now - parser.sysUpTimeTicks * 10_000_000L;
            }
            case 0xa3 -> setRequests += parser.bindings;
            default -> {}
        }
        for (String oid : parser.oids) {
            if (oids.size() >= MAX_OIDS) break;
            oids.add(oid);
        }
    }

    private void addType(String name) {
        if (!pduTypes.contains(name)) pduTypes.add(name);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (!started) return;
        started = false;
        String v = switch (version) {
            case 0 -> "1";
            case 1 -> "2c";
            case 3 -> "3";
            default -> "unknown";
        };
        ctx.emit(new SnmpSession(first, ctx.uid(), ctx.id(), last - first, v, community, getRequests, getBulk,
                getResponses, setRequests, displayString, upSince, pduTypes, new ArrayList<>(oids), nonRepeaters,
                maxRepetitions, encrypted));
    }
}
