package dev.latencylens.export;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link Monitor} probes and judges, from the {@code lens.monitor.*} keys (the same names for
 * {@code mvn lens:monitor}, system properties and {@code lens monitor}'s configuration). Every key is optional:
 *
 * <table>
 * <caption>lens.monitor.* keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>interval</td><td>60s</td><td>time between two probe rounds ({@code 500ms}, {@code 60s}, {@code 5m},
 *     {@code PT1M})</td></tr>
 * <tr><td>probes</td><td>3</td><td>requests per benchmark and round, sent one after another</td></tr>
 * <tr><td>jitter</td><td>0.1</td><td>each round starts up to this fraction of the interval early or late (seeded
 *     by {@code lens.seed})</td></tr>
 * <tr><td>metricsPort</td><td>9464</td><td>the port of {@code /metrics}; 0 picks a free one</td></tr>
 * <tr><td>bind</td><td>127.0.0.1</td><td>the address {@code /metrics} listens on ({@code 0.0.0.0}: all)</td></tr>
 * <tr><td>window</td><td>10</td><td>the rolling window judged, in rounds</td></tr>
 * <tr><td>margin</td><td>0.25</td><td>how far (relative) a window's p50 or p95 may leave the baseline</td></tr>
 * <tr><td>errorMargin</td><td>0.05</td><td>how far (absolute) a window's error rate may rise above the
 *     baseline's</td></tr>
 * <tr><td>minSamples</td><td>20</td><td>the fewest samples a window (and a baseline) needs to be judged</td></tr>
 * <tr><td>baseline</td><td>none</td><td>a {@code results.json} or baseline directory; none: the monitor's own first
 *     {@code window} rounds</td></tr>
 * <tr><td>alertWebhook</td><td>none</td><td>a URL each alert and its end are POSTed to</td></tr>
 * <tr><td>hlog</td><td>{@code <lens.reportsDirectory>/monitor.hlog}</td><td>the HdrHistogram interval log</td></tr>
 * <tr><td>duration</td><td>none</td><td>stop after this long; none: run until stopped</td></tr>
 * </table>
 *
 * @param seed the seed of the jitter ({@code lens.seed}, default 42)
 */
public record MonitorOptions(Duration interval, int probes, double jitter, int metricsPort, String bind, int window,
                             double margin, double errorMargin, int minSamples, Optional<Path> baseline,
                             Optional<URI> alertWebhook, Path hlog, Optional<Duration> duration, long seed) {

    /** The prefix of every key. */
    public static final String PREFIX = "lens.monitor.";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    public MonitorOptions {
        positive("interval", interval);
        positive("probes", probes, "a whole number above 0");
        positive("window", window, "a whole number above 0");
        positive("minSamples", minSamples, "a whole number above 0");
        if (!(jitter >= 0 && jitter < 0.5)) {
            throw new IllegalArgumentException(PREFIX + "jitter must be a fraction of the interval from 0 to below"
                    + " 0.5, was " + jitter);
        }
        if (!(margin > 0)) {
            throw new IllegalArgumentException(PREFIX + "margin must be a fraction above 0 (0.25 = 25 %), was "
                    + margin);
        }
        if (!(errorMargin > 0 && errorMargin <= 1)) {
            throw new IllegalArgumentException(PREFIX + "errorMargin must be a fraction above 0 and at most 1 (0.05"
                    + " = 5 points), was " + errorMargin);
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException(PREFIX + "metricsPort must be a port from 0 to 65535, was "
                    + metricsPort);
        }
        duration.ifPresent(d -> positive("duration", d));
    }

    /** Every default, as if no key were set. */
    public static MonitorOptions defaults() {
        return from(Map.of());
    }

    /** From the system properties ({@code lens.monitor.*}, {@code lens.seed}, {@code lens.reportsDirectory}). */
    public static MonitorOptions fromSystemProperties() {
        Properties system = System.getProperties();
        Map<String, String> settings = new TreeMap<>();
        system.stringPropertyNames().forEach(k -> settings.put(k, system.getProperty(k)));
        return from(settings);
    }

    /**
     * From {@code settings}; a blank value counts as unset.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed when a value is bad
     */
    public static MonitorOptions from(Map<String, String> settings) {
        Keys k = new Keys(settings);
        Path reports = Path.of(k.raw("lens.reportsDirectory").orElse("target/lens"));
        return new MonitorOptions(
                k.raw(PREFIX + "interval").map(v -> duration(PREFIX + "interval", v)).orElse(Duration.ofSeconds(60)),
                k.integer("probes", 3), k.decimal("jitter", 0.1), k.integer("metricsPort", 9464),
                k.raw(PREFIX + "bind").orElse("127.0.0.1"), k.integer("window", 10), k.decimal("margin", 0.25),
                k.decimal("errorMargin", 0.05), k.integer("minSamples", 20),
                k.raw(PREFIX + "baseline").map(Path::of), k.raw(PREFIX + "alertWebhook").map(MonitorOptions::webhook),
                k.raw(PREFIX + "hlog").map(Path::of).orElse(reports.resolve("monitor.hlog")),
                k.raw(PREFIX + "duration").map(v -> duration(PREFIX + "duration", v)),
                k.raw("lens.seed").map(v -> Keys.parse("lens.seed", v, Long::parseLong, "a whole number"))
                        .orElse(42L));
    }

    /** {@code 250ms}, {@code 60s}, {@code 5m}, {@code 2h} or an ISO-8601 duration ({@code PT10M}). */
    static Duration duration(String key, String value) {
        String v = value.trim();
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 500ms, 60s, 5m, 2h or PT10M, was '"
                    + value + "'", e);
        }
    }

    private static URI webhook(String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        // The URL itself is not repeated: a Slack webhook's path is its secret.
        throw new IllegalArgumentException(PREFIX + "alertWebhook must be an http:// or https:// URL with a host");
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(PREFIX + key + " must be a duration above 0, was " + value);
        }
    }

    private static void positive(String key, long value, String allowed) {
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + key + " must be " + allowed + ", was " + value);
        }
    }

    /** Reads the keys of one settings map; every failure names its key. */
    private record Keys(Map<String, String> settings) {

        Optional<String> raw(String key) {
            return Optional.ofNullable(settings.get(key)).map(String::trim).filter(v -> !v.isEmpty());
        }

        int integer(String name, int fallback) {
            return raw(PREFIX + name).map(v -> parse(PREFIX + name, v, Integer::parseInt, "a whole number"))
                    .orElse(fallback);
        }

        double decimal(String name, double fallback) {
            return raw(PREFIX + name).map(v -> parse(PREFIX + name, v, Double::parseDouble, "a number"))
                    .orElse(fallback);
        }

        static <T> T parse(String key, String value, java.util.function.Function<String, T> parser, String allowed) {
            try {
                return parser.apply(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be " + allowed + ", was '" + value + "'", e);
            }
        }
    }
}
