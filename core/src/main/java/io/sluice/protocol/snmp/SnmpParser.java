package io.sluice.protocol.snmp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one SNMP message (v1 RFC 1157, v2c RFC 1901/3416, v3 RFC 3412/3414) held whole in a
 * datagram into the reusable fields below. For v3 the user name comes from the USM security
 * parameters and an encrypted scoped PDU is noted, not read. Every length is checked
 * ({@link Ber}); damage leaves {@link #problem} set and what was read before it.
 */
final class SnmpParser {
    /** OIDs kept per message; the count of bindings is exact beyond it. */
    static final int MAX_OIDS = 64;
    static final String SYS_DESCR = "1.3.6.1.2.1.1.1.0", SYS_UPTIME = "1.3.6.1.2.1.1.3.0";

    private final Ber ber = new Ber();

    int version;
    /** v1/v2c community, or v3 USM user name; null when absent. */
    String community;
    /** PDU tag (0xa0 .. 0xa8), or -1 when there is none (encrypted or damaged). */
    int pduTag;
    boolean encrypted;
    int bindings;
    /** GetBulk's non-repeaters and max-repetitions (the error-status and error-index slots). */
    long nonRepeaters, maxRepetitions;
    long errorStatus;
    final List<String> oids = new ArrayList<>();
    /** sysDescr.0 as an octet string and sysUpTime.0 as ticks, when the bindings carry them. */
    String sysDescr;
    long sysUpTimeTicks;
    String problem;

    /** Returns false when the bytes are not an SNMP message at all (no version was read). */
    boolean parse(ByteBuffer buf, int offset, int length) {
        version = -1;
        community = null;
        pduTag = -1;
        encrypted = false;
        bindings = 0;
        nonRepeaters = maxRepetitions = errorStatus = 0;
        oids.clear();
        sysDescr = null;
        sysUpTimeTicks = -1;
        problem = null;
        ber.buf = buf;
        ber.problem = null;
        int limit = offset + length;
        if (!ber.expect(offset, limit, Ber.SEQUENCE)) return done(false);
        int msgEnd = ber.end;
        if (!ber.expect(ber.start, msgEnd, Ber.INTEGER)) return done(false);
        long v = ber.integer();
        if (v != 0 && v != 1 && v != 3) {
            ber.problem = "version " + v;
            return done(false);
        }
        version = (int) v;
        int p = ber.end;
        if (version == 3) {
            p = v3Header(p, msgEnd);
            if (p < 0) return done(true);
            if (!ber.next(p, msgEnd)) return done(true);
            if (ber.tag == Ber.OCTET_STRING) {
                encrypted = true;
                return done(true);
            }
            if (ber.tag != Ber.SEQUENCE) return done(true);
            int scopedEnd = ber.end;
            if (!ber.expect(ber.start, scopedEnd, Ber.OCTET_STRING)) return done(true); // contextEngineID
            if (!ber.expect(ber.end, scopedEnd, Ber.OCTET_STRING)) return done(true); // contextName
            pdu(ber.end, scopedEnd);
            return done(true);
        }
        if (!ber.expect(p, msgEnd, Ber.OCTET_STRING)) return done(true);
        community = ber.octets();
        pdu(ber.end, msgEnd);
        return done(true);
    }

    /** msgGlobalData and the USM parameters; returns where msgData starts, or -1. */
    private int v3Header(int p, int msgEnd) {
        if (!ber.expect(p, msgEnd, Ber.SEQUENCE)) return -1; // msgGlobalData
        int afterGlobal = ber.end;
        if (!ber.expect(afterGlobal, msgEnd, Ber.OCTET_STRING)) return -1; // msgSecurityParameters
        int afterSecurity = ber.end;
        int secEnd = ber.end;
        // USM: SEQUENCE { engineID, boots, time, userName, auth, priv }
        if (ber.expect(ber.start, secEnd, Ber.SEQUENCE)) {
            int usmEnd = ber.end;
            if (ber.expect(ber.start, usmEnd, Ber.OCTET_STRING)
                    && ber.expect(ber.end, usmEnd, Ber.INTEGER)
                    && ber.expect(ber.end, usmEnd, Ber.INTEGER)
                    && ber.expect(ber.end, usmEnd, Ber.OCTET_STRING)) {
                community = ber.octets();
            }
        }
        ber.problem = null; // non-USM security models carry other parameters; not damage
        return afterSecurity;
    }

    private void pdu(int p, int limit) {
        if (!ber.next(p, limit)) return;
        int tag = ber.tag;
        if (tag < 0xa0 || tag > 0xa8) {
            ber.problem = "PDU tag 0x" + Integer.toHexString(tag);
            return;
        }
        pduTag = tag;
        int pduEnd = ber.end;
        int q = ber.start;
        if (tag == 0xa4) { // v1 Trap: enterprise, agent-addr, generic, specific, time-stamp
            if (!ber.expect(q, pduEnd, Ber.OID)) return;
            for (int i = 0; i < 4; i++) {
                if (!ber.next(ber.end, pduEnd)) return;
            }
            q = ber.end;
        } else {
            if (!ber.expect(q, pduEnd, Ber.INTEGER)) return; // request-id
            if (!ber.expect(ber.end, pduEnd, Ber.INTEGER)) return;
            long second = ber.integer();
            if (!ber.expect(ber.end, pduEnd, Ber.INTEGER)) return;
            long third = ber.integer();
            if (tag == 0xa5) {
                nonRepeaters = second;
                maxRepetitions = third;
            } else {
                errorStatus = second;
            }
            q = ber.end;
        }
        if (!ber.expect(q, pduEnd, Ber.SEQUENCE)) return;
        int listEnd = ber.end;
        int b = ber.start;
        while (b < listEnd) {
            if (!ber.expect(b, listEnd, Ber.SEQUENCE)) return;
            int bindEnd = ber.end;
            b = bindEnd;
            bindings++;
            if (!ber.expect(ber.start, bindEnd, Ber.OID)) return;
            String oid = ber.oid();
            if (!ber.next(ber.end, bindEnd)) return;
            if (oid == null) continue;
            if (oids.size() < MAX_OIDS) oids.add(oid);
            if (oid.equals(SYS_DESCR) && ber.tag == Ber.OCTET_STRING) sysDescr = ber.octets();
            if (oid.equals(SYS_UPTIME) && isUnsigned(ber.tag)) sysUpTimeTicks = ber.unsigned();
        }
    }

    private static boolean isUnsigned(int tag) {
        return tag == Ber.COUNTER32 || tag == Ber.GAUGE32 || tag == Ber.TIMETICKS || tag == Ber.COUNTER64;
    }

    private boolean done(boolean result) {
        problem = ber.problem;
        return result;
    }

    /** Zeek's event names for the PDU types, as Suricata's EVE writes them too. */
    static String pduName(int tag) {
        return switch (tag) {
            case 0xa0 -> "get_request";
            case 0xa1 -> "get_next_request";
            case 0xa2 -> "response";
            case 0xa3 -> "set_request";
            case 0xa4 -> "trap";
            case 0xa5 -> "get_bulk_request";
            case 0xa6 -> "inform_request";
            case 0xa7 -> "trap_v2";
            case 0xa8 -> "report";
            default -> "unknown";
        };
    }
}
