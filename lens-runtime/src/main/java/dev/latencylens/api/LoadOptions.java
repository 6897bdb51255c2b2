package dev.latencylens.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * Knobs of the load patterns, retries and timeouts that are not in {@code @LlmBenchmark}, with their
 * {@code lens.*} keys:
 *
 * @param burstiness      {@code lens.burstiness} (default 1): POISSON's gamma shape; 1 = Poisson, below 1 burstier
 * @param rampShape       {@code lens.ramp.shape}: {@code linear} (default), {@code exponential} or {@code stages}
 * @param rampStartRate   {@code lens.ramp.startRate}: RAMP's first rate, default a tenth of {@code rate}
 * @param rampStages      {@code lens.ramp.stages} (default 4): steps of the {@code stages} shape
 * @param sweepSteps      {@code lens.sweep.steps} (default 4): rates measured between the synchronous and the
 *                        saturated rate
 * @param duration        {@code lens.duration} (e.g. {@code 30s}, {@code 2m}): run the measured phase for this
 *                        long instead of {@code iterations} requests
 * @param warmupDuration  {@code lens.warmupDuration}: warm up for this long instead of {@code warmup} requests
 * @param cooldown        {@code lens.cooldown} (default 0): requests sent after the measured ones and discarded, so
 *                        the last measured requests do not run against an emptying system
 * @param cooldownDuration {@code lens.cooldownDuration}: keep sending (and discarding) for this long after the
 *                        measured requests instead of a count
 * @param retries         {@code lens.retries} (default 0: retries distort latency): attempts after the first
 * @param retryBackoffMs  {@code lens.retryBackoffMs} (default 500): first backoff; doubles per attempt, full jitter
 * @param retryMaxBackoffMs {@code lens.retryMaxBackoffMs} (default 30000): backoff cap
 * @param connectTimeoutMs {@code lens.connectTimeoutMs} (default 10000)
 * @param ttftTimeoutMs   {@code lens.ttftTimeoutMs}: cancel a request with no content after this long (0 = none)
 * @param idleTimeoutMs   {@code lens.idleTimeoutMs}: cancel a stream silent for this long (0 = none)
 */
public record LoadOptions(double burstiness, String rampShape, OptionalDouble rampStartRate, int rampStages,
                          int sweepSteps, Optional<Duration> duration, Optional<Duration> warmupDuration,
                          int cooldown, Optional<Duration> cooldownDuration, int retries, long retryBackoffMs, long retryMaxBackoffMs,
                          long connectTimeoutMs, long ttftTimeoutMs, long idleTimeoutMs) {

    public static LoadOptions defaults() {
        return from(new Properties());
    }

    /** @throws IllegalArgumentException naming the key and the allowed values */
    public static LoadOptions from(Properties p) {
        double burstiness = number(p, "lens.burstiness", 1);
        require(burstiness > 0, "lens.burstiness", "above 0 (1 = Poisson, below 1 burstier)", burstiness);
        String shape = p.getProperty("lens.ramp.shape", "linear").trim().toLowerCase(Locale.ROOT);
        require(shape.equals("linear") || shape.equals("exponential") || shape.equals("stages"), "lens.ramp.shape",
                "linear, exponential or stages", shape);
        OptionalDouble start = p.getProperty("lens.ramp.startRate") == null ? OptionalDouble.empty()
                : OptionalDouble.of(number(p, "lens.ramp.startRate", 0));
        require(start.isEmpty() || start.getAsDouble() > 0, "lens.ramp.startRate", "above 0", start);
        int stages = (int) number(p, "lens.ramp.stages", 4);
        require(stages >= 1, "lens.ramp.stages", "at least 1", stages);
        int steps = (int) number(p, "lens.sweep.steps", 4);
        require(steps >= 0, "lens.sweep.steps", "0 or more", steps);
        int cooldown = (int) number(p, "lens.cooldown", 0);
        require(cooldown >= 0, "lens.cooldown", "0 or more", cooldown);
        int retries = (int) number(p, "lens.retries", 0);
        require(retries >= 0, "lens.retries", "0 or more", retries);
        return new LoadOptions(burstiness, shape, start, stages, steps, duration(p, "lens.duration"),
                duration(p, "lens.warmupDuration"), cooldown, duration(p, "lens.cooldownDuration"), retries, (long) number(p, "lens.retryBackoffMs", 500),
                (long) number(p, "lens.retryMaxBackoffMs", 30_000), (long) number(p, "lens.connectTimeoutMs", 10_000),
                (long) number(p, "lens.ttftTimeoutMs", 0), (long) number(p, "lens.idleTimeoutMs", 0));
    }

    private static double number(Properties p, String key, double fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'", e);
        }
    }

    /** {@code 30s}, {@code 1500ms}, {@code 2m}, or ISO-8601 ({@code PT30S}). */
    static Optional<Duration> duration(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.startsWith("pt")) {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } else if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            } else if (s.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            } else {
                throw new NumberFormatException(s);
            }
            require(!d.isNegative() && !d.isZero(), key, "a positive duration", v);
            return Optional.of(d);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith(key)) {
                throw iae;
            }
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 1500ms or 2m, was '" + v + "'",
                    e);
        }
    }

    private static void require(boolean ok, String key, String allowed, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", was " + value);
        }
    }
}
