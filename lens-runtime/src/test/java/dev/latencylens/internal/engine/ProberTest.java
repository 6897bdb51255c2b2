package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam {@code lens monitor} probes through: single requests on demand, through the run's own sender and
 * executor, each handed back as its record with the figures the simulator's ground truth bounds; the benchmark's
 * instance set up once and torn down on close; configuration failing as a run's does, before any request.
 */
class ProberTest {

    private static Simulator sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(5).build().start();
        sim.register("probed", SimulatorRuns.scripted(30, 2, 6).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void eachProbeIsOneMeasuredRequestWithTheRunsFigures() throws Exception {
        List<String> calls = new ArrayList<>();
        BenchmarkDescriptor d = SimulatorRuns.benchmark("probed").name("probe.me").build();
        long before = sim.groundTruth().recorded();
        try (Prober prober = Prober.open(List.of(new Recording(d, calls)),
                RunOptions.builder().outputDirectory(dir).build(), ProviderRegistry.load(getClass().getClassLoader()),
                ProviderSettings.of(Map.of(), Map.of()), sim)) {
            assertThat(prober.benchmarks()).containsExactly(d);
            for (int i = 0; i < 3; i++) {
                RequestRecord r = prober.send(0, i);
                assertThat(r.success()).as(r.toString()).isTrue();
                assertThat(r.benchmark()).isEqualTo("probe.me");
                assertThat(r.phase()).isEqualTo(Phase.MEASURED);
                assertThat(r.index()).isEqualTo(i);
                ServedRequest truth = sim.groundTruth().await(r.requestId().orElseThrow(), Duration.ofSeconds(10))
                        .orElseThrow();
                // Measured TTFT is the wire TTFT plus transport, never less; to the microsecond of the record.
                assertThat(r.ttftMs().orElseThrow()).isGreaterThanOrEqualTo(truth.wireTtftNanos() / 1e6 - 0.001);
                assertThat(r.e2eMs().orElseThrow()).isGreaterThan(r.ttftMs().orElseThrow());
                assertThat(r.tokens().output()).isEqualTo(truth.outputTokens());
            }
            assertThat(calls).containsExactly("new", "setup", "request 0", "request 1", "request 2");
        }
        assertThat(calls).endsWith("teardown");
        assertThat(sim.groundTruth().recorded() - before).isEqualTo(3);
        try (var files = Files.list(dir)) {
            assertThat(files).as("a prober writes no requests.jsonl").isEmpty();
        }
    }

    @Test
    void aRefusedConnectionIsARecordNotAnException() {
        int port;
        try (Simulator closed = Simulator.builder().build().start()) {
            port = closed.port();
        }
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", "gpt-4o-mini").name("down").build();
        try (Prober prober = Prober.open(List.of(SimulatorRuns.harness(d)), RunOptions.defaults(),
                ProviderRegistry.load(getClass().getClassLoader()), ProviderSettings.of(Map.of(), Map.of(
                        "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", "http://127.0.0.1:" + port + "/v1")), null)) {
            RequestRecord r = prober.send(0, 0);
            assertThat(r.success()).isFalse();
            assertThat(r.errorClass()).hasValue(ErrorClass.CONNECTION);
        }
    }

    @Test
    void configurationFailsBeforeAnyRequest() {
        long before = sim.groundTruth().recorded();
        BenchmarkDescriptor unknown = BenchmarkDescriptor.builder("no-such-provider", "m").name("x").build();
        assertThatThrownBy(() -> Prober.open(List.of(SimulatorRuns.harness(unknown)), RunOptions.defaults(),
                ProviderRegistry.load(getClass().getClassLoader()), ProviderSettings.of(Map.of(), Map.of()), sim))
                .hasMessageContaining("no-such-provider");
        List<String> calls = new ArrayList<>();
        BenchmarkDescriptor d = SimulatorRuns.benchmark("probed").name("fails.setup").build();
        assertThatThrownBy(() -> Prober.open(List.of(new Recording(d, calls) {
            @Override
            public void setup(Object instance) {
                throw new IllegalStateException("no fixtures");
            }
        }), RunOptions.defaults(), ProviderRegistry.load(getClass().getClassLoader()),
                ProviderSettings.of(Map.of(), Map.of()), sim))
                .hasMessage("could not set up benchmark fails.setup: java.lang.IllegalStateException: no fixtures");
        assertThat(calls).containsExactly("new", "teardown");
        assertThat(sim.groundTruth().recorded()).isEqualTo(before);
    }

    /** A harness that notes each lifecycle call. */
    private static class Recording implements BenchmarkHarness {
        private final BenchmarkDescriptor descriptor;
        private final List<String> calls;

        Recording(BenchmarkDescriptor descriptor, List<String> calls) {
            this.descriptor = descriptor;
            this.calls = calls;
        }

        @Override
        public BenchmarkDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public Object newInstance() {
            calls.add("new");
            return new Object();
        }

        @Override
        public void setup(Object instance) {
            calls.add("setup");
        }

        @Override
        public ChatRequest request(Object instance, Iteration iteration) {
            calls.add("request " + iteration.index());
            return ChatRequest.ofUser("probe " + iteration.index());
        }

        @Override
        public void tearDown(Object instance) {
            calls.add("teardown");
        }
    }
}
