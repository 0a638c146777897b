package io.sluice.ingest.netflow;

/**
 * Template id to template, open addressing over the 16-bit id (no boxing on the lookup that runs
 * once per data set). Grows by doubling up to {@link #MAX}; beyond that new ids are refused.
 */
final class TemplateMap {
    static final int MAX = 4096;

    private int[] keys = new int[16];
    private Template[] values = new Template[16];
    private int size;

    Template get(int id) {
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            Template t = values[i];
            if (t == null) return null;
            if (keys[i] == id) return t;
        }
    }

    /** Stores or replaces; false when the map is full and {@code id} is new. */
    boolean put(Template t) {
        int mask = keys.length - 1;
        for (int i = mix(t.id) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                if (size >= MAX) return false;
                keys[i] = t.id;
                values[i] = t;
                if (++size * 2 > keys.length) grow();
                return true;
            }
            if (keys[i] == t.id) {
                values[i] = t;
                return true;
            }
        }
    }

    void remove(int id) {
        if (get(id) == null) return;
        // Rebuild without the id: removals are rare (IPFIX withdrawals), so simplicity wins.
        Template[] old = values;
        keys = new int[keys.length];
        values = new Template[old.length];
        size = 0;
        for (Template t : old) {
            if (t != null && t.id != id) put(t);
        }
    }

    /** Removes every template, or every options / every non-options template (IPFIX withdraw-all). */
    void removeAll(boolean options) {
        Template[] old = values;
        keys = new int[16];
        values = new Template[16];
        size = 0;
        for (Template t : old) {
            if (t != null && t.options != options) put(t);
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        Template[] old = values;
        keys = new int[old.length * 2];
        values = new Template[old.length * 2];
        size = 0;
        for (Template t : old) {
            if (t != null) put(t);
        }
    }

    private static int mix(int id) {
        return (id * 0x9E3779B9) >>> 16;
    }
}
