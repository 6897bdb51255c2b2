package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.report.ConsoleTable;
import dev.latencylens.internal.report.CsvReport;
import dev.latencylens.internal.report.MarkdownReport;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The totals of a result tell the whole truth (issue 10, point 3): the cost of everything billed beside the measured
 * phase's, requests a duration-bound open loop never sent counted as dropped, and the achieved rate of a steady
 * schedule read as that schedule.
 */
class HonestTotalsTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(5).build().start();
        // sim-instant has a (fictional) price, so its cost is known.
        sim.register("sim-instant", SimulatorRuns.scripted(5, 1, 10).build());
        // Half a second an answer: 100 ms to the first token, then 40 tokens 10 ms apart.
        sim.register("half-second", SimulatorRuns.scripted(100, 10, 40).build());
        sim.register("slow", SimulatorRuns.scripted(200, 1, 2).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RunOptions with(Path dir, String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return RunOptions.builder().load(LoadOptions.from(p)).outputDirectory(dir).build();
    }

    @Test
    void theRunCostPricesTheColdProbeTheWarmupAndTheCooldownBesideTheMeasuredPhase(@TempDir Path dir)
            throws Exception {
        BenchmarkResult r = SimulatorRuns.run(sim, with(dir, "lens.cooldown", "2"), SimulatorRuns
                .benchmark("sim-instant").iterations(5).warmup(3).build()).benchmarks().get(0);

        Map<Phase, Long> billed = new EnumMap<>(Phase.class);
        try (RequestLogReader log = RequestLogReader.open(dir.resolve(RequestLogWriter.FILE_NAME))) {
            for (Optional<RequestRecord> line = log.next(); line.isPresent(); line = log.next()) {
                billed.merge(line.get().phase(), 1L, Long::sum);
            }
        }
        assertThat(billed).containsEntry(Phase.COLD, 1L).containsEntry(Phase.WARMUP, 3L)
                .containsEntry(Phase.MEASURED, 5L).containsEntry(Phase.COOLDOWN, 2L);
        assertThat(r.cost().requests()).isEqualTo(5);
        assertThat(r.runCost().requests()).as("cold probe, warmup, measured and cooldown").isEqualTo(11);
        assertThat(r.runCost().total().orElseThrow()).isGreaterThan(r.cost().total().orElseThrow());
        // Every request has the same 10 output tokens and about the same prompt: 11 / 5 of the measured cost.
        assertThat(r.runCost().total().orElseThrow().doubleValue() / r.cost().total().orElseThrow().doubleValue())
                .isBetween(2.0, 2.4);

        assertThat(Files.readString(dir.resolve(MarkdownReport.FILE_NAME))).contains("Run cost");
        assertThat(Files.readString(dir.resolve(CsvReport.FILE_NAME)).lines().findFirst().orElseThrow())
                .contains("runCostTotal");
    }

    @Test
    void aDurationBoundOpenLoopCountsTheRequestsItNeverSentAsDropped(@TempDir Path dir) throws Exception {
        // 50 req/s for one second, one slot, 200 ms an answer: about 5 are sent, about 45 were due and never sent.
        RunResult run = SimulatorRuns.run(sim, with(dir, "lens.duration", "1s"), SimulatorRuns.benchmark("slow")
                .pattern(LoadPattern.CONSTANT_RATE).rate(50).concurrency(1).warmup(0).build());
        BenchmarkResult r = run.benchmarks().get(0);

        assertThat(r.load().dropped()).as("due before the deadline, never sent").isGreaterThan(30);
        assertThat(r.reliability().attempted() + r.load().dropped()).as("every request due in one second at 50/s")
                .isBetween(45L, 52L);
        assertThat(ConsoleTable.render(run)).contains("DROPPED " + r.descriptor().name());
        assertThat(Files.readString(dir.resolve(MarkdownReport.FILE_NAME))).contains("**dropped: ");
    }

    @Test
    void theAchievedRateOfASteadyScheduleReadsAsItsRate(@TempDir Path dir) throws Exception {
        // 40 sends at 20/s span 1.95 s; the last answer comes half a second after the last send. Counting to the
        // last answer would read 40 / 2.45 s = 16.3 req/s; from first send to last send it reads 39 / 1.95 s = 20.
        BenchmarkResult r = SimulatorRuns.run(sim, with(dir), SimulatorRuns.benchmark("half-second")
                .pattern(LoadPattern.CONSTANT_RATE).rate(20).concurrency(16).iterations(40).warmup(0).build())
                .benchmarks().get(0);

        assertThat(r.reliability().succeeded()).isEqualTo(40);
        assertThat(r.load().targetRate()).hasValue(20);
        assertThat(r.load().achievedRate()).as("a loose bound: sends on a shared machine may be a little late")
                .isBetween(18.0, 22.0);
    }
}
