package dev.latencylens.internal.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.report.ResultsSchemaTest;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.Metric;
import dev.latencylens.results.Phase;
import dev.latencylens.results.Price;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Shard;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.TokenCounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of shards' results written as shards write them: exact sums, the window's union, the {@code @Sla} judged
 * again, per-shard rows, the concatenated request log, and each way the inputs can fail to be one run's shards.
 */
class ShardMergeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final Price PRICE = new Price("openai", "gpt-4o-mini", new BigDecimal("0.15"), Optional.empty(),
            Optional.empty(), new BigDecimal("0.6"), Optional.empty(), "USD", LocalDate.parse("2026-01-01"), "test");
    private static final BenchmarkDescriptor WHOLE = BenchmarkDescriptor.builder("openai", "gpt-4o-mini")
            .name("triage").pattern(LoadPattern.POISSON).rate(30).iterations(30).concurrency(6)
            .sla(SlaSpec.none().withTtftP95Ms(100)).build();

    /** Shard {@code index} of {@code count}: its share of WHOLE, these TTFTs (ms; E2E = TTFT + 100), one error. */
    private static RunResult shard(int index, int count, BenchmarkDescriptor whole, double... ttftMs) {
        Histogram ttft = new Histogram(3);
        Histogram e2e = new Histogram(3);
        for (double v : ttftMs) {
            ttft.recordValue(Math.round(v * 1e6));
            e2e.recordValue(Math.round((v + 100) * 1e6));
        }
        int n = ttftMs.length;
        TokenCounts tokens = TokenCounts.of(100L * n, 20L * n);
        CostSummary cost = CostSummaries.of(Optional.of(PRICE), tokens, n + 1, n, 0);
        BenchmarkDescriptor mine = whole.toBuilder().iterations(n + 1).concurrency(2).build();
        Instant first = T0.plusMillis(index * 10L);
        BenchmarkResult b = BenchmarkResult.builder(mine)
                .metric(Metric.TTFT, Histograms.summarize(ttft, "ms", 1e6))
                .metric(Metric.USER_TTFT, Histograms.summarize(ttft, "ms", 1e6))
                .metric(Metric.E2E, Histograms.summarize(e2e, "ms", 1e6))
                .tokens(new BenchmarkResult.Tokens(100L * n, 20L * n, 0, 0, "provider"))
                .throughput(new BenchmarkResult.Throughput(n / 2.0, 10.0 * n, 60.0 * n, 2, Optional.of(first),
                        Optional.of(first.plusSeconds(2))))
                .reliability(new BenchmarkResult.Reliability(n + 1, n, (double) n / (n + 1),
                        Map.of(ErrorClass.TIMEOUT, new BenchmarkResult.Errors(1, List.of("timeout on shard " + index)))))
                .coldStart(ColdStart.notProbed("probe of shard " + index + " failed"))
                .goodput(new Goodput(true, n - 1, (n - 1.0) / (n + 1), (n - 1) / 2.0))
                .cost(cost).runCost(cost).build();
        return new RunResult(new RunResult.Environment("dev", "jvm", "os", 2, "host-" + index), T0, T0.plusSeconds(3),
                List.of(b), false, Optional.of(new Shard(index, count, "host-" + index, OptionalDouble.of(-250))));
    }

    private static Path write(Path dir, RunResult run) throws IOException {
        Files.createDirectories(dir);
        ResultJson.write(run, dir);
        try (RequestLogWriter log = RequestLogWriter.in(dir)) {
            int index = run.shard().orElseThrow().index();
            for (int i = 0; i < 2; i++) {
                log.write(RequestRecord.builder("triage", Phase.MEASURED, i * 3 + index).success(true)
                        .ttftMs(OptionalDouble.of(50)).build());
            }
        }
        return dir;
    }

    private static double[] repeat(double value, int n) {
        return IntStream.range(0, n).mapToDouble(i -> value).toArray();
    }

    private static List<Path> threeShards(Path dir) throws IOException {
        double[] withOneSlow = repeat(50, 10);
        withOneSlow[9] = 150;
        return List.of(write(dir.resolve("shard-0"), shard(0, 3, WHOLE, withOneSlow)),
                write(dir.resolve("shard-1"), shard(1, 3, WHOLE, repeat(50, 10))),
                write(dir.resolve("shard-2"), shard(2, 3, WHOLE, repeat(50, 10))));
    }

    @Test
    void theMergeAddsHistogramsCountsAndCostExactlyAndJudgesTheSlaAgain(@TempDir Path dir) throws Exception {
        List<Path> shards = threeShards(dir);
        RunResult merged = Merger.merge(List.of(shards.get(2), shards.get(0), shards.get(1)),
                RunOptions.builder().outputDirectory(dir.resolve("merged")).build());

        BenchmarkResult m = merged.benchmarks().get(0);
        assertThat(m.descriptor().iterations()).isEqualTo(33);
        assertThat(m.descriptor().concurrency()).isEqualTo(6);
        assertThat(m.descriptor().toBuilder().iterations(30).build()).isEqualTo(WHOLE);
        Histogram sum = new Histogram(3);
        List<RunResult> read = new ArrayList<>();
        for (Path p : shards) {
            read.add(ResultJson.read(p.resolve(ResultJson.FILE_NAME)));
            sum.add(Histograms.decode(read.get(read.size() - 1).benchmarks().get(0).metric(Metric.TTFT).histogram()));
        }
        assertThat(Histograms.decode(m.metric(Metric.TTFT).histogram())).isEqualTo(sum);
        assertThat(m.metric(Metric.TTFT).n()).isEqualTo(30);
        assertThat(m.reliability().attempted()).isEqualTo(33);
        assertThat(m.reliability().succeeded()).isEqualTo(30);
        assertThat(m.reliability().errors().get(ErrorClass.TIMEOUT).count()).isEqualTo(3);
        assertThat(m.reliability().errors().get(ErrorClass.TIMEOUT).examples())
                .containsExactly("timeout on shard 0", "timeout on shard 1", "timeout on shard 2");
        assertThat(m.tokens().output()).isEqualTo(600);
        BigDecimal totals = read.stream().map(r -> r.benchmarks().get(0).cost().total().orElseThrow())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(m.cost().total()).contains(totals.stripTrailingZeros());
        assertThat(m.cost().requests()).isEqualTo(33);
        // The window is the union: shard 0 sent first (T0), shard 2 ended last (T0 + 20 ms + 2 s).
        assertThat(m.throughput().windowSeconds()).isEqualTo(2.02);
        assertThat(m.throughput().requestsPerSecond()).isEqualTo(30 / 2.02);
        assertThat(m.goodput().good()).isEqualTo(27);
        assertThat(m.goodput().goodFraction()).isEqualTo(27.0 / 33);
        // Shard 0 alone breaks the p95 bound (its 10th of 10 TTFTs is 150 ms); the 30 requests together do not.
        assertThat(read.get(0).benchmarks().get(0).slaMet()).isFalse();
        assertThat(m.slaMet()).isTrue();
        assertThat(m.shards()).extracting(s -> s.shard().index()).containsExactly(0, 1, 2);
        assertThat(m.shards().get(0).ttftP95Ms()).isCloseTo(150, org.assertj.core.data.Offset.offset(0.1));
        assertThat(m.shards().get(1).errors()).isEqualTo(1);
        assertThat(m.coldStart().verdict()).contains("shard 0: probe of shard 0 failed")
                .contains("shard 2: probe of shard 2 failed");
        assertThat(m.warnings()).noneMatch(w -> w.contains("disagrees"));
        assertThat(merged.shard()).isEmpty();
        assertThat(merged.environment().host()).isEqualTo("host-0, host-1, host-2");

        // Written like a run's, read back equal, per-shard rows in the reports.
        Path out = dir.resolve("merged");
        assertThat(ResultJson.read(out.resolve(ResultJson.FILE_NAME))).isEqualTo(merged);
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| Shard | Host | Requests")
                .contains("| 1 | host-1 | 11 | 1 | 50");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h3>Shards</h3>").contains("-250 ms");
        JsonNode json = new ObjectMapper().readTree(out.resolve(ResultJson.FILE_NAME).toFile());
        assertThat(json.at("/benchmarks/0/shards/2/clockOffsetMs").asDouble()).isEqualTo(-250);
        assertThat(ResultsSchemaTest.validate(json)).isEmpty();
    }

    @Test
    void theRequestLogsAreConcatenatedEachLineWithItsShard(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("merged");
        Merger.merge(threeShards(dir), RunOptions.builder().outputDirectory(out).build());
        List<String> lines = Files.readAllLines(out.resolve(RequestLogWriter.FILE_NAME));
        assertThat(lines).hasSize(6).allMatch(l -> l.startsWith("{\"shard\":"));
        List<Integer> indexes = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(n.get("index").asInt() % 3).isEqualTo(n.get("shard").asInt());
            indexes.add(n.get("index").asInt());
        }
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        try (RequestLogReader reader = RequestLogReader.open(out.resolve(RequestLogWriter.FILE_NAME))) {
            int read = 0;
            while (reader.next().isPresent()) {
                read++;
            }
            assertThat(read).isEqualTo(6);
        }
    }

    @Test
    void aShardThatMeasuredSomethingElseIsSaidToDisagree(@TempDir Path dir) throws Exception {
        double[] spread = IntStream.range(40, 60).mapToDouble(v -> v).toArray();
        double[] slower = IntStream.range(80, 100).mapToDouble(v -> v).toArray();
        List<Path> shards = List.of(write(dir.resolve("a"), shard(0, 3, WHOLE, spread)),
                write(dir.resolve("b"), shard(1, 3, WHOLE, spread)),
                write(dir.resolve("c"), shard(2, 3, WHOLE, slower)));
        BenchmarkResult m = Merger.merge(shards, RunOptions.builder().outputDirectory(dir.resolve("m")).build())
                .benchmarks().get(0);
        assertThat(m.warnings()).filteredOn(w -> w.contains("disagrees")).singleElement()
                .satisfies(w -> assertThat(w).startsWith("shard 2 (host-2) disagrees").contains("TTFT p50 89."));
    }

    @Test
    void aMissingShardIsNamed(@TempDir Path dir) throws Exception {
        List<Path> shards = threeShards(dir);
        assertThatThrownBy(() -> merge(dir, shards.get(0), shards.get(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the run had 3 shards; missing shard [1]").hasMessageContaining("shard-2");
    }

    @Test
    void aDuplicateShardNamesBothFiles(@TempDir Path dir) throws Exception {
        List<Path> shards = threeShards(dir);
        Path copy = write(dir.resolve("copy"), shard(1, 3, WHOLE, repeat(50, 10)));
        assertThatThrownBy(() -> merge(dir, shards.get(0), shards.get(1), copy, shards.get(2)))
                .hasMessageMatching("(?s).*shard-1.*and.*copy.*are both shard 1 of 3.*");
    }

    @Test
    void shardsOfDifferentCountsAreDifferentRuns(@TempDir Path dir) throws Exception {
        Path a = write(dir.resolve("a"), shard(0, 2, WHOLE, repeat(50, 10)));
        Path b = write(dir.resolve("b"), shard(1, 3, WHOLE, repeat(50, 10)));
        assertThatThrownBy(() -> merge(dir, a, b)).hasMessageContaining("shards of different runs")
                .hasMessageContaining("is shard 0 of 2").hasMessageContaining("is shard 1 of 3");
    }

    @Test
    void aDifferentConfigurationIsNamedWithItsFiles(@TempDir Path dir) throws Exception {
        Path a = write(dir.resolve("a"), shard(0, 2, WHOLE, repeat(50, 10)));
        Path b = write(dir.resolve("b"), shard(1, 2, WHOLE.toBuilder().rate(40).build(), repeat(50, 10)));
        assertThatThrownBy(() -> merge(dir, a, b)).hasMessageContaining("benchmark triage is configured differently")
                .hasMessageContaining("rate 30.0 != 40.0").hasMessageContaining(a.resolve("results.json").toString())
                .hasMessageContaining(b.resolve("results.json").toString());
    }

    @Test
    void differentBenchmarksAreNamed(@TempDir Path dir) throws Exception {
        Path a = write(dir.resolve("a"), shard(0, 2, WHOLE, repeat(50, 10)));
        Path b = write(dir.resolve("b"), shard(1, 2, WHOLE.toBuilder().name("other").build(), repeat(50, 10)));
        assertThatThrownBy(() -> merge(dir, a, b)).hasMessageContaining("the shards ran different benchmarks")
                .hasMessageContaining("[triage]").hasMessageContaining("[other]");
    }

    @Test
    void aWholeRunIsNotAShard(@TempDir Path dir) throws Exception {
        RunResult whole = shard(0, 1, WHOLE, repeat(50, 10));
        Path a = dir.resolve("whole");
        Files.createDirectories(a);
        ResultJson.write(new RunResult(whole.environment(), whole.started(), whole.ended(), whole.benchmarks(),
                false), a);
        assertThatThrownBy(() -> merge(dir, a)).hasMessageContaining("is not a shard's results")
                .hasMessageContaining("lens.shard");
        assertThatThrownBy(() -> merge(dir, dir.resolve("nowhere"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> merge(dir)).hasMessageContaining("nothing to merge");
    }

    @Test
    void theMergedRunNeverOverwritesAShard(@TempDir Path dir) throws Exception {
        List<Path> shards = threeShards(dir);
        assertThatThrownBy(() -> Merger.merge(shards, RunOptions.builder().outputDirectory(shards.get(1)).build()))
                .hasMessageContaining("would overwrite shard 1's own files");
        assertThatThrownBy(() -> Merger.merge(shards, RunOptions.defaults()))
                .hasMessageContaining("lens.reportsDirectory");
    }

    private static void merge(Path dir, Path... inputs) {
        Merger.merge(List.of(inputs), RunOptions.builder().outputDirectory(dir.resolve("merged")).build());
    }
}
