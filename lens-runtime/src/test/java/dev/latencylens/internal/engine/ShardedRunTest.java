package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.LatencyLens;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three shard processes (child JVMs, as three pods would be) against one simulator, on one seeded open-loop
 * schedule, merged, against one process running the whole schedule: the same requests, the same latencies.
 */
class ShardedRunTest {

    static final String MODEL = "sharded-fixed";
    private static final int SHARDS = 3;

    @Test
    void threeShardsMergedMeasureWhatOneProcessMeasures(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.builder().seed(2026).build().start()) {
            // Scripted timings (TTFT 40 ms, 2 ms a token, 10 tokens): what both ways of running must measure.
            sim.register(MODEL, SimulatorRuns.scripted(40, 2, 10).build());
            // Far enough ahead for three JVMs to start and warm up on a busy machine; later is a warning only.
            Instant startAt = Instant.now().plusSeconds(15);
            List<Process> shards = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                outputs.add(dir.resolve("shard-" + i));
                shards.add(start(sim, dir, outputs.get(i), "-Dlens.shard=" + i + "/" + SHARDS,
                        "-Dlens.startAt=" + startAt));
            }
            for (int i = 0; i < SHARDS; i++) {
                awaitSuccess(shards.get(i), dir, outputs.get(i));
            }
            Path whole = dir.resolve("whole");
            awaitSuccess(start(sim, dir, whole), dir, whole);

            RunResult merged = LatencyLens.merge(outputs, dir.resolve("merged"));
            RunResult alone = ResultJson.read(whole.resolve(ResultJson.FILE_NAME));
            BenchmarkResult m = merged.benchmarks().get(0);
            BenchmarkResult a = alone.benchmarks().get(0);

            // Each shard: its place, its share, its clock against the simulator's Date header (the same machine).
            for (int i = 0; i < SHARDS; i++) {
                RunResult shard = ResultJson.read(outputs.get(i).resolve(ResultJson.FILE_NAME));
                assertThat(shard.shard()).hasValueSatisfying(s -> {
                    assertThat(s.count()).isEqualTo(SHARDS);
                    assertThat(s.clockOffsetMs()).isPresent();
                    assertThat(Math.abs(s.clockOffsetMs().getAsDouble())).isLessThan(1_500);
                });
                assertThat(shard.benchmarks().get(0).descriptor().iterations()).isEqualTo(20);
                assertThat(shard.benchmarks().get(0).descriptor().concurrency()).isEqualTo(2);
                assertThat(Files.readString(outputs.get(i).resolve("summary.md")))
                        .contains("**shard " + i + " of " + SHARDS + "**");
            }

            // The same requests: counts identical, the whole benchmark's configuration back.
            assertThat(m.descriptor()).isEqualTo(a.descriptor());
            assertThat(m.reliability().attempted()).isEqualTo(a.reliability().attempted()).isEqualTo(60);
            assertThat(m.reliability().succeeded()).isEqualTo(a.reliability().succeeded()).isEqualTo(60);
            assertThat(m.metric(Metric.TTFT).n()).isEqualTo(a.metric(Metric.TTFT).n());
            assertThat(m.tokens().output()).isEqualTo(a.tokens().output());
            assertThat(m.shards()).hasSize(SHARDS).allSatisfy(s -> assertThat(s.attempted()).isEqualTo(20));

            // The merge itself is exact: the merged histogram is the shards' added.
            Histogram sum = new Histogram(3);
            for (Path out : outputs) {
                sum.add(Histograms.decode(ResultJson.read(out.resolve(ResultJson.FILE_NAME)).benchmarks().get(0)
                        .metric(Metric.TTFT).histogram()));
            }
            assertThat(Histograms.decode(m.metric(Metric.TTFT).histogram())).isEqualTo(sum);

            // The same latencies. The simulator's timings are scripted, so both runs measure 40 ms (TTFT) and 58 ms
            // (E2E) plus the client's own delays. Those delays differ between the runs: three fresh shard JVMs share
            // this 2-core machine (and other builds) where the whole run had it to itself. The medians agree to a
            // millisecond or two; the tails do not agree to a histogram bucket (p95s 5 to 22 ms apart were seen), so
            // the tail is checked for what the merge guarantees whatever the machine did: the merged p95 lies
            // between the shards' own p95s, as a percentile of pooled samples must.
            for (Metric metric : List.of(Metric.TTFT, Metric.E2E)) {
                Distribution md = m.metric(metric);
                Distribution ad = a.metric(metric);
                double scripted = metric == Metric.TTFT ? 40 : 58;
                assertThat(md.p50()).as("%s p50", metric).isGreaterThanOrEqualTo(scripted)
                        .isCloseTo(ad.p50(), within(0.25 * scripted));
                assertThat(ad.p95()).as("%s p95 of one process", metric).isGreaterThanOrEqualTo(scripted);
                List<Double> shardP95 = new ArrayList<>();
                for (Path out : outputs) {
                    shardP95.add(ResultJson.read(out.resolve(ResultJson.FILE_NAME)).benchmarks().get(0)
                            .metric(metric).p95());
                }
                assertThat(md.p95()).as("%s p95 within the shards' %s", metric, shardP95)
                        .isBetween(Collections.min(shardP95) * 0.999, Collections.max(shardP95) * 1.001);
                System.out.printf("%s p50 %.2f vs %.2f ms, p95 %.2f vs %.2f ms (merged vs one process)%n", metric,
                        md.p50(), ad.p50(), md.p95(), ad.p95());
            }

            // Every request of the schedule once: the merged log's measured indexes are 0..59, each on its shard.
            TreeSet<Integer> indexes = new TreeSet<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(dir.resolve("merged").resolve(RequestLogWriter.FILE_NAME))) {
                JsonNode r = json.readTree(line);
                if (r.get("phase").asText().equals("measured")) {
                    assertThat(r.get("index").asInt() % SHARDS).isEqualTo(r.get("shard").asInt());
                    assertThat(indexes.add(r.get("index").asInt())).isTrue();
                }
            }
            assertThat(indexes).hasSize(60).first().isEqualTo(0);
            assertThat(indexes.last()).isEqualTo(59);
        }
    }

    private static Process start(Simulator sim, Path dir, Path output, String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlens.vllm.baseUrl=" + sim.baseUrlFor("vllm"), "-Dlens.seed=7",
                "-Dlens.reportsDirectory=" + output));
        command.addAll(List.of(properties));
        command.add(ShardRunMain.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(output.getFileName() + ".log").toFile()).start();
    }

    private static void awaitSuccess(Process p, Path dir, Path output) throws Exception {
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", output).isTrue();
            assertThat(p.exitValue()).as("%s: %s", output, Files.readString(dir.resolve(output.getFileName()
                    + ".log"))).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
