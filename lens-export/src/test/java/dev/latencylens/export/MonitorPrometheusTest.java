package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes a running monitor (scrape interval 1 s) and answers queries on its series: the
 * exposition is one a real Prometheus takes, under the exporters' names, with the dashboard's alert query.
 */
class MonitorPrometheusTest {

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheMonitor() throws Exception {
        Path prometheusBinary = LocalServer.binary("prometheus", "prometheus");
        try (Simulator sim = Simulator.builder().seed(3).profile(MonitorHarness.MODEL, MonitorHarness.FAST).build()
                .start();
             Monitor monitor = Monitor.start(MonitorHarness.prober(sim, List.of(MonitorHarness.benchmark(
                     "Monitor.scraped", 1))), MonitorOptions.from(Map.of("lens.monitor.metricsPort", "0",
                     "lens.monitor.interval", "200ms", "lens.monitor.probes", "1",
                     "lens.monitor.hlog", dir.resolve("monitor.hlog").toString())), line -> { })) {
            Thread loop = new Thread(monitor::runUntilStopped, "monitor-under-test");
            loop.start();
            try (LocalServer prometheus = LocalServer.prometheus(prometheusBinary, dir, "lens-monitor",
                    monitor.metricsPort(), false)) {
                JsonNode ttft = prometheus.firstResult("gen_ai_server_time_to_first_token_seconds_count"
                        + "{benchmark=\"Monitor.scraped\"} > 0");
                assertThat(ttft.get("metric").get("job").asText()).isEqualTo("lens-monitor");
                assertThat(ttft.get("metric").get("gen_ai_request_model").asText()).isEqualTo(MonitorHarness.MODEL);
                JsonNode requests = prometheus.firstResult("lens_requests_total{outcome=\"success\"}");
                assertThat(requests.get("metric").get("benchmark").asText()).isEqualTo("Monitor.scraped");
                // The Grafana dashboard's alert panel query, on the monitor's labels.
                JsonNode alert = prometheus.firstResult("max by (benchmark) (lens_alert{benchmark=~\".*\"})");
                assertThat(alert.get("metric").get("benchmark").asText()).isEqualTo("Monitor.scraped");
                assertThat(alert.get("value").get(1).asText()).isEqualTo("0");
            } finally {
                monitor.stop();
                loop.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(loop.isAlive()).isFalse();
        }
    }
}
