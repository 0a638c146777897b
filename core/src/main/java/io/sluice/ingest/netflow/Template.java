package io.sluice.ingest.netflow;

/**
 * A (options) template compiled for decoding: per field its role, its length (65535 = variable,
 * IPFIX only) and its element id and enterprise (kept for tools that want the raw layout).
 * Immutable; replaced as a whole when the exporter refreshes it.
 */
final class Template {
    static final int VARIABLE = 65535;

    final int id;
    final boolean options;
    final int scopeCount;
    final int[] roles;
    final int[] lengths;
    final int[] elements;
    final long[] enterprises;
    /** Bytes of a record counting each variable-length field as its shortest (1 byte). */
    final int minLength;
    final boolean variable;

    Template(int id, boolean options, int scopeCount, int[] roles, int[] lengths, int[] elements,
            long[] enterprises) {
        this.id = id;
        this.options = options;
        this.scopeCount = scopeCount;
        this.roles = roles;
        this.lengths = lengths;
        this.elements = elements;
        this.enterprises = enterprises;
        int min = 0;
        boolean var = false;
        for (int l : lengths) {
            if (l == VARIABLE) {
                var = true;
                min += 1;
            } else {
                min += l;
            }
        }
        this.minLength = min;
        this.variable = var;
    }

    int fieldCount() {
        return roles.length;
    }
}
