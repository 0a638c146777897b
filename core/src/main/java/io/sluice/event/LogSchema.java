package io.sluice.event;

import java.util.List;

/**
 * The name of a log (Zeek's {@code #path}) and its fields with Zeek types ({@code time},
 * {@code string}, {@code addr}, {@code port}, {@code count}, {@code int}, {@code interval},
 * {@code bool}, {@code enum}, {@code set[string]}, {@code vector[string]}, {@code double}).
 */
public record LogSchema(String path, List<Field> fields) {

    public record Field(String name, String zeekType) {}

    public LogSchema {
        fields = List.copyOf(fields);
    }

    public static Builder named(String path) {
        return new Builder(path);
    }

    public static final class Builder {
        private final String path;
        private final java.util.ArrayList<Field> fields = new java.util.ArrayList<>();

        private Builder(String path) {
            this.path = path;
        }

        /** Zeek's {@code id} record: id.orig_h, id.orig_p, id.resp_h, id.resp_p. */
        public Builder connId() {
            return field("id.orig_h", "addr").field("id.orig_p", "port").field("id.resp_h", "addr").field("id.resp_p", "port");
        }

        public Builder field(String name, String zeekType) {
            fields.add(new Field(name, zeekType));
            return this;
        }

        public LogSchema build() {
            return new LogSchema(path, fields);
        }
    }
}
