package dev.latencylens.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.Workload;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json, as written by a real run against the embedded simulator, validates against the shipped schema. */
public class ResultsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRealRunValidates(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor ok = BenchmarkDescriptor.builder("openai", "sim-instant").name("schema.ok")
                .iterations(3).warmup(1).temperature(0.2).tags("a", "b")
                .sla(SlaSpec.none().withTtftP95Ms(500).withMaxErrorRate(0.1)).build();
        BenchmarkDescriptor failing = BenchmarkDescriptor.builder("simulated", "sim-instant").name("schema.failing")
                .iterations(2).warmup(0).build();
        RunResult run = LatencyLens.run(List.of(
                        LatencyLens.benchmark(ok, it -> ChatRequest.ofUser("hi " + it.index())),
                        LatencyLens.benchmark(failing, it -> {
                            throw new IllegalStateException("no prompt for you");
                        })),
                RunOptions.builder().simulate(true).outputDirectory(dir).build());

        JsonNode written = JSON.readTree(Files.readString(dir.resolve(ResultJson.FILE_NAME)));
        assertThat(validate(written)).isEmpty();
        assertThat(written.get("benchmarks")).hasSize(2);
        assertThat(written.at("/benchmarks/0/metrics/ttft/n").asInt()).isEqualTo(3);
        assertThat(written.at("/benchmarks/0/metrics/ttft/p99").isMissingNode()).isTrue(); // n < 100
        assertThat(written.at("/benchmarks/0/config/sla/ttftP95Ms").asDouble()).isEqualTo(500);
        assertThat(written.at("/benchmarks/1/reliability/errors/CLIENT/count").asInt()).isEqualTo(2);
        assertThat(run.benchmarks().get(1).reliability().succeeded()).isZero();
    }

    @Test
    void aRunOfWorkloadsValidatesAndSaysWhatItSent(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor synthetic = BenchmarkDescriptor.builder("simulated", "sim-instant").name("schema.synthetic")
                .iterations(2).warmup(0).workload(Workload.builder().inputTokens(64).inputStddev(8).outputTokens(16)
                        .prefixTokens(10).build()).build();
        BenchmarkDescriptor trace = BenchmarkDescriptor.builder("simulated", "sim-instant").name("schema.trace")
                .warmup(0).concurrency(2).workload(Workload.builder().trace("classpath:workloads/trace.jsonl")
                        .timeScale(0.1).build()).build();
        LatencyLens.run(List.of(LatencyLens.benchmark(synthetic), LatencyLens.benchmark(trace)),
                RunOptions.builder().simulate(true).outputDirectory(dir).build());

        JsonNode written = JSON.readTree(Files.readString(dir.resolve(ResultJson.FILE_NAME)));
        assertThat(validate(written)).isEmpty();
        assertThat(written.at("/benchmarks/0/config/workload")).isEqualTo(JSON.readTree("{\"kind\": \"synthetic\", "
                + "\"inputTokens\": 64, \"inputStddev\": 8.0, \"outputTokens\": 16, \"prefixTokens\": 10}"));
        assertThat(written.at("/benchmarks/1/pattern").asText()).isEqualTo("TRACE");
        assertThat(written.at("/benchmarks/1/config/iterations").asInt()).isEqualTo(6);
        assertThat(written.at("/benchmarks/1/config/workload")).isEqualTo(JSON.readTree("{\"kind\": \"trace\", "
                + "\"trace\": \"classpath:workloads/trace.jsonl\", \"timeScale\": 0.1}"));
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        JsonNode bad = JSON.readTree("{\"lens\":{},\"partial\":\"no\",\"benchmarks\":[{}]}");
        assertThat(validate(bad)).isNotEmpty();
    }

    public static Set<ValidationMessage> validate(JsonNode node) throws Exception {
        try (InputStream schema = ResultJson.class.getResourceAsStream(ResultJson.SCHEMA_RESOURCE)) {
            assertThat(schema).as("schema resource").isNotNull();
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            return s.validate(node);
        }
    }
}
