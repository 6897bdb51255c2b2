package dev.latencylens.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SweepStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code jmh-result.json}: the run in the JSON result format of JMH ({@code -rf json}), so the tools built for JMH
 * read it unchanged: github-action-benchmark with {@code tool: jmh} (it reads {@code benchmark}, {@code params},
 * {@code primaryMetric.score} and {@code primaryMetric.scoreUnit}), JMH Visualizer, Jenkins' JMH plugin.
 *
 * <pre>{@code
 * Path jmh = JmhJsonReport.write(run, Path.of("target/lens"));
 * }</pre>
 *
 * <p>A JSON array, one object per benchmark, shaped as JMH writes a {@code SampleTime} ({@code "mode": "sample"})
 * result:
 * <ul>
 *   <li>{@code benchmark}: the benchmark class's name and method, dotted ({@code com.acme.Bot.shortAnswer}, a
 *       nested class's {@code $} written as {@code .}); {@code latencylens.<id>} for a benchmark defined in code</li>
 *   <li>{@code params}: {@code provider}, {@code model}, {@code pattern} (github-action-benchmark appends them to
 *       the name, so two models of one method stay apart), and for a step of a {@code SWEEP} its {@code step}
 *       key ({@code sync}, {@code max}, {@code poisson-1}, {@code poisson-2}, ...: stable from run to run, unlike the
 *       measured rates; {@link SweepStep#key()}): each step is an entry of its own, its pattern the
 *       step's ({@code SEQUENTIAL}, {@code CONCURRENT}, {@code POISSON})</li>
 *   <li>{@code threads}: the concurrency; {@code forks}: 1; {@code warmupIterations}: warmup requests;
 *       {@code measurementIterations}: measured requests; times {@code ""} (requests are counted, not timed);
 *       batch sizes 1; {@code jdkVersion}, {@code vmName}, {@code vmVersion} from the run's environment,
 *       {@code jvm} the writing JVM's {@code java} binary, {@code jvmArgs} {@code []}</li>
 *   <li>{@code primaryMetric}: TTFT in {@code ms/op}</li>
 *   <li>{@code secondaryMetrics}: {@code ttfo}, {@code icl}, {@code tpot}, {@code e2e} in {@code ms/op} and
 *       {@code outputTokensPerSecond} (per request, {@code N_out / E2E}) in {@code tokens/s}, higher is better;
 *       a metric with no sample is left out</li>
 * </ul>
 * Each metric: {@code score} is the <b>median</b> (JMH's sample mode scores the mean; a latency median is what
 * regressions should be judged on); {@code scoreError} is the half-width of a 99.9 % normal interval of the mean,
 * {@code 3.29 × stddev / √n}, and {@code "NaN"} below two samples, as JMH writes an unknown error;
 * {@code scoreConfidence} is {@code [score − error, score + error]}; {@code scorePercentiles} holds JMH's levels
 * ({@code "0.0"} … {@code "100.0"}) read from the recorded HdrHistogram, nearest rank, but only those the sample
 * count supports, as every other report has them: a level {@code p} above 95 needs {@code 1 / (1 − p/100)} samples
 * (p99 100, p99.9 1,000, p99.99 10,000, ...), the minimum, p50, p90, p95 and the maximum are always there; the
 * primary metric carries {@code rawDataHistogram} (one fork, one iteration, the
 * histogram's {@code [value, count]} pairs) as JMH's sample mode does, secondaries {@code rawData [[score]]}.
 *
 * <p>A benchmark with no successful request is listed all the same, so it does not silently drop out of trend
 * charts: its {@code score}, {@code scoreError} and {@code scoreConfidence} are {@code "NaN"} (JMH's own spelling of
 * an unknown value, which its readers already meet in {@code scoreError}), no percentiles, no raw data, and an
 * {@code error} field (not JMH's; readers ignore unknown fields) with the {@linkplain BenchmarkResult#allFailed()
 * all-failed} message. A result of an interrupted run carries {@code "partial": true} (not JMH's either).
 *
 * <p>Cost, goodput and the load self-check are not JMH metrics and are not written here ({@code results.json},
 * {@code results.csv} and the other reports have them).
 */
public final class JmhJsonReport {

    public static final String FILE_NAME = "jmh-result.json";

    /** The JMH version whose format this file follows. */
    public static final String JMH_VERSION = "1.37";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double Z_999 = 3.29;
    private static final double[] LEVELS = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};
    private static final List<Metric> SECONDARIES = List.of(Metric.TTFO, Metric.ICL, Metric.TPOT, Metric.E2E,
            Metric.OUTPUT_TOKENS_PER_SECOND);

    private JmhJsonReport() {
    }

    /** Writes {@code directory/jmh-result.json} atomically. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return AtomicFile.write(directory.resolve(FILE_NAME), render(run));
    }

    /** The whole file. */
    public static String render(RunResult run) {
        try {
            return MAPPER.writeValueAsString(toJson(run)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing a tree to a String does not fail
        }
    }

    public static ArrayNode toJson(RunResult run) {
        ArrayNode root = MAPPER.createArrayNode();
        for (BenchmarkResult b : run.benchmarks()) {
            // Tools that name series by the params (github-action-benchmark) need a step name that stays from run to
            // run: the step's key (poisson-1), not its label, which holds the measured rate.
            if (b.metric(Metric.TTFT).n() > 0 || b.allFailed().isPresent()) {
                root.add(benchmark(run, b, b.sweepStep().map(SweepStep::key)));
            }
        }
        return root;
    }

    /** {@code com.acme.Outer$Nested} + {@code method} → {@code com.acme.Outer.Nested.method}. */
    static String benchmarkName(BenchmarkResult b) {
        BenchmarkDescriptor d = b.descriptor();
        if (!d.className().isEmpty() && !d.methodName().isEmpty()) {
            return d.className().replace('$', '.') + "." + d.methodName();
        }
        return "latencylens." + b.id();
    }

    private static ObjectNode benchmark(RunResult run, BenchmarkResult b, Optional<String> step) {
        BenchmarkDescriptor d = b.descriptor();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("jmhVersion", JMH_VERSION);
        n.put("benchmark", benchmarkName(b));
        n.put("mode", "sample");
        n.put("threads", d.concurrency());
        n.put("forks", 1);
        n.put("jvm", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        n.putArray("jvmArgs");
        String[] vm = splitJvm(run.environment().jvm());
        n.put("jdkVersion", vm[1]);
        n.put("vmName", vm[0]);
        n.put("vmVersion", vm[1]);
        n.put("warmupIterations", d.warmup());
        n.put("warmupTime", "");
        n.put("warmupBatchSize", 1);
        n.put("measurementIterations", d.iterations());
        n.put("measurementTime", "");
        n.put("measurementBatchSize", 1);
        ObjectNode params = n.putObject("params");
        params.put("provider", d.provider());
        params.put("model", d.model());
        params.put("pattern", d.pattern().name());
        step.ifPresent(label -> params.put("step", label));
        b.allFailed().ifPresent(f -> n.put("error", f.message()));
        if (b.partial() || run.partial()) {
            n.put("partial", true);
        }
        ObjectNode primary = metric(b.metric(Metric.TTFT));
        primary.set("rawDataHistogram", rawDataHistogram(b.metric(Metric.TTFT)));
        n.set("primaryMetric", primary);
        ObjectNode secondaries = n.putObject("secondaryMetrics");
        for (Metric secondary : SECONDARIES) {
            Distribution dist = b.metric(secondary);
            if (dist.n() > 0) {
                ObjectNode m = metric(dist);
                m.putArray("rawData").addArray().add(dist.p50());
                secondaries.set(secondary.key(), m);
            }
        }
        return n;
    }

    /** The environment's {@code "<vm name> <java.version>"} as {@code [vm name, version]}. */
    private static String[] splitJvm(String jvm) {
        int space = jvm.lastIndexOf(' ');
        if (space <= 0) {
            return new String[]{jvm, ""};
        }
        return new String[]{jvm.substring(0, space), jvm.substring(space + 1)};
    }

    /** JMH's unit: latencies per operation, rates as they are. */
    private static String unit(Distribution d) {
        return d.unit().equals("ms") ? "ms/op" : d.unit();
    }

    private static ObjectNode metric(Distribution d) {
        ObjectNode m = MAPPER.createObjectNode();
        if (d.n() == 0) {
            m.put("score", "NaN");
            m.put("scoreError", "NaN");
            m.putArray("scoreConfidence").add("NaN").add("NaN");
            m.putObject("scorePercentiles");
            m.put("scoreUnit", unit(d));
            return m;
        }
        double score = d.p50();
        m.put("score", score);
        ArrayNode confidence;
        if (d.n() >= 2) {
            double error = Z_999 * d.stddev() / Math.sqrt(d.n());
            m.put("scoreError", error);
            confidence = m.putArray("scoreConfidence");
            confidence.add(score - error).add(score + error);
        } else {
            m.put("scoreError", "NaN");
            confidence = m.putArray("scoreConfidence");
            confidence.add("NaN").add("NaN");
        }
        ObjectNode percentiles = m.putObject("scorePercentiles");
        Histogram h = d.histogram().isEmpty() ? null : Histograms.decode(d.histogram());
        for (double level : LEVELS) {
            if (d.n() >= samplesFor(level)) {
                percentiles.put(Double.toString(level), valueAt(h, d, level));
            }
        }
        m.put("scoreUnit", unit(d));
        return m;
    }

    /**
     * The samples a percentile level needs to be more than the maximum renamed: {@code 1 / (1 − p/100)} above p95
     * (100 for p99, 1,000 for p99.9, as {@link Distribution} has it), none for the levels every report shows.
     */
    static long samplesFor(double level) {
        if (level <= 95 || level >= 100) {
            return 0;
        }
        return Math.round(1 / (1 - level / 100));
    }

    private static double valueAt(Histogram h, Distribution d, double level) {
        if (h == null) {
            return level == 0 ? d.min() : level == 100 ? d.max() : d.percentileOr(level, d.max());
        }
        if (level == 0) {
            return d.min();
        }
        if (level == 100) {
            return d.max();
        }
        // As Distribution does: the median of the bucket holding the nearest-rank sample.
        return h.medianEquivalentValue(h.getValueAtPercentile(level)) / d.scale();
    }

    private static ArrayNode rawDataHistogram(Distribution d) {
        ArrayNode forks = MAPPER.createArrayNode();
        ArrayNode iteration = forks.addArray().addArray();
        if (!d.histogram().isEmpty()) {
            Histogram h = Histograms.decode(d.histogram());
            for (HistogramIterationValue v : h.recordedValues()) {
                iteration.addArray().add(h.medianEquivalentValue(v.getValueIteratedTo()) / d.scale())
                        .add(v.getCountAtValueIteratedTo());
            }
        }
        return forks;
    }
}
