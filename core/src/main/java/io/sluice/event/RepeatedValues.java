package io.sluice.event;

/**
 * Per field of a log, the encoding of the string value it had in the last rows, for writers to
 * copy instead of encoding it again. Many fields hold the very same String object row after row
 * (proto "tcp", source "netflow-v9", the exporter, a creation's outcome and component), and
 * copying a few encoded bytes is cheaper than escaping the text again. Values are
 * compared by identity: equal objects are equal text, and an identity test costs nothing for the
 * fields that change every row (uid, addresses), which only pay a reference store.
 *
 * <p>Use: {@code if (!values.replay(i, v, line)) { mark; encode; values.encoded(i, line, mark); }}
 */
final class RepeatedValues {
    /** Longest encoding kept (bytes): enough for the repeating values of flow logs. */
    private static final int MAX = 128;

    private final String[] seen;
    private final byte[][] encodings;
    /** The field whose value was seen twice in a row and whose encoding is to be kept; -1 none. */
    private int keep = -1;

    RepeatedValues(int fields) {
        seen = new String[fields];
        encodings = new byte[fields][];
    }

    /** Writes the kept encoding of {@code value} at {@code field} and says true, or says false (encode it). */
    boolean replay(int field, String value, LineBuffer line) {
        if (value == seen[field]) {
            byte[] e = encodings[field];
            if (e != null) {
                line.ascii(e);
                return true;
            }
            keep = field;
        } else {
            seen[field] = value;
            encodings[field] = null;
            keep = -1;
        }
        return false;
    }

    /** After a {@link #replay} that said false: the encoding is what {@code line} got since {@code from}. */
    void encoded(int field, LineBuffer line, int from) {
        if (keep != field) return;
        keep = -1;
        if (line.position() - from <= MAX) encodings[field] = line.capture(from);
    }
}
