package dev.latencylens.processor;

import dev.latencylens.annotations.DatasetFormat;
import dev.latencylens.annotations.DatasetOrder;
import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.annotations.SessionHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks a benchmark's {@code @Workload}: the rules the runtime's {@code Workload} and {@code BenchmarkDescriptor}
 * enforce, at compile time, each error on the value to change, every rule checked. Also what it means for the
 * {@code @LlmBenchmark} beside it: a trace sets the pattern and the rate, an output length the output limit.
 */
final class WorkloadValidator {

    /** The attributes in declaration order: the keys of the runtime's {@code Workload}. */
    static final List<String> ATTRIBUTES = List.of("inputTokens", "inputStddev", "inputMin", "inputMax",
            "inputDistribution", "outputTokens", "outputStddev", "outputMin", "outputMax", "outputDistribution",
            "prefixTokens", "prefixScope", "dataset", "format", "column", "order", "history", "trace", "timeScale");

    private static final String DEFAULT_COLUMN = "prompt";

    private final Reporter reporter;

    WorkloadValidator(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * The workload's values, or empty when one is wrong (reported here) or unreadable (reported by javac).
     *
     * @param benchmark the method's {@code @LlmBenchmark}, whose pattern, rate and maxTokens the workload decides
     */
    Optional<WorkloadSettings> validate(ExecutableElement method, AnnotationValues workload,
                                        AnnotationValues benchmark) {
        int errorsBefore = reporter.errorCount();
        Map<String, Object> values = read(workload);
        if (values == null) {
            return Optional.empty();
        }
        Check check = new Check(method, workload, values);
        boolean synthetic = check.lengthsSet("input");
        boolean dataset = !check.text("dataset").isBlank();
        boolean trace = !check.text("trace").isBlank();
        // With prompts from two places, which one's rules apply is unclear: only that conflict is reported.
        boolean oneSource = sources(check, synthetic, dataset, trace);
        synthetic &= oneSource;
        if (synthetic) {
            lengths(check, "input");
        }
        if (check.lengthsSet("output")) {
            if (trace) {
                check.error(check.firstSet("output"), "the trace's lines give the output lengths; leave "
                        + check.firstSet("output") + " out.");
            } else {
                lengths(check, "output");
            }
        }
        prefix(check, synthetic);
        datasetOnly(check, dataset);
        traceOnly(check, trace);
        beside(method, benchmark, trace, trace || check.lengthsSet("output"));
        if (reporter.errorCount() != errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadSettings(values, trace));
    }

    /** Reports {@code pattern = TRACE} on a benchmark without a {@code @Workload}: there is no trace to replay. */
    void withoutWorkload(ExecutableElement method, AnnotationValues benchmark) {
        if (LoadPattern.TRACE.name().equals(benchmark.enumValue("pattern"))) {
            reporter.error("@LlmBenchmark pattern = LoadPattern.TRACE replays a trace, and this benchmark has none; "
                    + "add @Workload(trace = \"<file>\"), which sets the pattern by itself, or choose another "
                    + "pattern.", method, benchmark.mirror(), benchmark.explicit("pattern"));
        }
    }

    /** Reports prompts from nowhere or from two places; returns whether they come from exactly one. */
    private boolean sources(Check check, boolean synthetic, boolean dataset, boolean trace) {
        if (!synthetic && !dataset && !trace) {
            reporter.error("@Workload has no prompts; write inputTokens = <tokens> (synthetic prompts), dataset = "
                    + "\"<file>\" or trace = \"<file>\".", check.method, check.annotation.mirror(), null);
        } else if (dataset && (synthetic || trace)) {
            check.error("dataset", "@Workload dataset and " + (synthetic ? check.firstSet("input") : "trace")
                    + " are two sources of prompts; keep one of inputTokens, dataset and trace.");
        } else if (trace && synthetic) {
            check.error("trace", "@Workload trace and " + check.firstSet("input") + " are two sources of prompts "
                    + "(a trace's lines give the input lengths); keep one of inputTokens, dataset and trace.");
        } else {
            return true;
        }
        return false;
    }

    private void lengths(Check check, String side) {
        int tokens = check.integer(side + "Tokens");
        double stddev = check.number(side + "Stddev");
        int min = check.integer(side + "Min");
        int max = check.integer(side + "Max");
        LengthDistribution distribution = check.constant(side + "Distribution", LengthDistribution.class);
        if (tokens < 0) {
            check.error(side + "Tokens", "@Workload " + side + "Tokens = " + tokens + " is not allowed; write 1 or "
                    + "more.");
        }
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            check.error(side + "Stddev", "@Workload " + side + "Stddev = " + stddev + " is not allowed; write a "
                    + "standard deviation of 0 or more tokens.");
        }
        for (String bound : List.of("Min", "Max")) {
            if (check.integer(side + bound) < 0) {
                check.error(side + bound, "@Workload " + side + bound + " = " + check.integer(side + bound) + " is "
                        + "not allowed; write 1 or more, or leave it out for no bound.");
            }
        }
        if (distribution == LengthDistribution.UNIFORM) {
            if (min < 1) {
                check.error(side + "Min", "@Workload " + side + "Distribution = UNIFORM draws from " + side + "Min to "
                        + side + "Max; write " + side + "Min = 1 or more.");
            } else if (max < min) {
                check.error(side + "Max", "@Workload " + side + "Max = " + max + " is below " + side + "Min = " + min
                        + "; UNIFORM draws from " + side + "Min to " + side + "Max.");
            }
            if (tokens > 0 || stddev > 0) {
                String key = tokens > 0 ? side + "Tokens" : side + "Stddev";
                check.error(key, "@Workload " + side + "Distribution = UNIFORM draws between " + side + "Min and "
                        + side + "Max; leave " + key + " out.");
            }
            return;
        }
        if (tokens == 0) {
            String key = check.firstSet(side);
            check.error(key, "@Workload " + key + " needs " + side + "Tokens, the length (the mean with a standard "
                    + "deviation); write " + side + "Tokens = <tokens>.");
            return;
        }
        if (distribution == LengthDistribution.LOGNORMAL && stddev == 0) {
            check.error(side + "Distribution", "@Workload " + side + "Distribution = LOGNORMAL needs " + side
                    + "Stddev above 0.");
        }
        if (min > tokens && tokens > 0) {
            check.error(side + "Min", "@Workload " + side + "Min = " + min + " is above " + side + "Tokens = " + tokens
                    + "; a bound lies on its side of the mean.");
        }
        if (max > 0 && max < tokens) {
            check.error(side + "Max", "@Workload " + side + "Max = " + max + " is below " + side + "Tokens = " + tokens
                    + "; a bound lies on its side of the mean.");
        }
    }

    private void prefix(Check check, boolean synthetic) {
        int prefix = check.integer("prefixTokens");
        if (prefix < 0) {
            check.error("prefixTokens", "@Workload prefixTokens = " + prefix + " is not allowed; write 1 or more, or "
                    + "leave it out for no prefix.");
        } else if (synthetic && prefix > 0) {
            int shortest = check.integer("inputMin") > 0 ? check.integer("inputMin")
                    : Math.max(1, check.integer("inputTokens"));
            if (prefix >= shortest) {
                check.error("prefixTokens", "@Workload prefixTokens = " + prefix + " is not below the shortest input "
                        + "length (" + shortest + "); the prefix is part of each prompt, so write fewer tokens.");
            }
        }
        if (check.constant("prefixScope", PrefixScope.class) == PrefixScope.SESSION && prefix == 0) {
            check.error("prefixScope", "@Workload prefixScope = SESSION scopes a prefix, and there is none; write "
                    + "prefixTokens = <tokens>, or leave prefixScope out.");
        }
    }

    private void datasetOnly(Check check, boolean dataset) {
        String column = check.text("column");
        if (column.isBlank()) {
            check.error("column", "@Workload column is blank; write the CSV column holding the prompts, e.g. column = "
                    + "\"prompt\".");
        }
        if (!dataset) {
            for (String key : List.of("format", "column", "order", "history")) {
                if (check.annotation.explicit(key) != null) {
                    check.error(key, "@Workload " + key + " applies to a dataset, and there is none; write dataset = "
                            + "\"<file>\", or leave " + key + " out.");
                }
            }
            return;
        }
        String location = check.text("dataset");
        DatasetFormat format = check.constant("format", DatasetFormat.class);
        if (format == DatasetFormat.AUTO) {
            format = byExtension(location);
            if (format == null) {
                check.error("dataset", "@Workload dataset \"" + location + "\" does not end in .jsonl, .ndjson, .csv "
                        + "or .json; write format = DatasetFormat.JSONL, CSV or SHAREGPT.");
                return;
            }
        }
        if (format != DatasetFormat.CSV && !column.equals(DEFAULT_COLUMN)) {
            check.error("column", "@Workload column names a CSV column, and dataset \"" + location + "\" is "
                    + format + "; leave column out.");
        }
    }

    private void traceOnly(Check check, boolean trace) {
        double scale = check.number("timeScale");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            check.error("timeScale", "@Workload timeScale = " + scale + " is not allowed; write a factor above 0 "
                    + "(0.5 replays a trace twice as fast).");
        } else if (!trace && scale != 1.0) {
            check.error("timeScale", "@Workload timeScale applies to a trace, and there is none; write trace = "
                    + "\"<file>\", or leave timeScale out.");
        }
    }

    /** What a workload decides for the {@code @LlmBenchmark} beside it. */
    private void beside(ExecutableElement method, AnnotationValues benchmark, boolean trace, boolean setsOutput) {
        String pattern = benchmark.enumValue("pattern");
        if (trace && benchmark.explicit("pattern") != null && !LoadPattern.TRACE.name().equals(pattern)) {
            reporter.error("@LlmBenchmark pattern = LoadPattern." + pattern + " conflicts with @Workload trace, which "
                    + "sends each request at its timestamp; leave pattern out (a trace sets TRACE).", method,
                    benchmark.mirror(), benchmark.explicit("pattern"));
        }
        if (!trace && LoadPattern.TRACE.name().equals(pattern)) {
            withoutWorkload(method, benchmark);
        }
        if (trace && benchmark.explicit("rate") != null) {
            reporter.error("@LlmBenchmark rate does not apply to a trace, whose timestamps say when each request goes; "
                    + "leave rate out (@Workload timeScale replays it faster or slower).", method, benchmark.mirror(),
                    benchmark.explicit("rate"));
        }
        if (setsOutput && benchmark.explicit("maxTokens") != null) {
            reporter.error("@LlmBenchmark maxTokens is not used: " + (trace ? "the trace's outputTokens limit"
                    : "@Workload outputTokens limits") + " each request's output; leave maxTokens out.", method,
                    benchmark.mirror(), benchmark.explicit("maxTokens"));
        }
    }

    private static DatasetFormat byExtension(String location) {
        String name = location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return DatasetFormat.JSONL;
        }
        if (name.endsWith(".csv")) {
            return DatasetFormat.CSV;
        }
        return name.endsWith(".json") ? DatasetFormat.SHAREGPT : null;
    }

    /** Every attribute's value (defaults included), enum values as their constants; null when one is unreadable. */
    private static Map<String, Object> read(AnnotationValues workload) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : ATTRIBUTES) {
            Object value = switch (key) {
                case "inputStddev", "outputStddev", "timeScale" -> workload.doubleValue(key);
                case "dataset", "column", "trace" -> workload.stringValue(key);
                case "inputDistribution", "outputDistribution" -> constant(workload, key, LengthDistribution.class);
                case "prefixScope" -> constant(workload, key, PrefixScope.class);
                case "format" -> constant(workload, key, DatasetFormat.class);
                case "order" -> constant(workload, key, DatasetOrder.class);
                case "history" -> constant(workload, key, SessionHistory.class);
                default -> workload.intValue(key);
            };
            if (value == null) {
                return null;
            }
            values.put(key, value);
        }
        return values;
    }

    private static <E extends Enum<E>> E constant(AnnotationValues workload, String key, Class<E> type) {
        String name = workload.enumValue(key);
        if (name == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        // A constant this processor does not know: the annotations jar is newer than the processor.
        throw new IllegalStateException("unknown " + type.getSimpleName() + " " + name + ": lens-annotations is "
                + "newer than lens-processor; use the same version of both");
    }

    /** The values of one {@code @Workload} and where to report about them. */
    private final class Check {
        final ExecutableElement method;
        final AnnotationValues annotation;
        private final Map<String, Object> values;

        Check(ExecutableElement method, AnnotationValues annotation, Map<String, Object> values) {
            this.method = method;
            this.annotation = annotation;
            this.values = values;
        }

        int integer(String key) {
            return (Integer) values.get(key);
        }

        double number(String key) {
            return (Double) values.get(key);
        }

        String text(String key) {
            return (String) values.get(key);
        }

        <E extends Enum<E>> E constant(String key, Class<E> type) {
            return type.cast(values.get(key));
        }

        /** Whether one of a side's ({@code input}, {@code output}) length attributes is away from its default: the
         *  workload then draws that side's lengths (as the runtime's {@code Workload} decides it). */
        boolean lengthsSet(String side) {
            return !firstSet(side).isEmpty();
        }

        /** The first of a side's length attributes away from its default; empty when none is. */
        String firstSet(String side) {
            for (String suffix : List.of("Tokens", "Stddev", "Min", "Max", "Distribution")) {
                Object value = values.get(side + suffix);
                boolean set = value instanceof Integer i ? i != 0 : value instanceof Double d ? d != 0
                        : value != LengthDistribution.NORMAL;
                if (set) {
                    return side + suffix;
                }
            }
            return "";
        }

        /** An error on {@code key}'s value when written, else on the annotation. */
        void error(String key, String message) {
            reporter.error(message, method, annotation.mirror(), annotation.explicit(key));
        }
    }
}
