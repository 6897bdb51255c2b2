package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the results model read back to what was written: {@code results.json} through {@link ResultJson}
 * (every field of every result: the record equality of {@link RunResult} compares them all) and
 * {@code requests.jsonl} through {@link RequestLogReader}, for real runs against the simulator and for hand-made
 * results that set what a short real run leaves empty.
 */
class ResultFilesRoundTripTest {

    @Test
    void aRealRunReadsBackEqualToWhatWasWritten(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.realRun().run();
        assertThat(run.benchmarks()).anySatisfy(b -> assertThat(b.slaViolations()).isNotEmpty())
                .anySatisfy(b -> assertThat(b.reliability().errors()).isNotEmpty());

        Path file = ResultJson.write(run, dir);

        assertThat(ResultJson.read(file)).isEqualTo(run);
    }

    @Test
    void aSweepReadsBackWithItsStepsAndCapacity(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.sweepRun().run();
        assertThat(run.benchmarks().get(run.benchmarks().size() - 1).sweepStep().orElseThrow().capacityAtSlo())
                .isPresent();

        RunResult read = ResultJson.read(ResultJson.write(run, dir));

        assertThat(read).isEqualTo(run);
        assertThat(read.benchmarks()).extracting(BenchmarkResult::id)
                .containsExactly("s.sync", "s.max", "s.poisson-1", "s.poisson-2");
    }

    @Test
    void everyOptionalPartReadsBack(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", "gpt-4o-mini").name("hand \"made\" <x>")
                .iterations(3).warmup(0).temperature(0.3).tags("t1", "t2")
                .sla(SlaSpec.none().withTtftP95Ms(5).withMaxErrorRate(0.01)).build();
        BenchmarkResult base = ReportFixtures.result("hand", ms(10, 12, 14), ms(20, 22, 24), 4, 3,
                Map.of(ErrorClass.RATE_LIMITED, new BenchmarkResult.Errors(1, List.of("429: slow down"))));
        LoadCheck load = new LoadCheck(OptionalDouble.of(20), 19.5, 7, OptionalDouble.of(1.5), 12, 80, true,
                List.of("p99 dispatch lag 1.5 ms"));
        BenchmarkResult hand = base.toBuilder().descriptor(d).goodput(new Goodput(true, 2, 2.0 / 3, 1.5))
                .load(load).cost(ReportFixtures.knownCost(4, 3)).runCost(ReportFixtures.knownCost(9, 7))
                .warning("not warmed up: raise warmup").partial(true).build();
        BenchmarkResult unknown = ReportFixtures.with(base, Goodput.undefined(), LoadCheck.none(),
                ReportFixtures.unknownCost(4, 3));
        BenchmarkResult last = ReportFixtures.last(ReportFixtures.step("sw", 2, 1.5, 1.4, SlaSpec.none()
                .withTtftP95Ms(100), 10, 20), OptionalDouble.of(1.4));
        RunResult run = ReportFixtures.runOf(true, hand, unknown, last);
        assertThat(hand.slaViolations()).as("judged when built").hasSize(2);

        assertThat(ResultJson.read(ResultJson.write(run, dir))).isEqualTo(run);
    }

    @Test
    void aFileThatIsNotResultsIsRefusedByName(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"benchmarks\":[{\"id\":\"x\"}]}");

        assertThatThrownBy(() -> ResultJson.read(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.json");
    }

    @Test
    void theRequestLogStreamsBackLineForLine() throws Exception {
        Path file = ReportFixtures.realRun().requestsJsonl();
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        List<RequestRecord> read = new ArrayList<>();
        try (RequestLogReader reader = RequestLogReader.open(file)) {
            for (Optional<RequestRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                read.add(r.get());
            }
            assertThat(reader.truncated()).isFalse();
        }

        assertThat(read).hasSameSizeAs(lines).hasSizeGreaterThan(360); // 2 benchmarks: 360 measured, plus the rest
        for (int i = 0; i < lines.size(); i++) {
            assertThat(RequestLogWriter.toJson(read.get(i))).as("line %d", i + 1).isEqualTo(lines.get(i));
        }
    }

    @Test
    void aLineCutShortAtTheEndIsSkippedAndSaid(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(ReportFixtures.realRun().requestsJsonl()).subList(0, 3);
        Path cut = Files.writeString(dir.resolve("requests.jsonl"), lines.get(0) + "\n" + lines.get(1) + "\n"
                + lines.get(2).substring(0, lines.get(2).length() / 2));

        try (RequestLogReader reader = RequestLogReader.open(cut)) {
            assertThat(reader.next()).isPresent();
            assertThat(reader.next()).isPresent();
            assertThat(reader.next()).isEmpty();
            assertThat(reader.truncated()).isTrue();
        }
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"not\":\"a request\"}\n" + lines.get(0));
        try (RequestLogReader reader = RequestLogReader.open(broken)) {
            assertThatThrownBy(reader::next).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("broken.jsonl:1");
        }
    }
}
