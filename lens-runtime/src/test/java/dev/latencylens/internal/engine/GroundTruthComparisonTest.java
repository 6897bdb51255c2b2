package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.Endpoint;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the client measured against what the simulator really did, request by request. Client and simulator share
 * one JVM, so their {@code System.nanoTime()} stamps are comparable: causality must hold exactly.
 */
class GroundTruthComparisonTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(3).build().start();
        sim.register("truth", SimulatorRuns.scripted(20, 2, 30).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void everyClientStampFollowsTheWireEventItStamps() throws Exception {
        BenchmarkDescriptor d = SimulatorRuns.benchmark("truth").build();
        OkHttpClient client = new OkHttpClient.Builder().eventListenerFactory(TraceEventListener.FACTORY)
                .retryOnConnectionFailure(false).build();
        RequestExecutor executor = new RequestExecutor(client,
                ProviderRegistry.load(getClass().getClassLoader()).get("simulated"),
                new Endpoint(java.net.URI.create(sim.baseUrl()), Optional.empty()), d);
        try {
            for (int i = 0; i < 15; i++) {
                RequestTrace t = new RequestTrace(Phase.MEASURED, i, System.nanoTime(), false);
                executor.execute(ChatRequest.ofUser("hello " + i), t);

                assertThat(t.succeeded()).as("request %d: %s", i, t.errorMessage()).isTrue();
                ServedRequest truth = sim.groundTruth().await(t.requestId(), Duration.ofSeconds(10)).orElseThrow();
                assertThat(t.sendNanos()).isLessThanOrEqualTo(truth.arrivalNanos());
                assertThat(t.contentEvents()).isEqualTo(truth.contentEvents());
                long[] written = truth.contentWrittenNanos();
                for (int e = 0; e < written.length; e++) {
                    assertThat(t.contentStamp(e)).as("event %d of request %d", e, i)
                            .isGreaterThanOrEqualTo(written[e]);
                }
                // Measured TTFT includes the wire TTFT plus transport and client overhead, never less.
                assertThat(t.ttftNanos()).isGreaterThanOrEqualTo(truth.wireTtftNanos());
                assertThat(t.outputTokens()).isEqualTo(truth.outputTokens());
                assertThat(i == 0 ? !t.connectionReused() : t.connectionReused()).isTrue();
            }
        } finally {
            client.connectionPool().evictAll();
        }
    }
}
