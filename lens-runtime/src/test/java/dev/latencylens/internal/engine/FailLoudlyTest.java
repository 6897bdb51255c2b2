package dev.latencylens.internal.engine;

import static dev.latencylens.internal.engine.SimulatorRuns.benchmark;
import static dev.latencylens.internal.engine.SimulatorRuns.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.report.JmhJsonReport;
import dev.latencylens.internal.report.JUnitXmlReport;
import dev.latencylens.results.AllFailed;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Fault;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark none of whose requests succeeded says so, with its cause and the setting to check, in every report,
 * and stays in jmh-result.json; retried 429s are counted.
 */
class FailLoudlyTest {

    @Test
    void aBenchmarkWhoseEveryRequestFailedIsAVerdictInEveryReport(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.builder().seed(3)
                .profile("t-500", scripted(5, 1, 3).faultRate(Fault.HTTP_500, 1.0).build())
                .profile("t-ok", scripted(5, 1, 3).build()).build().start()) {
            RunResult run = SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir),
                    benchmark("t-500").iterations(4).warmup(0).build(), benchmark("t-ok").warmup(0).build());

            BenchmarkResult down = run.benchmarks().get(0);
            assertThat(down.allFailed()).map(AllFailed::message).contains(
                    "all 4 requests failed: 4 × HTTP 500 (server error) — check the simulator profile of the model:"
                            + " its fault rates");
            assertThat(run.benchmarks().get(1).allFailed()).isEmpty();

            // results.json keeps the verdict, and reads it back
            assertThat(ResultJson.read(dir.resolve(ResultJson.FILE_NAME)).benchmarks().get(0).allFailed())
                    .isEqualTo(down.allFailed());
            // jmh-result.json lists it, score unknown, with its error, instead of dropping it from trend charts
            JsonNode jmh = new ObjectMapper().readTree(dir.resolve(JmhJsonReport.FILE_NAME).toFile());
            assertThat(jmh).hasSize(2);
            assertThat(jmh.get(0).at("/primaryMetric/score").asText()).isEqualTo("NaN");
            assertThat(jmh.get(0).get("error").asText()).isEqualTo(down.allFailed().get().message());
            assertThat(jmh.get(1).at("/primaryMetric/score").isNumber()).isTrue();
            // a failure of its own in TEST-lens.xml, not an SLA breach
            assertThat(Files.readString(dir.resolve(JUnitXmlReport.FILE_NAME)))
                    .contains("failures=\"1\"").contains("type=\"NoSuccessfulRequest\"");
            assertThat(Files.readString(dir.resolve("summary.md"))).contains("No request succeeded");
            assertThat(Files.readString(dir.resolve("report.html"))).contains("No request succeeded");
        }
    }

    @Test
    void retried429sAreCountedBesideTheOutcomes(@TempDir Path dir) throws Exception {
        try (Simulator sim = Simulator.builder().seed(11)
                .profile("t-429", scripted(2, 1, 2).faultRate(Fault.HTTP_429, 0.5).retryAfterSeconds(0).build())
                .build().start()) {
            RunOptions options = RunOptions.builder().outputDirectory(dir)
                    .load(LoadOptions.builder().retries(6).retryBackoffMs(1).retryMaxBackoffMs(2).build()).build();
            RunResult run = SimulatorRuns.run(sim, options, benchmark("t-429").iterations(30).warmup(0).build());

            long logged429s = 0;
            try (RequestLogReader log = RequestLogReader.open(dir.resolve(RequestLogWriter.FILE_NAME))) {
                for (Optional<RequestRecord> r = log.next(); r.isPresent(); r = log.next()) {
                    if (r.get().phase() == Phase.MEASURED
                            && r.get().errorClass().filter(c -> c == ErrorClass.RATE_LIMITED).isPresent()) {
                        logged429s++;
                    }
                }
            }
            BenchmarkResult.Reliability reliability = run.benchmarks().get(0).reliability();
            BenchmarkResult.Errors final429s = reliability.errors().get(ErrorClass.RATE_LIMITED);
            // half the attempts get a 429: with 30 requests, retried 429s are certain
            assertThat(logged429s).isGreaterThan(final429s == null ? 0 : final429s.count());
            assertThat(reliability.rateLimitedAttempts()).isEqualTo(logged429s);
            assertThat(ResultJson.read(dir.resolve(ResultJson.FILE_NAME)).benchmarks().get(0).reliability()
                    .rateLimitedAttempts()).isEqualTo(logged429s);
            assertThat(Files.readString(dir.resolve("summary.md"))).contains(logged429s + "×429");
        }
    }
}
