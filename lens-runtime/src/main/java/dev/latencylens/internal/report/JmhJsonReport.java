package dev.latencylens.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *       label ({@code sync}, {@code max}, {@code poisson-1}, {@code poisson-2}, ...: stable from run to run, unlike the
 *       measured rates): each step is an entry of its own, its pattern the
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
 * {@code scoreConfidence} is {@code [score − error, score + error]}; {@code scorePercentiles} holds JMH's ten
 * levels ({@code "0.0"} … {@code "100.0"}) read from the recorded HdrHistogram, nearest rank, so small samples get
 * every level as JMH gives them; the primary metric carries {@code rawDataHistogram} (one fork, one iteration, the
 * histogram's {@code [value, count]} pairs) as JMH's sample mode does, secondaries {@code rawData [[score]]}.
 *
 * <p>A benchmark with no successful request has no TTFT and is left out of the file, as JMH leaves out a
 * benchmark that failed.
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
    private static final Map<String, String> SECONDARIES = new LinkedHashMap<>();

    static {
        SECONDARIES.put("ttfo", "ms/op");
        SECONDARIES.put("icl", "ms/op");
        SECONDARIES.put("tpot", "ms/op");
        SECONDARIES.put("e2e", "ms/op");
        SECONDARIES.put("outputTokensPerSecond", "tokens/s");
    }

    private JmhJsonReport() {
    }

    /** Writes {@code directory/jmh-result.json} atomically. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return Reports.writeAtomically(directory, FILE_NAME, render(run));
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
        Map<String, Integer> poissonSteps = new HashMap<>();
        for (BenchmarkResult b : run.benchmarks()) {
            // A Poisson step's label holds its measured rate, which moves from run to run; tools that name series
            // by the params (github-action-benchmark) need a label that stays: poisson-1, poisson-2, ...
            Optional<String> step = ReportViews.stepLabel(b).map(label -> label.equals("sync") || label.equals("max")
                    ? label : "poisson-" + poissonSteps.merge(ReportViews.sweepName(b).orElse(""), 1, Integer::sum));
            if (Reports.metric(b, "ttft").n() > 0) {
                root.add(benchmark(run, b, step));
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
        ObjectNode primary = metric(Reports.metric(b, "ttft"), "ms/op");
        primary.set("rawDataHistogram", rawDataHistogram(Reports.metric(b, "ttft")));
        n.set("primaryMetric", primary);
        ObjectNode secondaries = n.putObject("secondaryMetrics");
        SECONDARIES.forEach((name, unit) -> {
            Distribution dist = Reports.metric(b, name);
            if (dist.n() > 0) {
                ObjectNode m = metric(dist, unit);
                m.putArray("rawData").addArray().add(dist.p50());
                secondaries.set(name, m);
            }
        });
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

    private static ObjectNode metric(Distribution d, String unit) {
        ObjectNode m = MAPPER.createObjectNode();
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
            percentiles.put(Double.toString(level), valueAt(h, d, level));
        }
        m.put("scoreUnit", unit);
        return m;
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
