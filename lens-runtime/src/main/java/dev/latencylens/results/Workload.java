package dev.latencylens.results;

import dev.latencylens.annotations.DatasetFormat;
import dev.latencylens.annotations.DatasetOrder;
import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.annotations.SessionHistory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a benchmark's requests come from when not from a method: synthetic prompts of a chosen length, a dataset,
 * or a trace replayed at its timestamps. The values of {@code @Workload}, one component per attribute and with the
 * same defaults; a configuration file's {@code workload:} section has the same keys ({@link #fromMap}).
 *
 * <pre>{@code
 * Workload synthetic = Workload.builder().inputTokens(400).inputStddev(40).outputTokens(128).build();
 * Workload dataset = Workload.builder().dataset("classpath:prompts.jsonl").order(DatasetOrder.SHUFFLED).build();
 * Workload trace = Workload.builder().trace("traces/monday.jsonl").timeScale(0.5).build();
 * BenchmarkHarness b = LatencyLens.benchmark(
 *         BenchmarkDescriptor.builder("openai", "gpt-4o-mini").workload(synthetic).iterations(200).build());
 * }</pre>
 *
 * <p>Immutable; the constructor enforces the rules the annotation processor checks at compile time, naming the key
 * that is wrong and what is allowed. The meaning of every key is documented on {@code @Workload}.
 *
 * @param inputTokens        synthetic prompt length in tokens (the mean with a standard deviation); 0 = none
 * @param inputStddev        standard deviation of the input lengths, 0 = every prompt {@code inputTokens} long
 * @param inputMin           lower end ({@code UNIFORM}) or bound of the input lengths; 0 = none
 * @param inputMax           upper end ({@code UNIFORM}) or bound of the input lengths; 0 = none
 * @param inputDistribution  how input lengths are drawn
 * @param outputTokens       output length per request, sent as {@code max_tokens}; 0 = the benchmark's maxTokens
 * @param outputStddev       standard deviation of the output lengths
 * @param outputMin          lower end or bound of the output lengths; 0 = none
 * @param outputMax          upper end or bound of the output lengths; 0 = none
 * @param outputDistribution how output lengths are drawn
 * @param prefixTokens       a shared synthetic system prompt of this many tokens; 0 = none
 * @param prefixScope        which requests share one prefix
 * @param dataset            a dataset file ({@code classpath:} prefix or a path); empty = none
 * @param format             how the dataset is written
 * @param column             the CSV column of the prompts
 * @param order              the order the dataset's records are sent in
 * @param history            the assistant's earlier turns in multi-turn conversations
 * @param trace              a trace file to replay ({@code classpath:} prefix or a path); empty = none
 * @param timeScale          factor on the gaps between a trace's timestamps (0.5 = twice as fast)
 */
public record Workload(
        int inputTokens,
        double inputStddev,
        int inputMin,
        int inputMax,
        LengthDistribution inputDistribution,
        int outputTokens,
        double outputStddev,
        int outputMin,
        int outputMax,
        LengthDistribution outputDistribution,
        int prefixTokens,
        PrefixScope prefixScope,
        String dataset,
        DatasetFormat format,
        String column,
        DatasetOrder order,
        SessionHistory history,
        String trace,
        double timeScale) {

    /** The keys of a workload, in declaration order: {@code @Workload}'s attributes, the builder's methods. */
    public static final List<String> KEYS = List.of("inputTokens", "inputStddev", "inputMin", "inputMax",
            "inputDistribution", "outputTokens", "outputStddev", "outputMin", "outputMax", "outputDistribution",
            "prefixTokens", "prefixScope", "dataset", "format", "column", "order", "history", "trace", "timeScale");

    /** The defaults by key, as {@link #toMap} writes values. */
    private static final Map<String, Object> DEFAULTS = new Builder().all();

    /** Where the prompts come from. */
    public enum Kind {
        /** Synthetic prompts of drawn lengths ({@code inputTokens}). */
        SYNTHETIC,
        /** The records of a dataset file. */
        DATASET,
        /** A trace's lines, each at its timestamp, with synthetic prompts of its lengths. */
        TRACE
    }

    public Workload {
        Objects.requireNonNull(inputDistribution, "inputDistribution");
        Objects.requireNonNull(outputDistribution, "outputDistribution");
        Objects.requireNonNull(prefixScope, "prefixScope");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(trace, "trace");
        boolean synthetic = lengthsSet(inputTokens, inputStddev, inputMin, inputMax, inputDistribution);
        int sources = (synthetic ? 1 : 0) + (dataset.isBlank() ? 0 : 1) + (trace.isBlank() ? 0 : 1);
        require(sources > 0, "inputTokens", "set, or dataset or trace (a workload needs its prompts from "
                + "somewhere)", inputTokens);
        require(sources == 1, trace.isBlank() ? "dataset" : "trace", "the only source of prompts (inputTokens, "
                + "dataset and trace exclude each other)", trace.isBlank() ? dataset : trace);
        if (synthetic) {
            checkLengths("input", inputTokens, inputStddev, inputMin, inputMax, inputDistribution);
            require(prefixTokens < smallest(inputTokens, inputMin, inputDistribution), "prefixTokens",
                    "below the shortest input length (" + smallest(inputTokens, inputMin, inputDistribution)
                    + "): the prefix is part of each prompt", prefixTokens);
        }
        if (lengthsSet(outputTokens, outputStddev, outputMin, outputMax, outputDistribution)) {
            require(trace.isBlank(), "outputTokens", "unset with a trace, whose lines give the output lengths",
                    outputTokens);
            checkLengths("output", outputTokens, outputStddev, outputMin, outputMax, outputDistribution);
        }
        require(prefixTokens >= 0, "prefixTokens", "0 or more", prefixTokens);
        require(prefixScope == PrefixScope.BENCHMARK || prefixTokens > 0, "prefixScope",
                "BENCHMARK without prefixTokens (there is no prefix to scope)", prefixScope);
        boolean isDataset = !dataset.isBlank();
        require(isDataset || format == DatasetFormat.AUTO, "format", "AUTO without a dataset", format);
        require(isDataset || order == DatasetOrder.SEQUENTIAL, "order", "SEQUENTIAL without a dataset", order);
        require(isDataset || history == SessionHistory.DATASET, "history", "DATASET without a dataset", history);
        require(!column.isBlank(), "column", "a column name", "'" + column + "'");
        if (isDataset) {
            DatasetFormat resolved = formatOf(dataset, format);
            require(column.equals("prompt") || resolved == DatasetFormat.CSV, "column",
                    "left at 'prompt' for a " + resolved + " dataset (a CSV dataset names its column)", column);
        } else {
            require(column.equals("prompt"), "column", "left at 'prompt' without a CSV dataset", column);
        }
        require(timeScale > 0 && Double.isFinite(timeScale), "timeScale", "above 0", timeScale);
        require(!trace.isBlank() || timeScale == 1.0, "timeScale", "1 without a trace", timeScale);
    }

    /** A builder with {@code @Workload}'s defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The workload a configuration file's {@code workload:} section describes: its keys are {@link #KEYS}; numbers
     * may be any {@link Number} or a numeric string, enum values their names in any case ({@code shuffled}).
     *
     * @throws IllegalArgumentException naming an unknown key, a value of the wrong type, or a rule broken
     */
    public static Workload fromMap(Map<String, ?> values) {
        Builder b = builder();
        values.forEach((key, value) -> b.set(key, value));
        return b.build();
    }

    /** A builder holding this workload's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputTokens = inputTokens;
        b.inputStddev = inputStddev;
        b.inputMin = inputMin;
        b.inputMax = inputMax;
        b.inputDistribution = inputDistribution;
        b.outputTokens = outputTokens;
        b.outputStddev = outputStddev;
        b.outputMin = outputMin;
        b.outputMax = outputMax;
        b.outputDistribution = outputDistribution;
        b.prefixTokens = prefixTokens;
        b.prefixScope = prefixScope;
        b.dataset = dataset;
        b.format = format;
        b.column = column;
        b.order = order;
        b.history = history;
        b.trace = trace;
        b.timeScale = timeScale;
        return b;
    }

    /** Where the prompts come from. */
    public Kind kind() {
        return !dataset.isBlank() ? Kind.DATASET : !trace.isBlank() ? Kind.TRACE : Kind.SYNTHETIC;
    }

    /** Whether the workload sets each request's output length: {@code outputTokens} (or a uniform range), or a
     *  trace's lengths. */
    public boolean setsOutputLength() {
        return kind() == Kind.TRACE || lengthsSet(outputTokens, outputStddev, outputMin, outputMax, outputDistribution);
    }

    /** The dataset's format, {@link DatasetFormat#AUTO} resolved from its extension. */
    public DatasetFormat datasetFormat() {
        return formatOf(dataset, format);
    }

    /**
     * The keys whose values differ from {@code @Workload}'s defaults, in declaration order, as a configuration file
     * writes them: numbers as numbers, enum values as lower-case names. {@code fromMap(toMap())} equals this.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> set = new LinkedHashMap<>();
        toBuilder().all().forEach((key, value) -> {
            if (!value.equals(DEFAULTS.get(key))) {
                set.put(key, value);
            }
        });
        return Collections.unmodifiableMap(set);
    }

    /** Whether any of a length's keys is set: the workload then draws that length. */
    private static boolean lengthsSet(int tokens, double stddev, int min, int max, LengthDistribution distribution) {
        return tokens != 0 || stddev != 0 || min != 0 || max != 0 || distribution != LengthDistribution.NORMAL;
    }

    private static void checkLengths(String side, int tokens, double stddev, int min, int max,
                                     LengthDistribution distribution) {
        require(tokens >= 0, side + "Tokens", "0 or more", tokens);
        require(stddev >= 0 && Double.isFinite(stddev), side + "Stddev", "0 or more", stddev);
        require(min >= 0, side + "Min", "0 (none) or more", min);
        require(max >= 0, side + "Max", "0 (none) or more", max);
        if (distribution == LengthDistribution.UNIFORM) {
            require(min >= 1, side + "Min", "at least 1 for UNIFORM (its lower end)", min);
            require(max >= min, side + "Max", "at least " + side + "Min (" + min + ") for UNIFORM (its upper end)",
                    max);
            require(tokens == 0, side + "Tokens", "unset (0) for UNIFORM, which draws from " + side + "Min to "
                    + side + "Max", tokens);
            require(stddev == 0, side + "Stddev", "unset (0) for UNIFORM", stddev);
            return;
        }
        require(tokens >= 1, side + "Tokens", "at least 1 for " + distribution + " (the mean)", tokens);
        require(distribution != LengthDistribution.LOGNORMAL || stddev > 0, side + "Stddev",
                "above 0 for LOGNORMAL", stddev);
        require(min == 0 || min <= tokens, side + "Min", "at most " + side + "Tokens (" + tokens + ")", min);
        require(max == 0 || max >= tokens, side + "Max", "at least " + side + "Tokens (" + tokens + ")", max);
    }

    /** The shortest length a synthetic prompt can be drawn with. */
    private static int smallest(int tokens, int min, LengthDistribution distribution) {
        return min > 0 ? min : distribution == LengthDistribution.UNIFORM ? 1 : tokens;
    }

    private static DatasetFormat formatOf(String dataset, DatasetFormat format) {
        if (format != DatasetFormat.AUTO || dataset.isBlank()) {
            return format;
        }
        String name = dataset.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return DatasetFormat.JSONL;
        }
        if (name.endsWith(".csv")) {
            return DatasetFormat.CSV;
        }
        if (name.endsWith(".json")) {
            return DatasetFormat.SHAREGPT;
        }
        throw new IllegalArgumentException("format must be set (JSONL, CSV or SHAREGPT) for dataset '" + dataset
                + "', whose name does not end in .jsonl, .ndjson, .csv or .json");
    }

    private static void require(boolean ok, String key, String allowed, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", was " + value);
        }
    }

    /** Builds a {@link Workload}; the method names are the keys. Not thread-safe. */
    public static final class Builder {
        private int inputTokens;
        private double inputStddev;
        private int inputMin;
        private int inputMax;
        private LengthDistribution inputDistribution = LengthDistribution.NORMAL;
        private int outputTokens;
        private double outputStddev;
        private int outputMin;
        private int outputMax;
        private LengthDistribution outputDistribution = LengthDistribution.NORMAL;
        private int prefixTokens;
        private PrefixScope prefixScope = PrefixScope.BENCHMARK;
        private String dataset = "";
        private DatasetFormat format = DatasetFormat.AUTO;
        private String column = "prompt";
        private DatasetOrder order = DatasetOrder.SEQUENTIAL;
        private SessionHistory history = SessionHistory.DATASET;
        private String trace = "";
        private double timeScale = 1.0;

        private Builder() {
        }

        public Builder inputTokens(int tokens) {
            this.inputTokens = tokens;
            return this;
        }

        public Builder inputStddev(double stddev) {
            this.inputStddev = stddev;
            return this;
        }

        public Builder inputMin(int tokens) {
            this.inputMin = tokens;
            return this;
        }

        public Builder inputMax(int tokens) {
            this.inputMax = tokens;
            return this;
        }

        public Builder inputDistribution(LengthDistribution distribution) {
            this.inputDistribution = Objects.requireNonNull(distribution, "inputDistribution");
            return this;
        }

        public Builder outputTokens(int tokens) {
            this.outputTokens = tokens;
            return this;
        }

        public Builder outputStddev(double stddev) {
            this.outputStddev = stddev;
            return this;
        }

        public Builder outputMin(int tokens) {
            this.outputMin = tokens;
            return this;
        }

        public Builder outputMax(int tokens) {
            this.outputMax = tokens;
            return this;
        }

        public Builder outputDistribution(LengthDistribution distribution) {
            this.outputDistribution = Objects.requireNonNull(distribution, "outputDistribution");
            return this;
        }

        public Builder prefixTokens(int tokens) {
            this.prefixTokens = tokens;
            return this;
        }

        public Builder prefixScope(PrefixScope scope) {
            this.prefixScope = Objects.requireNonNull(scope, "prefixScope");
            return this;
        }

        /** A dataset: {@code classpath:<resource>} or a file path. */
        public Builder dataset(String location) {
            this.dataset = Objects.requireNonNull(location, "dataset");
            return this;
        }

        public Builder format(DatasetFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        public Builder column(String column) {
            this.column = Objects.requireNonNull(column, "column");
            return this;
        }

        public Builder order(DatasetOrder order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        public Builder history(SessionHistory history) {
            this.history = Objects.requireNonNull(history, "history");
            return this;
        }

        /** A trace to replay: {@code classpath:<resource>} or a file path. */
        public Builder trace(String location) {
            this.trace = Objects.requireNonNull(location, "trace");
            return this;
        }

        public Builder timeScale(double factor) {
            this.timeScale = factor;
            return this;
        }

        /**
         * Sets {@code key} (one of {@link #KEYS}) from a configuration value: a {@link Number} or numeric string for
         * the numbers, a string for the rest, an enum value by its name in any case.
         *
         * @throws IllegalArgumentException for an unknown key or a value of the wrong type
         */
        public Builder set(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                throw new IllegalArgumentException("workload key " + key + " has no value");
            }
            switch (key) {
                case "inputTokens" -> inputTokens(integer(key, value));
                case "inputStddev" -> inputStddev(number(key, value));
                case "inputMin" -> inputMin(integer(key, value));
                case "inputMax" -> inputMax(integer(key, value));
                case "inputDistribution" -> inputDistribution(constant(key, value, LengthDistribution.class));
                case "outputTokens" -> outputTokens(integer(key, value));
                case "outputStddev" -> outputStddev(number(key, value));
                case "outputMin" -> outputMin(integer(key, value));
                case "outputMax" -> outputMax(integer(key, value));
                case "outputDistribution" -> outputDistribution(constant(key, value, LengthDistribution.class));
                case "prefixTokens" -> prefixTokens(integer(key, value));
                case "prefixScope" -> prefixScope(constant(key, value, PrefixScope.class));
                case "dataset" -> dataset(text(key, value));
                case "format" -> format(constant(key, value, DatasetFormat.class));
                case "column" -> column(text(key, value));
                case "order" -> order(constant(key, value, DatasetOrder.class));
                case "history" -> history(constant(key, value, SessionHistory.class));
                case "trace" -> trace(text(key, value));
                case "timeScale" -> timeScale(number(key, value));
                default -> throw new IllegalArgumentException("unknown workload key '" + key + "'; the keys are "
                        + String.join(", ", KEYS));
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the key whose value is not allowed */
        public Workload build() {
            return new Workload(inputTokens, inputStddev, inputMin, inputMax, inputDistribution, outputTokens,
                    outputStddev, outputMin, outputMax, outputDistribution, prefixTokens, prefixScope, dataset, format,
                    column, order, history, trace, timeScale);
        }

        /** Every key's value, as {@link Workload#toMap} writes it. */
        private Map<String, Object> all() {
            Object[] values = {inputTokens, inputStddev, inputMin, inputMax, name(inputDistribution), outputTokens,
                    outputStddev, outputMin, outputMax, name(outputDistribution), prefixTokens, name(prefixScope),
                    dataset, name(format), column, name(order), name(history), trace, timeScale};
            Map<String, Object> all = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                all.put(KEYS.get(i), values[i]);
            }
            return all;
        }

        private static String name(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT);
        }

        private static double number(String key, Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("workload key " + key + " must be a number, was '" + value + "'",
                        e);
            }
        }

        private static int integer(String key, Object value) {
            double d = number(key, value);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("workload key " + key + " must be a whole number, was '" + value
                        + "'");
            }
            return (int) d;
        }

        private static String text(String key, Object value) {
            if (!(value instanceof CharSequence)) {
                throw new IllegalArgumentException("workload key " + key + " must be a string, was " + value);
            }
            return value.toString();
        }

        private static <E extends Enum<E>> E constant(String key, Object value, Class<E> type) {
            String name = value.toString().trim();
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(name)) {
                    return e;
                }
            }
            StringBuilder allowed = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("workload key " + key + " must be one of " + allowed + ", was '"
                    + value + "'");
        }
    }
}
