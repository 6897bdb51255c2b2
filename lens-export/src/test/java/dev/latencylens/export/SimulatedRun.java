package dev.latencylens.export;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One real run against the embedded simulator (OpenAI's wire format over loopback), shared by the tests of this
 * module: 40 measured requests of 16 output tokens, 8 at a time, reports in a directory of its own.
 */
final class SimulatedRun {

    static final String BENCHMARK = "Export.chat, with spaces=and,commas";
    static final int REQUESTS = 40;

    private static SimulatedRun shared;

    final RunResult run;
    final Path reports;

    private SimulatedRun(RunResult run, Path reports) {
        this.run = run;
        this.reports = reports;
    }

    static synchronized SimulatedRun get() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("lens-export-run");
                BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", "gpt-4o-mini").name(BENCHMARK)
                        .iterations(REQUESTS).warmup(1).pattern(LoadPattern.CONCURRENT).concurrency(8).maxTokens(16)
                        .build();
                RunResult run = LatencyLens.run(List.of(LatencyLens.benchmark(d,
                                it -> ChatRequest.ofUser("Say something about latency #" + it.index()))),
                        RunOptions.builder().simulate(true).outputDirectory(dir).build());
                shared = new SimulatedRun(run, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    Optional<Path> requestLog() {
        return Optional.of(reports.resolve("requests.jsonl"));
    }

    /** The measured requests' values of one requests.jsonl field (ms), as the run wrote them. */
    List<Double> measured(String field) throws IOException {
        List<Double> values = new ArrayList<>();
        LensResults.forEachRequest(reports.resolve("requests.jsonl"), r -> {
            if (r.phase().equals("measured") && r.fields().get(field) instanceof Double v) {
                values.add(v);
            }
        });
        return values;
    }
}
