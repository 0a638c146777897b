package io.sluice.ingest.cloud;

import io.sluice.ingest.IngestEvents;

/**
 * One Azure flow tuple, the comma-separated string Azure logs per flow and interval:
 * <ul>
 *   <li>NSG flow logs v1: {@code ts,src,dst,sport,dport,proto(T|U),direction(I|O),decision(A|D)};</li>
 *   <li>NSG flow logs v2: v1 plus {@code state(B|C|E),packets src→dst,bytes src→dst,packets dst→src,
 *       bytes dst→src}, the counts empty on "begin" tuples;</li>
 *   <li>VNet flow logs: {@code ts(ms),src,dst,sport,dport,proto(IANA number),direction(I|O),
 *       state(B|C|E|D),encryption,packets src→dst,bytes src→dst,packets dst→src,bytes dst→src}, where
 *       state D is a denied flow.</li>
 * </ul>
 * Timestamps are seconds (NSG) or milliseconds (VNet) since the epoch. The counts of C and E
 * tuples are those since the flow's previous tuple.
 *
 * @param state    'B' begin, 'C' continuing, 'E' end, or 0 for v1 (no state)
 * @param counted  whether the tuple carries counts
 */
record AzureFlowTuple(long tsNanos, String src, String dst, int sport, int dport, int proto, boolean inbound,
        boolean denied, char state, boolean counted, long pktsOut, long bytesOut, long pktsIn, long bytesIn) {

    /** Thrown for a tuple that does not parse; the message says which field and why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static AzureFlowTuple parse(String tuple, boolean vnet) throws Malformed {
        String[] f = tuple.split(",", -1);
        if (vnet ? f.length != 13 : f.length != 8 && f.length != 13) {
            throw new Malformed(f.length + " fields in flow tuple, expected " + (vnet ? "13" : "8 (v1) or 13 (v2)"));
        }
        long ts = number(f[0], "timestamp", Long.MAX_VALUE / (vnet ? 1_000_000L : 1_000_000_000L));
        long tsNanos = vnet ? ts * 1_000_000L : ts * 1_000_000_000L;
        String src = IngestEvents.address(f[1]);
        String dst = IngestEvents.address(f[2]);
        if (src == null) throw new Malformed("source '" + f[1] + "' is not an address");
        if (dst == null) throw new Malformed("destination '" + f[2] + "' is not an address");
        int sport = f[3].isEmpty() ? 0 : (int) number(f[3], "source port", 65535);
        int dport = f[4].isEmpty() ? 0 : (int) number(f[4], "destination port", 65535);
        int proto = vnet ? (int) number(f[5], "protocol", 255) : switch (f[5]) {
            case "T" -> 6;
            case "U" -> 17;
            default -> throw new Malformed("protocol '" + f[5] + "' is neither T nor U");
        };
        boolean inbound = switch (f[6]) {
            case "I" -> true;
            case "O" -> false;
            default -> throw new Malformed("direction '" + f[6] + "' is neither I nor O");
        };
        boolean denied;
        char state = 0;
        if (vnet) {
            state = state(f[7], "BCED");
            denied = state == 'D';
        } else {
            denied = switch (f[7]) {
                case "A" -> false;
                case "D" -> true;
                default -> throw new Malformed("decision '" + f[7] + "' is neither A nor D");
            };
            if (f.length == 13) state = state(f[8], "BCE");
        }
        int c = 9;
        boolean counted = f.length == 13 && !(f[c].isEmpty() && f[c + 1].isEmpty() && f[c + 2].isEmpty() && f[c + 3].isEmpty());
        long po = 0, bo = 0, pi = 0, bi = 0;
        if (counted) {
            po = count(f[c], "packets source to destination");
            bo = count(f[c + 1], "bytes source to destination");
            pi = count(f[c + 2], "packets destination to source");
            bi = count(f[c + 3], "bytes destination to source");
        }
        return new AzureFlowTuple(tsNanos, src, dst, sport, dport, proto, inbound, denied, state, counted, po, bo, pi,
                bi);
    }

    private static char state(String s, String allowed) throws Malformed {
        if (s.length() != 1 || allowed.indexOf(s.charAt(0)) < 0) {
            throw new Malformed("flow state '" + s + "' is not one of " + allowed);
        }
        return s.charAt(0);
    }

    private static long count(String s, String name) throws Malformed {
        return s.isEmpty() ? 0 : number(s, name, Long.MAX_VALUE);
    }

    private static long number(String s, String name, long max) throws Malformed {
        long v = IngestEvents.number(s);
        if (v < 0 || v > max) throw new Malformed(name + " '" + s + "' is not a number up to " + max);
        return v;
    }
}
