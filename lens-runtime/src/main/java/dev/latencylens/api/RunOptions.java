package dev.latencylens.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How a run behaves, independent of the benchmarks in it. Immutable; {@link #fromSystemProperties()} reads the
 * {@code lens.*} keys listed on each method.
 *
 * @param simulate         {@code lens.simulate}: send every benchmark's requests to the embedded simulator, in its
 *                         provider's wire format, whatever its provider; no key needed
 * @param seed             {@code lens.seed}: seeds every {@link Iteration#random()} (and the simulator), so a run
 *                         can be repeated exactly
 * @param outputDirectory  {@code lens.reportsDirectory}: where {@code results.json} and {@code requests.jsonl} are
 *                         written; empty = write nothing
 * @param captureText      {@code lens.captureText}: keep each response's text in {@code requests.jsonl}
 * @param listener         progress callbacks
 * @param load             pattern knobs, retries and timeouts ({@link LoadOptions})
 */
public record RunOptions(boolean simulate, long seed, Optional<Path> outputDirectory, boolean captureText,
                         RunListener listener, LoadOptions load) {

    public static final long DEFAULT_SEED = 42;

    public RunOptions {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(load, "load");
    }

    /** Real providers, seed 42, nothing written, no listener. */
    public static RunOptions defaults() {
        return new RunOptions(false, DEFAULT_SEED, Optional.empty(), false, RunListener.NONE, LoadOptions.defaults());
    }

    /** The defaults overridden by the {@code lens.*} system properties. */
    public static RunOptions fromSystemProperties() {
        return from(System.getProperties());
    }

    /** @throws IllegalArgumentException naming the key and the allowed values */
    public static RunOptions from(Properties p) {
        RunOptions d = defaults();
        String dir = p.getProperty("lens.reportsDirectory", "").trim();
        return new RunOptions(
                bool(p, "lens.simulate", d.simulate),
                seed(p),
                dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)),
                bool(p, "lens.captureText", d.captureText),
                RunListener.NONE,
                LoadOptions.from(p));
    }

    public RunOptions withSimulate(boolean simulate) {
        return new RunOptions(simulate, seed, outputDirectory, captureText, listener, load);
    }

    public RunOptions withSeed(long seed) {
        return new RunOptions(simulate, seed, outputDirectory, captureText, listener, load);
    }

    public RunOptions withOutputDirectory(Path directory) {
        return new RunOptions(simulate, seed, Optional.of(directory), captureText, listener, load);
    }

    public RunOptions withCaptureText(boolean captureText) {
        return new RunOptions(simulate, seed, outputDirectory, captureText, listener, load);
    }

    public RunOptions withListener(RunListener listener) {
        return new RunOptions(simulate, seed, outputDirectory, captureText, listener, load);
    }

    public RunOptions withLoad(LoadOptions load) {
        return new RunOptions(simulate, seed, outputDirectory, captureText, listener, load);
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
}
