package dev.latencylens.internal.junit;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which benchmarks run and with which overrides, from {@code lens.*} configuration: {@code lens.includes} and
 * {@code lens.excludes} (regular expressions matched against the whole benchmark name), {@code lens.tags}
 * (comma-separated; a benchmark runs when it has one of them), and the overrides {@code lens.iterations},
 * {@code lens.warmup}, {@code lens.concurrency}, {@code lens.rate}. A bad value names its key. Public for
 * {@code lens:monitor}'s fork and the {@code lens} command line, which select and override exactly as
 * {@code mvn lens:bench} does, without the JUnit Platform.
 */
public final class BenchmarkSelection {

    private final Optional<Pattern> includes;
    private final Optional<Pattern> excludes;
    private final List<String> tags;
    private final Optional<Integer> iterations;
    private final Optional<Integer> warmup;
    private final Optional<Integer> concurrency;
    private final Optional<Double> rate;

    public BenchmarkSelection(Function<String, Optional<String>> config) {
        includes = config.apply("lens.includes").filter(s -> !s.isBlank()).map(s -> regex("lens.includes", s));
        excludes = config.apply("lens.excludes").filter(s -> !s.isBlank()).map(s -> regex("lens.excludes", s));
        tags = config.apply("lens.tags").map(s -> Arrays.stream(s.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).toList()).orElse(List.of());
        iterations = config.apply("lens.iterations").filter(s -> !s.isBlank()).map(s -> integer("lens.iterations", s));
        warmup = config.apply("lens.warmup").filter(s -> !s.isBlank()).map(s -> integer("lens.warmup", s));
        concurrency = config.apply("lens.concurrency").filter(s -> !s.isBlank())
                .map(s -> integer("lens.concurrency", s));
        rate = config.apply("lens.rate").filter(s -> !s.isBlank()).map(s -> decimal("lens.rate", s));
    }

    public boolean selects(BenchmarkDescriptor d) {
        return includes.map(p -> p.matcher(d.name()).matches()).orElse(true)
                && excludes.map(p -> !p.matcher(d.name()).matches()).orElse(true)
                && (tags.isEmpty() || d.tags().stream().anyMatch(tags::contains));
    }

    /** The harness with the overrides applied; itself when there are none. */
    public BenchmarkHarness apply(BenchmarkHarness h) {
        if (iterations.isEmpty() && warmup.isEmpty() && concurrency.isEmpty() && rate.isEmpty()) {
            return h;
        }
        BenchmarkDescriptor.Builder b = h.descriptor().toBuilder();
        iterations.ifPresent(b::iterations);
        warmup.ifPresent(b::warmup);
        concurrency.ifPresent(b::concurrency);
        rate.ifPresent(b::rate);
        BenchmarkDescriptor overridden;
        try {
            overridden = b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the lens.* overrides do not fit benchmark " + h.descriptor().name()
                    + ": " + e.getMessage(), e);
        }
        return new Overridden(h, overridden);
    }

    private static Pattern regex(String key, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + " must be a regular expression, was '" + value + "': "
                    + e.getDescription(), e);
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static double decimal(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number (requests per second), was '" + value + "'", e);
        }
    }

    /** The selection as set, e.g. {@code lens.includes=Support.*, lens.tags=smoke}; empty when nothing is set. */
    @Override
    public String toString() {
        List<String> set = new ArrayList<>();
        includes.ifPresent(p -> set.add("lens.includes=" + p.pattern()));
        excludes.ifPresent(p -> set.add("lens.excludes=" + p.pattern()));
        if (!tags.isEmpty()) {
            set.add("lens.tags=" + String.join(",", tags));
        }
        return String.join(", ", set);
    }

    /** A harness whose descriptor was overridden from the configuration; calls go to the original. */
    private record Overridden(BenchmarkHarness original, BenchmarkDescriptor descriptor) implements BenchmarkHarness {
        @Override
        public Object newInstance() throws Exception {
            return original.newInstance();
        }

        @Override
        public void setup(Object instance) throws Exception {
            original.setup(instance);
        }

        @Override
        public ChatRequest request(Object instance, Iteration iteration) throws Exception {
            return original.request(instance, iteration);
        }

        @Override
        public void tearDown(Object instance) throws Exception {
            original.tearDown(instance);
        }
    }
}
