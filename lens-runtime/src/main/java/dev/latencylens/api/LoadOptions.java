package dev.latencylens.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * Knobs of the load patterns, retries and timeouts that are not in {@code @LlmBenchmark}, each with its
 * {@code lens.*} key. Immutable; build one with {@link #builder()} or read the keys with {@link #from(Properties)}.
 *
 * <pre>{@code
 * LoadOptions load = LoadOptions.builder().duration(Duration.ofSeconds(30)).retries(2).build();
 * }</pre>
 */
public final class LoadOptions {

    private final double burstiness;
    private final String rampShape;
    private final OptionalDouble rampStartRate;
    private final int rampStages;
    private final int sweepSteps;
    private final Optional<Duration> duration;
    private final Optional<Duration> warmupDuration;
    private final int cooldown;
    private final Optional<Duration> cooldownDuration;
    private final int retries;
    private final long retryBackoffMs;
    private final long retryMaxBackoffMs;
    private final long connectTimeoutMs;
    private final long ttftTimeoutMs;
    private final long idleTimeoutMs;

    private LoadOptions(Builder b) {
        burstiness = b.burstiness;
        rampShape = b.rampShape;
        rampStartRate = b.rampStartRate;
        rampStages = b.rampStages;
        sweepSteps = b.sweepSteps;
        duration = b.duration;
        warmupDuration = b.warmupDuration;
        cooldown = b.cooldown;
        cooldownDuration = b.cooldownDuration;
        retries = b.retries;
        retryBackoffMs = b.retryBackoffMs;
        retryMaxBackoffMs = b.retryMaxBackoffMs;
        connectTimeoutMs = b.connectTimeoutMs;
        ttftTimeoutMs = b.ttftTimeoutMs;
        idleTimeoutMs = b.idleTimeoutMs;
    }

    /** Every knob at its default. */
    public static LoadOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder().burstiness(burstiness).rampShape(rampShape).rampStartRate(rampStartRate)
                .rampStages(rampStages).sweepSteps(sweepSteps).duration(duration).warmupDuration(warmupDuration)
                .cooldown(cooldown).cooldownDuration(cooldownDuration).retries(retries).retryBackoffMs(retryBackoffMs)
                .retryMaxBackoffMs(retryMaxBackoffMs).connectTimeoutMs(connectTimeoutMs).ttftTimeoutMs(ttftTimeoutMs)
                .idleTimeoutMs(idleTimeoutMs);
    }

    /**
     * The defaults overridden by the {@code lens.*} keys of {@code p}.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static LoadOptions from(Properties p) {
        Builder b = builder();
        number(p, "lens.burstiness").ifPresent(b::burstiness);
        Optional.ofNullable(p.getProperty("lens.ramp.shape")).ifPresent(b::rampShape);
        number(p, "lens.ramp.startRate").ifPresent(v -> b.rampStartRate(OptionalDouble.of(v)));
        number(p, "lens.ramp.stages").ifPresent(v -> b.rampStages((int) v));
        number(p, "lens.sweep.steps").ifPresent(v -> b.sweepSteps((int) v));
        b.duration(duration(p, "lens.duration"));
        b.warmupDuration(duration(p, "lens.warmupDuration"));
        number(p, "lens.cooldown").ifPresent(v -> b.cooldown((int) v));
        b.cooldownDuration(duration(p, "lens.cooldownDuration"));
        number(p, "lens.retries").ifPresent(v -> b.retries((int) v));
        number(p, "lens.retryBackoffMs").ifPresent(v -> b.retryBackoffMs((long) v));
        number(p, "lens.retryMaxBackoffMs").ifPresent(v -> b.retryMaxBackoffMs((long) v));
        number(p, "lens.connectTimeoutMs").ifPresent(v -> b.connectTimeoutMs((long) v));
        number(p, "lens.ttftTimeoutMs").ifPresent(v -> b.ttftTimeoutMs((long) v));
        number(p, "lens.idleTimeoutMs").ifPresent(v -> b.idleTimeoutMs((long) v));
        return b.build();
    }

    /** {@code lens.burstiness} (default 1): POISSON's gamma shape; 1 = Poisson, below 1 burstier. */
    public double burstiness() {
        return burstiness;
    }

    /** {@code lens.ramp.shape}: {@code linear} (default), {@code exponential} or {@code stages}. */
    public String rampShape() {
        return rampShape;
    }

    /** {@code lens.ramp.startRate}: RAMP's first rate, default a tenth of {@code rate}. */
    public OptionalDouble rampStartRate() {
        return rampStartRate;
    }

    /** {@code lens.ramp.stages} (default 4): steps of the {@code stages} shape. */
    public int rampStages() {
        return rampStages;
    }

    /** {@code lens.sweep.steps} (default 4): rates measured between the synchronous and the saturated rate. */
    public int sweepSteps() {
        return sweepSteps;
    }

    /**
     * {@code lens.duration} (e.g. {@code 30s}, {@code 2m}): run the measured phase for this long instead of
     * {@code iterations} requests. An open-loop pattern counts the requests it had due before the deadline but could
     * not send as {@code dropped}.
     */
    public Optional<Duration> duration() {
        return duration;
    }

    /** {@code lens.warmupDuration}: warm up for this long instead of {@code warmup} requests. */
    public Optional<Duration> warmupDuration() {
        return warmupDuration;
    }

    /**
     * {@code lens.cooldown} (default 0): requests sent after the measured ones and discarded, so the last measured
     * requests do not run against an emptying system.
     */
    public int cooldown() {
        return cooldown;
    }

    /** {@code lens.cooldownDuration}: keep sending (and discarding) for this long after the measured requests. */
    public Optional<Duration> cooldownDuration() {
        return cooldownDuration;
    }

    /** {@code lens.retries} (default 0: retries distort latency): attempts after the first. */
    public int retries() {
        return retries;
    }

    /** {@code lens.retryBackoffMs} (default 500): first backoff; doubles per attempt, full jitter. */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** {@code lens.retryMaxBackoffMs} (default 30000): backoff cap. */
    public long retryMaxBackoffMs() {
        return retryMaxBackoffMs;
    }

    /** {@code lens.connectTimeoutMs} (default 10000). */
    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** {@code lens.ttftTimeoutMs}: cancel a request with no content after this long (0 = none). */
    public long ttftTimeoutMs() {
        return ttftTimeoutMs;
    }

    /** {@code lens.idleTimeoutMs}: cancel a stream silent for this long (0 = none). */
    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    private static OptionalDouble number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v.trim()));
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
        Duration d;
        try {
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
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 1500ms or 2m, was '" + v + "'",
                    e);
        }
        require(!d.isNegative() && !d.isZero(), key, "a positive duration", v);
        return Optional.of(d);
    }

    private static void require(boolean ok, String key, String allowed, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", was " + value);
        }
    }

    /**
     * Builds {@link LoadOptions}; starts from the defaults. {@link #build()} checks every value, naming its
     * {@code lens.*} key. Not thread-safe.
     */
    public static final class Builder {
        private double burstiness = 1;
        private String rampShape = "linear";
        private OptionalDouble rampStartRate = OptionalDouble.empty();
        private int rampStages = 4;
        private int sweepSteps = 4;
        private Optional<Duration> duration = Optional.empty();
        private Optional<Duration> warmupDuration = Optional.empty();
        private int cooldown;
        private Optional<Duration> cooldownDuration = Optional.empty();
        private int retries;
        private long retryBackoffMs = 500;
        private long retryMaxBackoffMs = 30_000;
        private long connectTimeoutMs = 10_000;
        private long ttftTimeoutMs;
        private long idleTimeoutMs;

        private Builder() {
        }

        public Builder burstiness(double burstiness) {
            this.burstiness = burstiness;
            return this;
        }

        public Builder rampShape(String shape) {
            this.rampShape = Objects.requireNonNull(shape, "shape").trim().toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder rampStartRate(OptionalDouble requestsPerSecond) {
            this.rampStartRate = Objects.requireNonNull(requestsPerSecond, "requestsPerSecond");
            return this;
        }

        public Builder rampStages(int stages) {
            this.rampStages = stages;
            return this;
        }

        public Builder sweepSteps(int steps) {
            this.sweepSteps = steps;
            return this;
        }

        public Builder duration(Optional<Duration> duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder duration(Duration duration) {
            return duration(Optional.of(duration));
        }

        public Builder warmupDuration(Optional<Duration> duration) {
            this.warmupDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder cooldown(int requests) {
            this.cooldown = requests;
            return this;
        }

        public Builder cooldownDuration(Optional<Duration> duration) {
            this.cooldownDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder retryBackoffMs(long ms) {
            this.retryBackoffMs = ms;
            return this;
        }

        public Builder retryMaxBackoffMs(long ms) {
            this.retryMaxBackoffMs = ms;
            return this;
        }

        public Builder connectTimeoutMs(long ms) {
            this.connectTimeoutMs = ms;
            return this;
        }

        public Builder ttftTimeoutMs(long ms) {
            this.ttftTimeoutMs = ms;
            return this;
        }

        public Builder idleTimeoutMs(long ms) {
            this.idleTimeoutMs = ms;
            return this;
        }

        /** @throws IllegalArgumentException naming the {@code lens.*} key of a value that is not allowed */
        public LoadOptions build() {
            require(burstiness > 0, "lens.burstiness", "above 0 (1 = Poisson, below 1 burstier)", burstiness);
            require(rampShape.equals("linear") || rampShape.equals("exponential") || rampShape.equals("stages"),
                    "lens.ramp.shape", "linear, exponential or stages", rampShape);
            require(rampStartRate.isEmpty() || rampStartRate.getAsDouble() > 0, "lens.ramp.startRate", "above 0",
                    rampStartRate);
            require(rampStages >= 1, "lens.ramp.stages", "at least 1", rampStages);
            require(sweepSteps >= 0, "lens.sweep.steps", "0 or more", sweepSteps);
            require(cooldown >= 0, "lens.cooldown", "0 or more", cooldown);
            require(retries >= 0, "lens.retries", "0 or more", retries);
            requirePositive(duration, "lens.duration");
            requirePositive(warmupDuration, "lens.warmupDuration");
            requirePositive(cooldownDuration, "lens.cooldownDuration");
            require(retryBackoffMs >= 0, "lens.retryBackoffMs", "0 or more", retryBackoffMs);
            require(retryMaxBackoffMs >= 0, "lens.retryMaxBackoffMs", "0 or more", retryMaxBackoffMs);
            require(connectTimeoutMs >= 0, "lens.connectTimeoutMs", "0 or more", connectTimeoutMs);
            require(ttftTimeoutMs >= 0, "lens.ttftTimeoutMs", "0 or more (0 = none)", ttftTimeoutMs);
            require(idleTimeoutMs >= 0, "lens.idleTimeoutMs", "0 or more (0 = none)", idleTimeoutMs);
            return new LoadOptions(this);
        }

        private static void requirePositive(Optional<Duration> d, String key) {
            require(d.isEmpty() || !d.get().isNegative() && !d.get().isZero(), key, "a positive duration",
                    d.orElse(null));
        }
    }
}
