package dev.latencylens.api;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How a run behaves, independent of the benchmarks in it. Immutable; build one with {@link #builder()}, or read the
 * {@code lens.*} keys listed on each accessor with {@link #fromSystemProperties()}.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder().simulate(true).outputDirectory(Path.of("target/lens"))
 *         .baseline(Path.of("baseline/results.json")).build();
 * }</pre>
 */
public final class RunOptions {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_REGRESSION_THRESHOLD = 0.10;

    private final boolean simulate;
    private final long seed;
    private final Optional<Path> outputDirectory;
    private final boolean captureText;
    private final RunListener listener;
    private final LoadOptions load;
    private final Optional<Path> baseline;
    private final double regressionThreshold;
    private final Optional<ShardSpec> shard;
    private final Optional<Instant> startAt;

    private RunOptions(Builder b) {
        simulate = b.simulate;
        seed = b.seed;
        outputDirectory = b.outputDirectory;
        captureText = b.captureText;
        listener = b.listener;
        load = b.load;
        baseline = b.baseline;
        regressionThreshold = b.regressionThreshold;
        shard = b.shard;
        startAt = b.startAt;
    }

    /** Real providers, seed 42, nothing written, no listener, no baseline. */
    public static RunOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder().simulate(simulate).seed(seed).outputDirectory(outputDirectory).captureText(captureText)
                .listener(listener).load(load).baseline(baseline).regressionThreshold(regressionThreshold).shard(shard)
                .startAt(startAt);
    }

    /**
     * The defaults overridden by the {@code lens.*} system properties; the shard also from the environment
     * ({@link ShardSpec#from}).
     */
    public static RunOptions fromSystemProperties() {
        return from(System.getProperties());
    }

    /**
     * The defaults overridden by {@code p}; the shard also from the process environment ({@link ShardSpec#from}).
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static RunOptions from(Properties p) {
        return from(p, System.getenv());
    }

    /**
     * The defaults overridden by {@code p}, the shard from {@code p} or {@code environment} ({@link ShardSpec#from}).
     *
     * @throws IllegalArgumentException naming the key (or variable) and the allowed values
     */
    public static RunOptions from(Properties p, Map<String, String> environment) {
        Builder b = builder()
                .shard(ShardSpec.from(p, environment))
                .startAt(instant(p, "lens.startAt"))
                .simulate(bool(p, "lens.simulate", false))
                .seed(seed(p))
                .outputDirectory(path(p, "lens.reportsDirectory"))
                .captureText(bool(p, "lens.captureText", false))
                .load(LoadOptions.from(p))
                .baseline(path(p, "lens.baseline"));
        String threshold = p.getProperty("lens.regressionThreshold", "").trim();
        if (!threshold.isEmpty()) {
            try {
                b.regressionThreshold(Double.parseDouble(threshold));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lens.regressionThreshold must be a number (0.10 = 10%), was '"
                        + threshold + "'", e);
            }
        }
        return b.build();
    }

    /**
     * {@code lens.simulate}: send every benchmark's requests to the embedded simulator, in its provider's wire
     * format, whatever its provider; no key needed.
     */
    public boolean simulate() {
        return simulate;
    }

    /**
     * {@code lens.seed}: seeds every {@link Iteration#random()} (and the simulator), so a run can be repeated exactly.
     */
    public long seed() {
        return seed;
    }

    /**
     * {@code lens.reportsDirectory}: where the run's files go ({@code results.json}, {@code requests.jsonl} and every
     * report); empty = write nothing.
     */
    public Optional<Path> outputDirectory() {
        return outputDirectory;
    }

    /** {@code lens.captureText}: keep each response's text in {@code requests.jsonl}. */
    public boolean captureText() {
        return captureText;
    }

    /** Progress callbacks. */
    public RunListener listener() {
        return listener;
    }

    /** Pattern knobs, retries and timeouts. */
    public LoadOptions load() {
        return load;
    }

    /**
     * {@code lens.baseline}: a previous run's {@code results.json} (or its directory, or a directory of runs) to
     * compare this run with; the comparison is written as {@code regression.md} and {@code regression.json}.
     */
    public Optional<Path> baseline() {
        return baseline;
    }

    /** {@code lens.regressionThreshold} (default 0.10): the relative slowdown that counts as a regression. */
    public double regressionThreshold() {
        return regressionThreshold;
    }

    /**
     * This process's place among the shards of a run ({@code lens.shard}, or a Kubernetes Indexed Job's or GitLab
     * {@code parallel:} job's environment); empty when it runs the whole load alone.
     */
    public Optional<ShardSpec> shard() {
        return shard;
    }

    /**
     * {@code lens.startAt} (an ISO-8601 instant, e.g. {@code 2026-12-05T12:00:00Z}): the first benchmark's measured
     * phase starts at this instant, after the cold probe and warmup, so that shards started at different times
     * measure together. An open-loop schedule's t = 0 is the instant: a shard that gets there late sends late, and
     * its schedule lag shows it.
     */
    public Optional<Instant> startAt() {
        return startAt;
    }

    private static Optional<Instant> instant(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 instant in UTC such as"
                    + " 2026-12-05T12:00:00Z, was '" + v + "'", e);
        }
    }

    private static Optional<Path> path(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "", "true" -> {
                return true; // -Dlens.simulate alone means true, as Maven users expect
            }
            case "false" -> {
                return false;
            }
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
    }

    private static long seed(Properties p) {
        String v = p.getProperty("lens.seed");
        if (v == null) {
            return DEFAULT_SEED;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lens.seed must be a whole number (a long), was '" + v + "'", e);
        }
    }

    /** Builds {@link RunOptions}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private boolean simulate;
        private long seed = DEFAULT_SEED;
        private Optional<Path> outputDirectory = Optional.empty();
        private boolean captureText;
        private RunListener listener = RunListener.NONE;
        private LoadOptions load = LoadOptions.defaults();
        private Optional<Path> baseline = Optional.empty();
        private double regressionThreshold = DEFAULT_REGRESSION_THRESHOLD;
        private Optional<ShardSpec> shard = Optional.empty();
        private Optional<Instant> startAt = Optional.empty();

        private Builder() {
        }

        /** Run as this shard of several ({@link ShardSpec}); empty to run the whole load. */
        public Builder shard(Optional<ShardSpec> shard) {
            this.shard = Objects.requireNonNull(shard, "shard");
            return this;
        }

        public Builder shard(ShardSpec shard) {
            return shard(Optional.of(shard));
        }

        /** When the first measured phase starts ({@link RunOptions#startAt()}). */
        public Builder startAt(Optional<Instant> startAt) {
            this.startAt = Objects.requireNonNull(startAt, "startAt");
            return this;
        }

        public Builder startAt(Instant startAt) {
            return startAt(Optional.of(startAt));
        }

        public Builder simulate(boolean simulate) {
            this.simulate = simulate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder outputDirectory(Path directory) {
            return outputDirectory(Optional.of(directory));
        }

        public Builder outputDirectory(Optional<Path> directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder captureText(boolean captureText) {
            this.captureText = captureText;
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder load(LoadOptions load) {
            this.load = Objects.requireNonNull(load, "load");
            return this;
        }

        public Builder baseline(Path fileOrDirectory) {
            return baseline(Optional.of(fileOrDirectory));
        }

        public Builder baseline(Optional<Path> fileOrDirectory) {
            this.baseline = Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
            return this;
        }

        /** @param fraction 0.10 for 10 % */
        public Builder regressionThreshold(double fraction) {
            this.regressionThreshold = fraction;
            return this;
        }

        /** @throws IllegalArgumentException when the regression threshold is negative or not finite */
        public RunOptions build() {
            if (!(regressionThreshold >= 0) || !Double.isFinite(regressionThreshold)) {
                throw new IllegalArgumentException("lens.regressionThreshold must be a finite fraction of 0 or more"
                        + " (0.10 = 10%), was " + regressionThreshold);
            }
            return new RunOptions(this);
        }
    }
}
