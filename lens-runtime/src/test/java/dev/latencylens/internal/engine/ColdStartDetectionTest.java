package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator adds a penalty to the first request on a new connection; the cold probe must see it. */
class ColdStartDetectionTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(5).build().start();
        // TTFT 100 ms: the rule's 1.5 x p50 margin (50 ms) is far above the scheduling noise of a shared machine.
        sim.register("cold", SimulatorRuns.scripted(100, 1, 5).coldStart(Dist.fixed(400)).build());
        sim.register("warm", SimulatorRuns.scripted(100, 1, 5).build());
        // The JVM's own first request (class loading of the HTTP and JSON stacks) is a client cold start that
        // would blur the simulator's: pay it once here.
        SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("warm").iterations(3).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aColdStartIsDetectedAndSized() {
        ColdStart c = SimulatorRuns.run(sim, RunOptions.defaults(),
                SimulatorRuns.benchmark("cold").iterations(10).warmup(1).build()).benchmarks().get(0).coldStart();

        assertThat(c.probed()).isTrue();
        assertThat(c.connectionReused()).isFalse();
        assertThat(c.connectMs()).isPresent();
        assertThat(c.detected()).as(c.verdict()).isTrue();
        assertThat(c.penaltyMs().getAsDouble()).isBetween(350.0, 2_000.0);
        assertThat(c.verdict()).startsWith("cold start of +");
    }

    @Test
    void theClientWarmUpGoesToAPrivateSimulatorNeverToTheRunsOwn() {
        long before = sim.groundTruth().recorded();
        RunResult run = SimulatorRuns.run(sim, RunOptions.builder().simulate(true).build(),
                SimulatorRuns.benchmark("warm").iterations(6).warmup(2).build(),
                BenchmarkDescriptor.builder("anthropic", "warm").name("anthropic.warm").iterations(6).warmup(2)
                        .build());

        assertThat(run.environment().clientWarmUpRequests()).as("two wire formats")
                .isEqualTo(2 * ClientWarmUp.REQUESTS_PER_FORMAT);
        assertThat(run.environment().clientWarmUpMs()).isPositive();
        // The run's simulator saw exactly the runs' requests: per benchmark, the probe, the warmup, the measured.
        assertThat(sim.groundTruth().recorded() - before).isEqualTo(2 * (1 + 2 + 6));
        assertThat(run.benchmarks()).allSatisfy(r -> assertThat(r.coldStart().connectionReused()).isFalse());
    }

    @Test
    void noColdStartIsReportedWhenThereIsNone() {
        ColdStart c = SimulatorRuns.run(sim, RunOptions.defaults(),
                SimulatorRuns.benchmark("warm").iterations(10).warmup(1).build()).benchmarks().get(0).coldStart();

        assertThat(c.probed()).isTrue();
        assertThat(c.connectionReused()).isFalse();
        assertThat(c.detected()).as(c.verdict()).isFalse();
        assertThat(c.penaltyMs()).isEmpty();
        assertThat(c.verdict()).startsWith("no cold start");
    }
}
