package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.internal.report.ResultExports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A target that cannot be reached costs one warning per exporter, naming it and its target without credentials,
 * and the export gives up within its short timeouts: through the runtime's hook, with the exporters it finds on the
 * class path, as a run would.
 */
class ExportFailureTest {

    private static final String SECRET = "hunter2";

    @Test
    void aClosedPortIsOneWarningPerExporter() {
        int port = LocalServer.freePort(); // nothing listens there any more
        List<String> lines = export(port);
        assertWarnings(lines, port);
    }

    @Test
    void aServerThatNeverAnswersIsOneWarningPerExporterWithinTheTimeouts() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            List<String> lines = export(silent.getLocalPort());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertWarnings(lines, silent.getLocalPort());
            assertThat(held).isNotEmpty(); // they did connect, and waited for an answer
            // lens.export.timeout.requestMs=1000 below, the exporters run side by side: far from the 30 s deadline
            assertThat(took).isLessThan(Duration.ofSeconds(ResultExports.DEADLINE_SECONDS));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static List<String> export(int port) {
        String base = "http://lens:" + SECRET + "@127.0.0.1:" + port;
        Map<String, String> settings = Map.of(
                "lens.export.pushgateway", base,
                "lens.export.influxdb", base + "/write?db=lens&u=lens&p=" + SECRET,
                "lens.export.otlp", base,
                "lens.export.timeout.requestMs", "1000",
                "lens.export.timeout.connectMs", "500");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatedRun sim = SimulatedRun.get();
        ResultExports.run(sim.run, Optional.of(sim.reports), settings, Map.of("INFLUX_TOKEN", SECRET),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void assertWarnings(List<String> lines, int port) {
        assertThat(lines).hasSize(3).allMatch(l -> l.startsWith("[lens] WARNING export to "))
                .allMatch(l -> l.endsWith("; the reports on disk are the record"))
                .noneMatch(l -> l.contains(SECRET) || l.contains("lens:"));
        assertThat(lines).anyMatch(l -> l.startsWith("[lens] WARNING export to InfluxDB at http://127.0.0.1:" + port
                + "/write failed: "));
        assertThat(lines).anyMatch(l -> l.startsWith("[lens] WARNING export to OTLP at http://127.0.0.1:" + port
                + " failed: "));
        assertThat(lines).anyMatch(l -> l.startsWith("[lens] WARNING export to Prometheus Pushgateway at"
                + " http://127.0.0.1:" + port + " failed: "));
    }
}
