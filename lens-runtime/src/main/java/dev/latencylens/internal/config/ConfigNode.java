package dev.latencylens.internal.config;

import java.util.List;
import java.util.Map;

/**
 * One value of a configuration file and where it was written: a map ({@code Map<String, ConfigNode>}, in file
 * order), a list ({@code List<ConfigNode>}), or a scalar ({@code String} after {@code ${ENV}} substitution,
 * {@code Number}, {@code Boolean}, or {@code null}). A map entry's node is located at its key, so an error about a
 * key or its value points at the line the user wrote it on.
 */
record ConfigNode(Object value, Location at) {

    /** A place in a configuration file; line and column from 1, 0 when the format does not tell (TOML). */
    record Location(String file, int line, int column) {

        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ":" + column : file;
        }
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isScalar() {
        return !isMap() && !isList();
    }

    @SuppressWarnings("unchecked")
    Map<String, ConfigNode> map() {
        return (Map<String, ConfigNode>) value;
    }

    @SuppressWarnings("unchecked")
    List<ConfigNode> list() {
        return (List<ConfigNode>) value;
    }

    /** What a message calls this value's type. */
    String typeName() {
        if (value == null || isMap() || isList()) {
            return value == null ? "empty" : isMap() ? "a map" : "a list";
        }
        return value instanceof String ? "text '" + value + "'"
                : value instanceof Boolean ? "a boolean (" + value + ")" : "the number " + value;
    }
}
