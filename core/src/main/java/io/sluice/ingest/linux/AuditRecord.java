package io.sluice.ingest.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * One line of the Linux audit log ({@code /var/log/audit/audit.log}, raw or ENRICHED format):
 * {@code [node=NAME ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value ...}, and in the ENRICHED
 * format, after a 0x1D separator, the interpreted values in upper case ({@code AUID="alice"}).
 *
 * @param node     the reporting host when the log aggregates several (node=), or null
 * @param type     the record type (SYSCALL, SOCKADDR, EOE, ...)
 * @param tsNanos  the event time
 * @param serial   the event serial; records with the same node, time and serial are one event
 * @param fields   the raw key=value pairs, quotes removed
 * @param enriched the interpreted values of the ENRICHED format (empty for raw logs)
 */
record AuditRecord(String node, String type, long tsNanos, long serial, Map<String, String> fields,
        Map<String, String> enriched) {

    /** Thrown for a line that is not an audit record; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The key joining the records of one event. */
    String eventKey() {
        return (node == null ? "" : node) + '|' + tsNanos + ':' + serial;
    }

    static AuditRecord parse(String line) throws Malformed {
        String raw = line;
        String interpreted = "";
        int gs = line.indexOf('\u001d');
        if (gs >= 0) {
            raw = line.substring(0, gs);
            interpreted = line.substring(gs + 1);
        }
        int msg = raw.indexOf("msg=audit(");
        if (msg < 0) throw new Malformed("no msg=audit(...) event id");
        int close = raw.indexOf("):", msg);
        if (close < 0) throw new Malformed("msg=audit( not closed by '):'");
        String id = raw.substring(msg + 10, close);
        int colon = id.indexOf(':');
        int dot = id.indexOf('.');
        if (colon < 0 || dot < 0 || dot > colon) throw new Malformed("event id '" + id + "' is not SECONDS.MILLIS:SERIAL");
        long seconds = digits(id.substring(0, dot), "seconds");
        String fraction = id.substring(dot + 1, colon);
        long frac = digits(fraction, "fraction");
        if (fraction.length() > 9) throw new Malformed("fraction '" + fraction + "' is too long");
        long fracNanos = frac;
        for (int i = fraction.length(); i < 9; i++) fracNanos *= 10;
        long serial = digits(id.substring(colon + 1), "serial");
        Map<String, String> head = pairs(raw.substring(0, msg));
        String type = head.get("type");
        if (type == null) throw new Malformed("no type= before msg=");
        return new AuditRecord(head.get("node"), type, seconds * 1_000_000_000L + fracNanos, serial,
                pairs(raw.substring(close + 2)), pairs(interpreted));
    }

    /** key=value pairs separated by spaces; values may be double- or single-quoted. */
    static Map<String, String> pairs(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            int space = s.indexOf(' ', i);
            if (space >= 0 && space < eq) { // a word without '=': skip it
                i = space + 1;
                continue;
            }
            String key = s.substring(i, eq);
            int v = eq + 1;
            String value;
            if (v < n && (s.charAt(v) == '"' || s.charAt(v) == '\'')) {
                int end = s.indexOf(s.charAt(v), v + 1);
                if (end < 0) end = n;
                value = s.substring(v + 1, end);
                i = end + 1;
            } else {
                int end = s.indexOf(' ', v);
                if (end < 0) end = n;
                value = s.substring(v, end);
                i = end;
            }
            out.put(key, value);
        }
        return out;
    }

    private static long digits(String s, String name) throws Malformed {
        if (s.isEmpty() || s.length() > 18) throw new Malformed(name + " '" + s + "' is not a number");
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new Malformed(name + " '" + s + "' is not a number");
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
