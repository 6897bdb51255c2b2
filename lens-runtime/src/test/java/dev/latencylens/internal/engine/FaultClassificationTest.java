package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.api.RunOptions;
import dev.latencylens.simulator.Fault;
import dev.latencylens.simulator.Simulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every fault the simulator injects is classified into the right error class, and the run completes. */
class FaultClassificationTest {

    private static final Map<Fault, ErrorClass> EXPECTED = Map.of(
            Fault.HTTP_429, ErrorClass.RATE_LIMITED,
            Fault.HTTP_500, ErrorClass.HTTP_5XX,
            Fault.HTTP_503, ErrorClass.HTTP_5XX,
            Fault.DROP_MID_STREAM, ErrorClass.CONNECTION,
            Fault.STALL, ErrorClass.TIMEOUT,
            Fault.MALFORMED_EVENT, ErrorClass.PROTOCOL);

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(11).build().start();
        for (Fault fault : EXPECTED.keySet()) {
            sim.register("fault-" + fault, SimulatorRuns.scripted(5, 1, 20).faultRate(fault, 1.0)
                    .stall(Duration.ofSeconds(30)).build());
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void faultIsClassified(Fault fault) {
        BenchmarkResult r = SimulatorRuns.run(sim, RunOptions.defaults(), SimulatorRuns.benchmark("fault-" + fault)
                .iterations(3).warmup(0).timeoutMs(400).build()).benchmarks().get(0);

        assertThat(r.reliability().attempted()).isEqualTo(3);
        assertThat(r.reliability().succeeded()).isZero();
        assertThat(r.reliability().errors()).containsOnlyKeys(EXPECTED.get(fault));
        BenchmarkResult.Errors errors = r.reliability().errors().get(EXPECTED.get(fault));
        assertThat(errors.count()).isEqualTo(3);
        assertThat(errors.examples()).isNotEmpty().allSatisfy(m -> assertThat(m).isNotBlank());
        if (fault == Fault.HTTP_429) {
            assertThat(errors.examples().get(0)).contains("HTTP 429").contains("Rate limit").contains("retry-after");
        }
        assertThat(r.partial()).isFalse();
    }
}
