package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.LoadOptions;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PooledClientsTest {

    @Test
    void aPoolPerSixtyFourStreamsAndEachThreadAlwaysTheSame() throws InterruptedException {
        OkHttpClient base = RunEngine.newClient(130, LoadOptions.defaults());
        PooledClients clients = PooledClients.forStreams(base, 130);
        assertThat(clients.pools()).isEqualTo(3);
        assertThat(clients.first()).isSameAs(base);
        assertThat(PooledClients.forStreams(base, 64).pools()).isEqualTo(1);

        Map<Thread, Set<OkHttpClient>> seen = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[12];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 5; k++) {
                    seen.computeIfAbsent(Thread.currentThread(), t -> ConcurrentHashMap.newKeySet())
                            .add(clients.forCurrentThread());
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        Set<OkHttpClient> used = seen.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(used).hasSize(3); // consecutive thread ids spread over every pool
        assertThat(used.stream().map(OkHttpClient::connectionPool).distinct()).hasSize(3);
        assertThat(used.stream().map(OkHttpClient::dispatcher).distinct()).hasSize(1); // one cancelAll cancels all
    }

    @Test
    void manyStreamsStillReuseOneConnectionEach(@TempDir Path dir) {
        int streams = 150; // three pools
        try (Simulator sim = Simulator.builder().seed(3).build().start()) {
            sim.register("pools", SimulatorRuns.scripted(5, 1, 3).build());
            BenchmarkResult r = SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir),
                    SimulatorRuns.concurrent("pools", streams, streams * 3)).benchmarks().get(0);

            assertThat(r.reliability().succeeded()).isEqualTo(streams * 3);
            // Every measured request after a worker's first found that worker's connection in its pool.
            long connections = sim.groundTruth().records().stream().filter(s -> "pools".equals(s.model()))
                    .map(ServedRequest::connectionId).distinct().count();
            assertThat(connections).isLessThanOrEqualTo(streams + 1L); // + the cold probe's own connection
        }
    }
}
