package io.sluice.protocol.snmp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: the SNMP messages of one connection as a row of Zeek's
 * {@code snmp.log}, with Zeek's field names, order, types and meanings ({@code SNMP::Info} of
 * scripts/base/protocols/snmp/main.zeek): the first community (for v3 the first non-empty USM user
 * name, as Zeek does), variable-binding counts per PDU kind (GetNext counts as a get request),
 * sysDescr.0 of a response as {@code display_string} and sysUpTime.0 turned into
 * {@code up_since}. Written when the connection ends.
 *
 * <p>Sluice extras, appended: {@code pdu_types} (each PDU kind seen, in first-seen order, Zeek's
 * event names: get_request, get_bulk_request, set_request, trap, report, ...), {@code oids} (the
 * distinct OIDs of all bindings, first {@value SnmpDissector#MAX_OIDS}; a configuration dump or a
 * walk shows here), {@code bulk_non_repeaters} and {@code bulk_max_repetitions} (of the last
 * GetBulk) and {@code encrypted_pdus} (v3 messages with an encrypted scoped PDU).
 */
public record SnmpSession(
        long tsNanos,
        String uid,
        ConnId id,
        long durationNanos,
        String version,
        String community,
        long getRequests,
        long getBulkRequests,
        long getResponses,
        long setRequests,
        String displayString,
        Long upSinceNanos,
        List<String> pduTypes,
        List<String> oids,
        Long bulkNonRepeaters,
        Long bulkMaxRepetitions,
        long encryptedPdus)
        implements ContentEvent {

    public SnmpSession {
        pduTypes = List.copyOf(pduTypes);
        oids = List.copyOf(oids);
    }

    public static final LogSchema SCHEMA = LogSchema.named("snmp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("duration", "interval")
            .field("version", "string")
            .field("community", "string")
            .field("get_requests", "count")
            .field("get_bulk_requests", "count")
            .field("get_responses", "count")
            .field("set_requests", "count")
            .field("display_string", "string")
            .field("up_since", "time")
            .field("pdu_types", "vector[string]")
            .field("oids", "vector[string]")
            .field("bulk_non_repeaters", "count")
            .field("bulk_max_repetitions", "count")
            .field("encrypted_pdus", "count")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.interval(durationNanos);
        out.string(version);
        out.stringOrUnset(community);
        out.count(getRequests);
        out.count(getBulkRequests);
        out.count(getResponses);
        out.count(setRequests);
        out.stringOrUnset(displayString);
        if (upSinceNanos == null) out.unset(); else out.time(upSinceNanos);
        out.strings(pduTypes);
        if (oids.isEmpty()) out.unset(); else out.strings(oids);
        out.countOrUnset(bulkNonRepeaters);
        out.countOrUnset(bulkMaxRepetitions);
        out.count(encryptedPdus);
    }
}
