package dev.latencylens.internal.engine;

import static dev.latencylens.internal.engine.SimulatorRuns.benchmark;
import static dev.latencylens.internal.engine.SimulatorRuns.run;
import static dev.latencylens.internal.engine.SimulatorRuns.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Metric;
import dev.latencylens.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code lens.startAt}: the measured phase starts at the instant; a late shard says so, and its lag shows it. */
class StartAtTest {

    private static Simulator sim;
    private static final BenchmarkDescriptor STEADY = benchmark("start-at").name("start.at")
            .pattern(LoadPattern.CONSTANT_RATE).rate(50).iterations(10).concurrency(4).build();

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(5).build().start();
        sim.register("start-at", scripted(2, 0.5, 4).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static BenchmarkResult runFrom(Instant startAt) {
        return run(sim, RunOptions.builder().startAt(startAt).build(), STEADY).benchmarks().get(0);
    }

    @Test
    void theMeasuredPhaseWaitsForTheInstant() {
        Instant at = Instant.now().plusSeconds(2);
        BenchmarkResult r = runFrom(at);
        // The first measured send is at the instant or after it (the clocks' readings differ by microseconds).
        assertThat(r.throughput().firstSend()).hasValueSatisfying(first ->
                assertThat(first).isAfterOrEqualTo(at.minusMillis(5)));
        assertThat(r.warnings()).noneMatch(w -> w.contains("lens.startAt"));
        assertThat(r.reliability().succeeded()).isEqualTo(10);
    }

    @Test
    void aLateShardKeepsTheInstantAsItsScheduleStartAndSaysSo() {
        BenchmarkResult r = runFrom(Instant.now().minusSeconds(2));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("after lens.startAt")
                .contains("schedule lag"));
        // The first requests were due two seconds before the phase began: sent at once, their lag shows it.
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isGreaterThan(1_000);
    }

    @Test
    void anInstantLongPastStartsNowWithAWarning() {
        BenchmarkResult r = runFrom(Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("had passed by")
                .contains("not together with the other shards"));
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isLessThan(1_000); // no minute of overdue requests
        assertThat(r.reliability().succeeded()).isEqualTo(10);
    }
}
