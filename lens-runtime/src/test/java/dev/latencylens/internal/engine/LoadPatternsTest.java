package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.SlaCheck;
import dev.latencylens.results.SweepStep;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.simulator.Fault;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every load pattern end to end against the simulator; open-loop honesty; retries; the self-check. */
class LoadPatternsTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(9).build().start();
        sim.register("quick", SimulatorRuns.scripted(5, 1, 5).build());
        sim.register("slow", SimulatorRuns.scripted(100, 1, 2).build());
        sim.register("stall", SimulatorRuns.scripted(5, 1, 5).faultRate(Fault.STALL, 1.0)
                .stall(Duration.ofSeconds(30)).build());
        // A batching server: full speed up to 2 streams, slower in proportion beyond.
        sim.register("knee", SimulatorRuns.scripted(20, 2, 5).capacity(2).build());
        sim.register("limited", SimulatorRuns.scripted(5, 1, 5).faultRate(Fault.HTTP_429, 1.0).retryAfterSeconds(1)
                .build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RunOptions with(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return RunOptions.builder().load(LoadOptions.from(p)).build();
    }

    /** TRACE replays a trace: WorkloadsThroughTheEngineTest runs it. */
    @ParameterizedTest
    @EnumSource(value = LoadPattern.class, mode = EnumSource.Mode.EXCLUDE, names = "TRACE")
    void everyPatternRunsEndToEnd(LoadPattern pattern) {
        // A sweep needs a provider whose throughput grows with concurrency: 100 ms per request, not 5.
        var b = SimulatorRuns.benchmark(pattern == LoadPattern.SWEEP ? "slow" : "quick").pattern(pattern)
                .iterations(12).warmup(1)
                .concurrency(pattern == LoadPattern.SEQUENTIAL ? 1 : 3).rate(pattern.isOpenLoop() ? 40 : 0);
        RunResult run = SimulatorRuns.run(sim, with("lens.sweep.steps", "1"), b.build());

        int results = pattern == LoadPattern.SWEEP ? 3 : 1;
        assertThat(run.benchmarks()).hasSize(results);
        for (BenchmarkResult r : run.benchmarks()) {
            assertThat(r.reliability().attempted()).isEqualTo(12);
            assertThat(r.reliability().succeeded()).as(r.reliability().toString()).isEqualTo(12);
        }
        if (pattern.isOpenLoop()) {
            LoadCheck load = run.benchmarks().get(0).load();
            assertThat(load.targetRate()).hasValue(40.0);
            assertThat(load.achievedRate()).isPositive();
            assertThat(load.dispatchLagP99Ms()).isPresent();
        }
        if (pattern == LoadPattern.SWEEP) {
            assertThat(run.benchmarks()).extracting(r -> r.descriptor().name())
                    .containsExactly("test.slow [sync]", "test.slow [max]", run.benchmarks().get(2).descriptor().name());
            assertThat(run.benchmarks()).extracting(r -> r.sweepStep().orElseThrow().key())
                    .containsExactly("sync", "max", "poisson-1");
            assertThat(run.benchmarks().get(2).sweepStep().orElseThrow().last()).as("the capacity at SLO is on it")
                    .isTrue();
            assertThat(run.benchmarks().get(2).sweepStep().orElseThrow().capacityAtSlo()).as("no @Sla: every step")
                    .isPresent();
        }
    }

    @Test
    void aSweepFindsTheKneeOfAProviderWhoseLatencyRisesWithLoad() {
        RunResult run = SimulatorRuns.run(sim, with("lens.sweep.steps", "3"), SimulatorRuns.benchmark("knee")
                .pattern(LoadPattern.SWEEP).concurrency(8).iterations(24).warmup(1)
                .sla(SlaSpec.none().withTtftP95Ms(60)).build());

        List<BenchmarkResult> steps = run.benchmarks();
        assertThat(steps).hasSize(5);
        BenchmarkResult sync = steps.get(0);
        BenchmarkResult max = steps.get(1);
        assertThat(SlaCheck.violations(sync)).as("one stream: 20 ms TTFT").isEmpty();
        assertThat(SlaCheck.violations(max)).as("8 streams on a 2-stream server: 4 x slower").isNotEmpty();
        assertThat(sync.slaViolations()).as("judged once, by the engine").isEqualTo(SlaCheck.violations(sync));
        assertThat(max.slaViolations()).isEqualTo(SlaCheck.violations(max));
        assertThat(max.metric(Metric.TTFT).p50()).isGreaterThan(2 * sync.metric(Metric.TTFT).p50());
        SweepStep last = steps.get(4).sweepStep().orElseThrow();
        assertThat(last.last()).isTrue();
        double atSlo = last.capacityAtSlo().orElseThrow();
        // The knee: at least the synchronous rate, and not the saturated step's (which broke the SLA).
        assertThat(atSlo).isGreaterThanOrEqualTo(sync.throughput().requestsPerSecond() - 0.01);
        assertThat(atSlo).isNotEqualTo(max.throughput().requestsPerSecond());
        assertThat(steps.subList(0, 4)).allSatisfy(r -> assertThat(r.sweepStep().orElseThrow().capacityAtSlo())
                .as("only the last step carries it").isEmpty());
    }

    @Test
    void eachStepOfASweepJudgesItsOwnColdProbeAgainstItsOwnSteadyState(@TempDir Path dir) throws Exception {
        RunResult run = SimulatorRuns.run(sim, with("lens.sweep.steps", "1").toBuilder().outputDirectory(dir).build(),
                SimulatorRuns.benchmark("knee").pattern(LoadPattern.SWEEP).concurrency(8).iterations(12).warmup(1)
                        .build());

        List<BenchmarkResult> steps = run.benchmarks();
        assertThat(steps).hasSize(3);
        List<JsonNode> probes = new java.util.ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME))) {
            JsonNode n = json.readTree(line);
            if (n.get("phase").asText().equals("cold")) {
                probes.add(n);
            }
        }
        // The benchmark's first request is the first step's probe; each later step's is logged under its name.
        assertThat(probes).as("one probe per step").extracting(n -> n.get("benchmark").asText())
                .containsExactly("test.knee", steps.get(1).descriptor().name(), steps.get(2).descriptor().name());
        for (int i = 0; i < steps.size(); i++) {
            BenchmarkResult step = steps.get(i);
            assertThat(step.coldStart().probed()).isTrue();
            assertThat(step.coldStart().connectionReused()).isFalse();
            assertThat(step.coldStart().ttftMs().getAsDouble()).as(step.descriptor().name())
                    .isCloseTo(probes.get(i).get("ttftMs").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(step.coldStart().steadyN()).isEqualTo(step.metric(Metric.TTFT).n());
            assertThat(step.coldStart().steadyP50Ms()).hasValue(step.metric(Metric.TTFT).p50());
        }
        // 8 streams on a 2-stream server: the saturated step's steady state is its own, several times the first's.
        assertThat(steps.get(1).coldStart().steadyP50Ms().getAsDouble())
                .isGreaterThan(2 * steps.get(0).coldStart().steadyP50Ms().getAsDouble());
    }

    @Test
    void openLoopKeepsSendingWhenTheProviderStalls() {
        BenchmarkResult r = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("stall")
                .pattern(LoadPattern.CONSTANT_RATE).rate(50).concurrency(20).iterations(10).warmup(0)
                .timeoutMs(1_500).build()).benchmarks().get(0);

        assertThat(r.reliability().attempted()).isEqualTo(10);
        assertThat(r.reliability().errors()).containsOnlyKeys(ErrorClass.TIMEOUT);
        // Sent on schedule (10 requests at 50/s take 0.2 s), not one after another (10 × 1.5 s).
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isLessThan(1_000.0);
    }

    @Test
    void aRequestThatWaitedForASlotCountsTheWait() {
        BenchmarkResult r = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("slow")
                .pattern(LoadPattern.CONSTANT_RATE).rate(40).concurrency(1).iterations(8).warmup(0).build())
                .benchmarks().get(0);

        // Each request takes >= 100 ms but they are meant to go every 25 ms: they queue for the one slot.
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isGreaterThan(300.0);
        assertThat(r.metric(Metric.RESPONSE_TIME).max()).isGreaterThan(r.metric(Metric.E2E).max() + 300);
        assertThat(r.metric(Metric.USER_TTFT).p50()).isGreaterThan(r.metric(Metric.TTFT).p50());
    }

    @Test
    void retriesHonourRetryAfterAndRecordEveryAttempt(@TempDir Path dir) throws Exception {
        RunResult run = SimulatorRuns.run(sim, with("lens.retries", "1").toBuilder().outputDirectory(dir).build(),
                SimulatorRuns.benchmark("limited").iterations(2).warmup(0).build());

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().attempted()).isEqualTo(2); // the outcome is counted once
        assertThat(r.reliability().errors()).containsOnlyKeys(ErrorClass.RATE_LIMITED);
        List<JsonNode> measured = Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME)).stream()
                .map(LoadPatternsTest::json).filter(n -> n.get("phase").asText().equals("measured")).toList();
        assertThat(measured).extracting(n -> n.get("index").asInt() + "/" + n.get("attempt").asInt())
                .containsExactlyInAnyOrder("0/0", "0/1", "1/0", "1/1");
        // The second attempt waited for the provider's Retry-After of 1 s: it counts in the response time.
        assertThat(measured).filteredOn(n -> n.get("attempt").asInt() == 1)
                .allSatisfy(n -> assertThat(n.at("/offsetsMs/send").asDouble()).isGreaterThanOrEqualTo(1_000));
    }

    @Test
    void goodputCountsRequestsThatMetTheSla() {
        BenchmarkResult loose = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("quick")
                .iterations(5).warmup(0).sla(SlaSpec.none().withTtftP95Ms(10_000)).build()).benchmarks().get(0);
        assertThat(loose.goodput().defined()).isTrue();
        assertThat(loose.goodput().good()).isEqualTo(5);
        assertThat(loose.goodput().goodFraction()).isEqualTo(1.0);

        BenchmarkResult strict = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("quick")
                .iterations(5).warmup(0).sla(SlaSpec.none().withTtftP95Ms(0.001)).build()).benchmarks().get(0);
        assertThat(strict.goodput().good()).isZero();
        assertThat(SlaCheck.violations(strict)).isNotEmpty();
    }

    @Test
    void theSelfCheckFlagsAClientThatFellBehindAndNothingElse() {
        Histogram late = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            late.recordValue(i < 40 ? 100_000 : 20_000_000); // most requests dispatched 20 ms late
        }
        LoadCheck starved = new SelfMonitor().finish(OptionalDouble.of(800), 800, 0, late);
        assertThat(starved.clientLimited()).isTrue();
        assertThat(starved.reasons()).anySatisfy(r -> assertThat(r).contains("p99 dispatch lag")
                .contains("800.0 req/s"));

        Histogram hiccup = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            hiccup.recordValue(i < 99 ? 100_000 : 40_000_000); // one stall of a shared machine
        }
        assertThat(new SelfMonitor().finish(OptionalDouble.of(800), 800, 0, hiccup).reasons())
                .noneSatisfy(r -> assertThat(r).contains("dispatch lag"));

        BenchmarkResult normal = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("quick")
                .pattern(LoadPattern.POISSON).rate(40).concurrency(4).iterations(40).warmup(0).build())
                .benchmarks().get(0);
        assertThat(normal.load().reasons()).as(normal.load().reasons().toString())
                .noneSatisfy(r -> assertThat(r).contains("dispatch lag"));
    }

    @Test
    void aDurationReplacesTheCount() {
        BenchmarkResult r = SimulatorRuns.run(sim, with("lens.duration", "400ms"), SimulatorRuns.benchmark("quick")
                .pattern(LoadPattern.CONSTANT_RATE).rate(50).concurrency(4).iterations(1).warmup(0).build())
                .benchmarks().get(0);
        assertThat(r.reliability().attempted()).isBetween(15L, 21L); // 400 ms at 50/s = 20 intended sends
    }

    @Test
    void aCooldownKeepsTheLoadOnAndIsNotMeasured(@TempDir Path dir) throws Exception {
        BenchmarkResult r = SimulatorRuns.run(sim, with("lens.cooldownDuration", "300ms").toBuilder().outputDirectory(dir).build(),
                SimulatorRuns.benchmark("quick").pattern(LoadPattern.CONSTANT_RATE).rate(50).concurrency(4)
                        .iterations(10).warmup(0).build()).benchmarks().get(0);

        assertThat(r.reliability().attempted()).isEqualTo(10);
        long cooldown = Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME)).stream().map(LoadPatternsTest::json)
                .filter(n -> n.get("phase").asText().equals("cooldown")).count();
        assertThat(cooldown).isBetween(10L, 20L); // 300 ms at 50/s = 15 intended sends
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
