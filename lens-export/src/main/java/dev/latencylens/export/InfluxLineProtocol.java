package dev.latencylens.export;

import java.time.Instant;
import java.util.Map;

/**
 * InfluxDB's line protocol, written by hand: {@code measurement,tag=v field=1.5,n=3i,s="x" 1700000000000000000}.
 * A few lines of escaping rather than InfluxDB's Java client, which would bring OkHttp, Retrofit, RxJava and Gson
 * into a jar whose point is to add little; the format is small, stable since InfluxDB 1.0 and identical in 2.x.
 *
 * <p>Escaping: measurement names escape commas and spaces; tag keys, tag values and field keys escape commas,
 * equals signs and spaces; string field values are quoted with their double quotes and backslashes escaped. Line
 * breaks cannot be escaped anywhere and become spaces. An empty tag value is not allowed: such a tag is left out.
 */
public final class InfluxLineProtocol {

    private InfluxLineProtocol() {
    }

    /**
     * One point. Fields: a {@code Long} or {@code Integer} is written as an integer ({@code 3i}), another
     * {@code Number} as a float, a {@code Boolean} as {@code true}/{@code false}, anything else as a string.
     * Non-finite floats are left out (line protocol has no NaN).
     *
     * @throws IllegalArgumentException when no field is left
     */
    public static String line(String measurement, Map<String, String> tags, Map<String, ?> fields, long epochNanos) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(escape(measurement, ", "));
        tags.entrySet().stream().filter(t -> t.getValue() != null && !t.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey()) // InfluxDB's advice: tags sorted by key
                .forEach(t -> sb.append(',').append(key(t.getKey())).append('=').append(key(t.getValue())));
        char separator = ' ';
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            String value = fieldValue(f.getValue());
            if (value != null) {
                sb.append(separator).append(key(f.getKey())).append('=').append(value);
                separator = ',';
            }
        }
        if (separator == ' ') {
            throw new IllegalArgumentException("a point needs at least one field: " + measurement + " " + tags);
        }
        return sb.append(' ').append(epochNanos).toString();
    }

    /** Nanoseconds since the epoch, line protocol's default precision. */
    public static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static String fieldValue(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return v + "i";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? Double.toString(d) : null;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v == null) {
            return null;
        }
        return '"' + noLineBreaks(v.toString()).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String key(String s) {
        return escape(s, ",= ");
    }

    private static String escape(String s, String special) {
        String clean = noLineBreaks(s);
        StringBuilder sb = new StringBuilder(clean.length() + 8);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String noLineBreaks(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
