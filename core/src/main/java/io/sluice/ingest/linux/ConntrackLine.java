package io.sluice.ingest.linux;

import io.sluice.ingest.IngestEvents;

/**
 * One event line of {@code conntrack -E} (optionally with {@code -o timestamp}, {@code -o id},
 * {@code -o extended}):
 * <pre>
 * [1700000000.123456]	    [NEW] tcp      6 120 SYN_SENT src=10.0.0.2 dst=1.2.3.4 sport=51234 dport=443 [UNREPLIED] src=1.2.3.4 dst=10.0.0.2 sport=443 dport=51234
 * [1700000004.000001]	[DESTROY] tcp      6 src=10.0.0.2 dst=1.2.3.4 sport=51234 dport=443 packets=10 bytes=1000 src=1.2.3.4 dst=10.0.0.2 sport=443 dport=51234 packets=8 bytes=5000 [ASSURED] delta-time=4
 * </pre>
 * The first {@code src/dst/sport/dport} (or ICMP {@code type/code/id}) is the original direction,
 * the second the reply direction; {@code packets=}/{@code bytes=} appear when conntrack
 * accounting is on ({@code net.netfilter.nf_conntrack_acct=1}), {@code delta-time=} when
 * timestamping is ({@code nf_conntrack_timestamp=1}).
 *
 * @param tsNanos   the event time, or {@link Long#MIN_VALUE} without {@code -o timestamp}
 * @param event     NEW, UPDATE or DESTROY
 * @param origPort  for ICMP, the type; {@code respPort} then holds the code
 * @param packets   original-direction packets, or -1 without accounting; likewise the others
 * @param deltaSeconds the connection's lifetime on DESTROY, or -1
 */
record ConntrackLine(long tsNanos, String event, int proto, String origH, int origPort, String respH, int respPort,
        long packets, long bytes, long replyPackets, long replyBytes, boolean unreplied, boolean assured,
        long deltaSeconds, String id) {

    /** Thrown for a line that is not a conntrack event; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static ConntrackLine parse(String line) throws Malformed {
        String[] t = line.trim().split("\\s+");
        int i = 0;
        long ts = Long.MIN_VALUE;
        if (i < t.length && t[i].startsWith("[") && t[i].length() > 2 && Character.isDigit(t[i].charAt(1))) {
            ts = timestamp(t[i].substring(1, t[i].length() - 1));
            i++;
        }
        if (i >= t.length || !(t[i].equals("[NEW]") || t[i].equals("[UPDATE]") || t[i].equals("[DESTROY]"))) {
            throw new Malformed("no [NEW], [UPDATE] or [DESTROY] event type");
        }
        String event = t[i].substring(1, t[i].length() - 1);
        i++;
        if (i + 1 < t.length && (t[i].equals("ipv4") || t[i].equals("ipv6"))) i += 2; // -o extended: family and number
        if (i + 1 >= t.length) throw new Malformed("no protocol after the event type");
        i++; // protocol name; the number that follows is authoritative
        long proto = IngestEvents.number(t[i]);
        if (proto < 0 || proto > 255) throw new Malformed("protocol number '" + t[i] + "' is not a number up to 255");
        i++;
        String[] src = new String[2], dst = new String[2];
        long[] sport = {-1, -1}, dport = {-1, -1}, type = {-1, -1}, code = {-1, -1}, packets = {-1, -1}, bytes = {-1, -1};
        int dir = -1;
        boolean unreplied = false, assured = false;
        long delta = -1;
        String id = null;
        for (; i < t.length; i++) {
            String tok = t[i];
            if (tok.equals("[UNREPLIED]")) { unreplied = true; continue; }
            if (tok.equals("[ASSURED]")) { assured = true; continue; }
            int eq = tok.indexOf('=');
            if (eq < 0) continue; // timeout, TCP state, other flags
            String key = tok.substring(0, eq), value = tok.substring(eq + 1);
            if (key.equals("src")) {
                if (++dir > 1) throw new Malformed("more than two tuples");
                src[dir] = value;
                continue;
            }
            if (key.equals("delta-time")) { delta = IngestEvents.number(value); continue; }
            if (key.equals("id")) { id = value; continue; }
            if (dir < 0) continue;
            switch (key) {
                case "dst" -> dst[dir] = value;
                case "sport" -> sport[dir] = IngestEvents.number(value);
                case "dport" -> dport[dir] = IngestEvents.number(value);
                case "type" -> type[dir] = IngestEvents.number(value);
                case "code" -> code[dir] = IngestEvents.number(value);
                case "packets" -> packets[dir] = IngestEvents.number(value);
                case "bytes" -> bytes[dir] = IngestEvents.number(value);
                default -> { }
            }
        }
        if (dir < 0) throw new Malformed("no src= tuple");
        String o = IngestEvents.address(src[0]);
        String r = IngestEvents.address(dst[0]);
        if (o == null || r == null) throw new Malformed("src or dst of the original tuple is not an address");
        boolean icmp = proto == 1 || proto == 58;
        long op = icmp ? type[0] : sport[0];
        long rp = icmp ? code[0] : dport[0];
        if (op < 0 || rp < 0) {
            if (proto == 6 || proto == 17 || proto == 132 || icmp) {
                throw new Malformed(icmp ? "no type= and code=" : "no sport= and dport=");
            }
            op = 0;
            rp = 0;
        }
        if (op > 65535 || rp > 65535) throw new Malformed("port out of range");
        return new ConntrackLine(ts, event, (int) proto, o, (int) op, r, (int) rp, packets[0], bytes[0], packets[1],
                bytes[1], unreplied, assured, delta, id);
    }

    private static long timestamp(String s) throws Malformed {
        int dot = s.indexOf('.');
        String sec = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        long seconds = IngestEvents.number(sec);
        long f = frac.isEmpty() ? 0 : IngestEvents.number(frac);
        if (seconds < 0 || f < 0 || frac.length() > 9 || seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            throw new Malformed("timestamp '" + s + "' is not SECONDS.MICROS");
        }
        for (int k = frac.length(); k < 9; k++) f *= 10;
        return seconds * 1_000_000_000L + f;
    }
}
