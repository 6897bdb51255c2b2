package dev.latencylens.cli;

import dev.latencylens.internal.report.Recommendation;
import dev.latencylens.internal.report.RecommendationReport;
import dev.latencylens.internal.report.Traffic;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lens recommend RESULTS_JSON...}: which benchmarked model to use. The work is {@link Recommendation}'s (the
 * same the HTML report's Pareto chart draws); this reads the options and the files, prints and writes.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend a model from finished runs: the benchmarks that meet the SLOs, the latency-cost "
                + "Pareto frontier, the monthly cost at a traffic, replicas from a sweep's capacity at SLO, and the "
                + "cheapest benchmark that meets every SLO."},
        footer = {"", "Example: lens recommend run-a run-b --slo ttftP95Ms=800,maxErrorRate=0.01 --traffic 100000/day"
                + " --input-tokens 500 --output-tokens 200",
            "Exit codes: 0 a recommendation, 1 no benchmark with a known cost meets every SLO, 2 usage error or "
                    + "unreadable results."})
final class RecommendCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS_JSON", description = "results.json of a run, or its "
            + "directory; several runs allowed.")
    List<Path> results;

    @Option(names = "--slo", paramLabel = "KEY=VALUE", split = ",", description = "SLO bounds by their @Sla names "
            + "(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate, "
            + "minOutputTokensPerSecond). Default: each benchmark's own @Sla.")
    List<String> slo = List.of();

    @Option(names = "--latency", paramLabel = "KEY", description = "The latency of the frontier: ttftP50Ms, "
            + "ttftP95Ms (default), ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms.")
    String latency = Recommendation.DEFAULT_LATENCY;

    @Option(names = "--traffic", paramLabel = "N/day|N/hour|N/month", description = "Requests to project the "
            + "monthly cost at and size replicas and rate limits for.")
    String traffic;

    @Option(names = "--input-tokens", paramLabel = "N", description = "Input tokens per request of the traffic "
            + "(with --output-tokens); without them the measured cost per request is projected.")
    Long inputTokens;

    @Option(names = "--output-tokens", paramLabel = "N", description = "Output tokens per request of the traffic.")
    Long outputTokens;

    @Option(names = "--peak", paramLabel = "FACTOR", description = "Peak rate over the average rate of the traffic "
            + "(2).")
    BigDecimal peak;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the recommendation as JSON there.")
    Path json;

    @Override
    public Integer call() throws IOException {
        Recommendation r = Recommendation.of(runs(), new Recommendation.Options(slo(), latency, traffic()));
        System.out.print(RecommendationReport.text(r));
        if (json != null) {
            try {
                RecommendationReport.writeJson(r, json);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + json, e);
            }
        }
        return r.pick().isPresent() ? LensCli.OK : LensCli.GATE_FAILED;
    }

    private List<RunResult> runs() throws IOException {
        List<RunResult> runs = new ArrayList<>();
        for (Path p : results) {
            Path file = Files.isDirectory(p) ? p.resolve(ResultJson.FILE_NAME) : p;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such results file: " + file);
            }
            runs.add(ResultJson.read(file));
        }
        return runs;
    }

    private Optional<SlaSpec> slo() {
        if (slo.isEmpty()) {
            return Optional.empty();
        }
        SlaSpec spec = SlaSpec.none();
        for (String bound : slo) {
            int eq = bound.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--slo " + bound + ": expected KEY=VALUE, e.g. ttftP95Ms=800");
            }
            String key = bound.substring(0, eq).trim();
            String value = bound.substring(eq + 1).trim();
            try {
                spec = spec.withBound(key, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--slo " + key + "=" + value + ": not a number");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--slo: " + e.getMessage(), e);
            }
        }
        return Optional.of(spec);
    }

    private Optional<Traffic> traffic() {
        if ((inputTokens == null) != (outputTokens == null)) {
            throw new IllegalArgumentException("--input-tokens and --output-tokens go together: give both or neither");
        }
        if (traffic == null) {
            if (inputTokens != null || peak != null) {
                throw new IllegalArgumentException((peak != null ? "--peak" : "--input-tokens and --output-tokens")
                        + " describe a traffic: give --traffic N/day|N/hour|N/month too");
            }
            return Optional.empty();
        }
        Traffic t = Traffic.parse(traffic);
        if (inputTokens != null) {
            t = t.withTokens(inputTokens, outputTokens);
        }
        return Optional.of(peak == null ? t : t.withPeakFactor(peak));
    }
}
