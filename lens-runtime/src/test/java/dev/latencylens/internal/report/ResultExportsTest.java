package dev.latencylens.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The hook that runs the exporters: what it runs, what it says, and that nothing it does can fail a run. */
class ResultExportsTest {

    private static final RunResult RUN = new RunResult(new RunResult.Environment("t", "jvm", "os", 2, "host"),
            Instant.EPOCH, Instant.EPOCH, List.of(), false);

    private static ResultExporter exporter(String property, ThrowingExport body) {
        return new ResultExporter() {
            @Override
            public String name() {
                return "Test " + property;
            }

            @Override
            public String property() {
                return property;
            }

            @Override
            public String export(Request request) throws Exception {
                return body.run(request);
            }
        };
    }

    interface ThrowingExport {
        String run(ResultExporter.Request request) throws Exception;
    }

    private static List<String> run(Map<String, String> settings, List<ResultExporter> exporters, Duration deadline) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultExports.run(RUN, Optional.empty(), settings, Map.of(), new PrintStream(out, true,
                StandardCharsets.UTF_8), exporters, deadline);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void nothingHappensUnlessAnExportIsAskedFor() {
        assertThat(run(Map.of("lens.simulate", "true", "lens.export.timeout.requestMs", "5"),
                List.of(exporter("lens.export.a", r -> {
                    throw new AssertionError("must not run");
                })), Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void successFailureAndAMissingModuleAreOneLineEach() {
        List<String> lines = run(Map.of("lens.export.a", "http://u:pw@host-a:1234/x?p=pw",
                        "lens.export.b", "https://host-b/y", "lens.export.c", "http://c"),
                List.of(exporter("lens.export.a", r -> "3 things to " + r.target().getHost()),
                        exporter("lens.export.b", r -> {
                            throw new java.io.IOException("Connection refused");
                        })), Duration.ofSeconds(5));
        assertThat(lines).containsExactly(
                "[lens] WARNING lens.export.c is set, but no exporter answers to it; known: [lens.export.a,"
                        + " lens.export.b]",
                "[lens] exported to Test lens.export.a at http://host-a:1234/x: 3 things to host-a",
                "[lens] WARNING export to Test lens.export.b at https://host-b/y failed: IOException (Connection"
                        + " refused); the reports on disk are the record");
        assertThat(run(Map.of("lens.export.a", "http://a"), List.of(), Duration.ofSeconds(1))).singleElement()
                .asString().contains("dev.latencylens:lens-export is not on the class path");
    }

    @Test
    void aValueThatIsNoUrlIsNamedWithoutBeingShown() {
        assertThat(run(Map.of("lens.export.influxdb", "influx:secret"), List.of(exporter("lens.export.influxdb",
                r -> "sent")), Duration.ofSeconds(1))).singleElement().asString()
                .contains("lens.export.influxdb must be an http:// or https:// URL such as"
                        + " http://localhost:8086/write?db=lens").doesNotContain("secret");
    }

    @Test
    void anExportThatHangsIsAbandonedAtTheDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        List<String> lines = run(Map.of("lens.export.a", "http://a"), List.of(exporter("lens.export.a", r -> {
            never.await();
            return "unreachable";
        })), Duration.ofMillis(200));
        assertThat(lines).containsExactly("[lens] WARNING export to Test lens.export.a at http://a did not finish"
                + " within 200 ms and was abandoned; the reports on disk are the record");
    }
}
