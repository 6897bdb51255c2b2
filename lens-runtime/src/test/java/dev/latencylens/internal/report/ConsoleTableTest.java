package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTableTest {

    @Test
    void aSweepShowsAsOneHeaderRowAndAnIndentedRowPerStepWithItsAchievedRate() {
        RunResult run = ReportFixtures.sweepRun().run();
        String table = ConsoleTable.render(run);
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0)).startsWith("Benchmark").contains("  Req/s  ").contains("  Cost  ")
                .endsWith("Run cost");
        assertThat(lines.get(1)).startsWith("s ").contains("simulated/sim-instant").contains("SWEEP, 4 steps");
        List<String> steps = lines.subList(2, 6);
        assertThat(steps.get(0)).startsWith("  [sync] ").contains("SEQUENTIAL");
        assertThat(steps.get(1)).startsWith("  [max] ").contains("CONCURRENT");
        assertThat(steps.subList(2, 4)).allSatisfy(l -> assertThat(l).matches("  \\[\\d+\\.\\d\\d req/s] .*")
                .contains("POISSON"));
        for (int i = 0; i < 4; i++) {
            BenchmarkResult r = run.benchmarks().get(i);
            assertThat(steps.get(i)).as("provider shown once, on the sweep's row").doesNotContain("sim-instant")
                    .contains(String.format(Locale.ROOT, "%.2f", r.throughput().requestsPerSecond()))
                    .contains("USD " + ReportViews.amount(r.cost().total().orElseThrow()))
                    .endsWith("USD " + ReportViews.amount(r.runCost().total().orElseThrow()));
        }
        // Columns line up: the Req/s column ends where its header ends.
        int reqEnd = lines.get(0).indexOf("Req/s") + "Req/s".length();
        assertThat(steps).allSatisfy(l -> assertThat(l.charAt(reqEnd - 1)).isBetween('0', '9'));
        assertThat(lines.stream().filter(l -> l.startsWith("SWEEP s: capacity at SLO "))).hasSize(1);
        long limited = run.benchmarks().stream().filter(b -> b.load().clientLimited()).count();
        assertThat(lines.stream().filter(l -> l.startsWith("CLIENT-LIMITED: "))).hasSize((int) limited);
    }

    @Test
    void aClientLimitedBenchmarkGetsOneLineWithItsReasons() {
        BenchmarkResult ok = ReportFixtures.result("steady", ms(10, 12), ms(20, 22), 2, 2, Map.of());
        BenchmarkResult limited = ReportFixtures.with(ReportFixtures.result("burst", ms(10, 12), ms(20, 22), 2, 2,
                        Map.of()), Goodput.undefined(),
                ReportFixtures.clientLimited(50, 31, "p99 dispatch lag 12.5 ms: the client could not keep up with 50.0"
                        + " req/s", "the client used 95% of all CPU cores"), ReportFixtures.knownCost(2, 2));
        String table = ConsoleTable.render(ReportFixtures.runOf(false, ok, limited));

        assertThat(table.lines().filter(l -> l.startsWith("CLIENT-LIMITED: ")).toList()).containsExactly(
                "CLIENT-LIMITED: p99 dispatch lag 12.5 ms: the client could not keep up with 50.0 req/s; the client"
                        + " used 95% of all CPU cores (burst)");
        assertThat(table).doesNotContain("SWEEP ");
        String steadyRow = table.lines().filter(l -> l.startsWith("steady ")).findFirst().orElseThrow();
        assertThat(steadyRow).contains("openai/gpt-4o-mini").matches(".* unknown +unknown"); // cost, run cost
        assertThat(table.lines().filter(l -> l.startsWith("burst ")).findFirst().orElseThrow())
                .endsWith("USD 0.0090  USD 0.0090");
    }

    @Test
    void aSweepWithoutTheEnginesCapacityGetsItFromItsSteps() {
        SlaSpec sla = SlaSpec.none().withTtftP95Ms(50);
        RunResult run = ReportFixtures.runOf(true,
                ReportFixtures.step("h", 0, 0, 10, sla, 10, 12, 14),
                ReportFixtures.step("h", 1, 0, 40, sla, 60, 80, 90),
                ReportFixtures.result("user [2.00 req/s] name", ms(5), ms(55), 1, 1, Map.of()));
        String table = ConsoleTable.render(run);

        assertThat(table).contains("SWEEP h: capacity at SLO 10.00 req/s").contains("PARTIAL RUN");
        assertThat(table.lines().filter(l -> l.startsWith("  ["))).hasSize(2);
        assertThat(table).as("not a step: it has no sweep step, whatever its name says")
                .contains("\nuser [2.00 req/s] name ");
    }
}
