package dev.latencylens.export;

import java.time.Duration;
import java.util.Map;

/**
 * How long an exporter waits for its target: {@code lens.export.timeout.connectMs} (default 2000) to connect
 * and {@code lens.export.timeout.requestMs} (default 10000) for each request. Short, because an export happens after
 * the run and must not hold up the build: a target that does not answer in time costs a warning, and the reports on disk stay the
 * record.
 *
 * @throws IllegalArgumentException from {@link #of} when a value is not a positive whole number, naming the key
 */
record ExportTimeouts(Duration connect, Duration request) {

    static final ExportTimeouts DEFAULT = new ExportTimeouts(Duration.ofMillis(2000), Duration.ofMillis(10_000));

    static ExportTimeouts of(Map<String, String> settings) {
        return new ExportTimeouts(millis(settings, "lens.export.timeout.connectMs", DEFAULT.connect),
                millis(settings, "lens.export.timeout.requestMs", DEFAULT.request));
    }

    private static Duration millis(Map<String, String> settings, String key, Duration fallback) {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of milliseconds above 0, was '" + v + "'");
    }
}
