package dev.latencylens.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: what it reads, and one test per kind of error asserting its message. */
class LensConfigTest {

    private static final Path EXAMPLES = Path.of("../docs/examples");

    @TempDir
    Path dir;

    @Test
    void readsTheReadmeExampleAsWritten() {
        LensConfig config = LensConfig.read(EXAMPLES.resolve("lens.yaml"), Map.of());

        assertThat(config.properties()).containsEntry("lens.openai.baseUrl", "https://api.openai.com/v1");
        List<BenchmarkDescriptor> d = config.benchmarks().stream().map(BenchmarkHarness::descriptor).toList();
        assertThat(d).extracting(BenchmarkDescriptor::name).containsExactly("synthetic-400", "faq", "replay");
        assertThat(d.get(0).iterations()).isEqualTo(20);
        assertThat(d.get(0).warmup()).isEqualTo(1);
        assertThat(d.get(0).maxTokens()).isEqualTo(10);
        assertThat(d.get(0).workload()).hasValue(Workload.builder().inputTokens(400).build());
        Workload faq = d.get(1).workload().orElseThrow();
        assertThat(faq.kind()).isEqualTo(Workload.Kind.DATASET);
        assertThat(Path.of(faq.dataset())).isEqualTo(EXAMPLES.resolve("prompts.jsonl").toAbsolutePath().normalize());
        assertThat(d.get(2).pattern()).isEqualTo(LoadPattern.TRACE);
        assertThat(d.get(2).iterations()).isEqualTo(Integer.MAX_VALUE); // the whole trace, once it is read
    }

    @Test
    void environmentVariablesAndTheirDefaultsAreSubstituted() throws Exception {
        Path file = write("lens.yaml", """
                providers:
                  openai: { baseUrl: "${OPENAI_BASE_URL:-https://api.openai.com/v1}", rpm: 500 }
                benchmarks:
                  - { provider: openai, model: "${MODEL}", prompt: "costs $$5", iterations: "${N:-3}" }
                """);

        LensConfig config = LensConfig.read(file, Map.of("OPENAI_BASE_URL", "http://proxy:8080/v1", "MODEL", "m1"));

        assertThat(config.properties()).containsEntry("lens.openai.baseUrl", "http://proxy:8080/v1")
                .containsEntry("lens.openai.rpm", "500");
        BenchmarkHarness b = config.benchmarks().get(0);
        assertThat(b.descriptor().model()).isEqualTo("m1");
        assertThat(b.descriptor().iterations()).isEqualTo(3);
        assertThat(b.request(null, null)).isEqualTo(ChatRequest.ofUser("costs $5"));
    }

    @Test
    void jsonAndTomlSayTheSameAsEachOther() throws Exception {
        LensConfig json = LensConfig.read(EXAMPLES.resolve("lens.json"), Map.of());
        LensConfig toml = LensConfig.read(EXAMPLES.resolve("lens.toml"), Map.of());

        BenchmarkDescriptor d = json.benchmarks().get(0).descriptor();
        assertThat(toml.benchmarks().get(0).descriptor()).isEqualTo(d);
        assertThat(toml.properties()).isEqualTo(json.properties()).containsEntry("lens.seed", "7")
                .containsEntry("lens.retries", "1");
        assertThat(d.pattern()).isEqualTo(LoadPattern.POISSON);
        assertThat(d.rate()).isEqualTo(4.0);
        assertThat(d.sla().ttftP95Ms()).isEqualTo(OptionalDouble.of(900));
        assertThat(d.tags()).containsExactly("smoke");
        Iteration any = null;
        assertThat(json.benchmarks().get(0).request(null, any)).isEqualTo(ChatRequest.builder()
                .system("You triage support tickets.").user("My invoice is wrong.").build());
    }

    @Test
    void lengthsWrittenAsMapsAndMessages() throws Exception {
        Path file = write("lens.yaml", """
                benchmarks:
                  - provider: vllm
                    model: llama
                    workload:
                      inputTokens: { mean: 400, stddev: 40 }
                      outputTokens: { distribution: uniform, min: 10, max: 20 }
                  - provider: openai
                    model: gpt-4o-mini
                    messages:
                      - { role: system, content: "Be brief." }
                      - { role: user, content: "Hi" }
                      - { role: assistant, content: "Hello!" }
                      - { role: user, content: "Bye" }
                """);

        LensConfig config = LensConfig.read(file, Map.of());

        Workload w = config.benchmarks().get(0).descriptor().workload().orElseThrow();
        assertThat(w.inputTokens()).isEqualTo(400);
        assertThat(w.inputStddev()).isEqualTo(40);
        assertThat(w.outputMin()).isEqualTo(10);
        assertThat(w.outputMax()).isEqualTo(20);
        assertThat(config.benchmarks().get(1).request(null, null)).isEqualTo(ChatRequest.builder().system("Be brief.")
                .user("Hi").assistant("Hello!").user("Bye").build());
        assertThat(config.benchmarks().get(1).descriptor().name()).isEqualTo("gpt-4o-mini@openai");
    }

    @Test
    void aMisspeltKeyNamesTheNearestOne() throws IOException {
        Path file = write("lens.yaml", """
                benchmarks:
                  - provider: openai
                    model: gpt-4o-mini
                    prompt: hi
                    iteration: 20
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("unknown key 'iteration' at lens.yaml:5:5 — did you mean 'iterations'?");
    }

    @Test
    void anUnknownKeyListsTheAllowedOnes() throws IOException {
        Path file = write("lens.yaml", """
                benchmarks:
                  - { provider: openai, model: m, prompt: hi, sla: { latency: 5 } }
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of()))
                .hasMessage("unknown key 'sla.latency' at lens.yaml:2:54; the keys are ttftP50Ms, ttftP95Ms, "
                        + "ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate, minOutputTokensPerSecond");
    }

    @Test
    void anUnknownRunSettingOrProviderSetting() throws IOException {
        Path run = write("run.yaml", """
                run:
                  simulat: true
                benchmarks: [ { provider: openai, model: m, prompt: hi } ]
                """);
        Path key = write("key.yaml", """
                providers:
                  openai: { apiKey: sk-123 }
                benchmarks: [ { provider: openai, model: m, prompt: hi } ]
                """);

        assertThatThrownBy(() -> LensConfig.read(run, Map.of()))
                .hasMessage("unknown run setting 'simulat' at run.yaml:2:3 — did you mean 'simulate'?");
        assertThatThrownBy(() -> LensConfig.read(key, Map.of())).hasMessageStartingWith(
                "unknown provider setting 'apiKey' at key.yaml:2:13; API keys are read from the environment only (e.g."
                        + " OPENAI_API_KEY), never from a file").hasMessageNotContaining("sk-");
    }

    @Test
    void aWrongTypeNamesTheKeyAndWhatItWas() throws IOException {
        Path file = write("lens.yaml", """
                benchmarks:
                  - provider: openai
                    model: gpt-4o-mini
                    prompt: hi
                    iterations: many
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of()))
                .hasMessage("iterations must be a number, was text 'many' at lens.yaml:5:5");
    }

    @Test
    void aRuleOfTheAnnotationNamesTheKeyWhereItIsBroken() throws IOException {
        Path file = write("lens.yaml", """
                benchmarks:
                  - provider: openai
                    model: gpt-4o-mini
                    prompt: hi
                    pattern: sequential
                    concurrency: 4
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of())).hasMessage("concurrency must be 1 for SEQUENTIAL"
                + " (use CONCURRENT for more requests in flight), was 4 at lens.yaml:6:5");
    }

    @Test
    void anOpenLoopPatternWithoutARate() throws IOException {
        Path file = write("lens.toml", """
                [[benchmarks]]
                provider = "openai"
                model = "gpt-4o-mini"
                prompt = "hi"
                pattern = "poisson"
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of())).hasMessage("rate must be above 0 for POISSON, was"
                + " 0.0 at lens.toml");
        // Jackson's TOML parser builds its tree before handing out tokens: no line numbers, the file is named.
    }

    @Test
    void aBadValueOfAWorkloadOrAnSla() throws IOException {
        Path workload = write("w.yaml", """
                benchmarks:
                  - provider: openai
                    model: gpt-4o-mini
                    workload: { inputTokens: 100, prefixTokens: 200 }
                """);
        Path sla = write("s.yaml", """
                benchmarks:
                  - { provider: openai, model: m, prompt: hi, sla: { maxErrorRate: 5 } }
                """);
        Path pattern = write("p.yaml", """
                benchmarks:
                  - { provider: openai, model: m, prompt: hi, pattern: zigzag }
                """);

        assertThatThrownBy(() -> LensConfig.read(workload, Map.of())).hasMessage("prefixTokens must be below the "
                + "shortest input length (100): the prefix is part of each prompt, was 200 at w.yaml:4:35");
        assertThatThrownBy(() -> LensConfig.read(sla, Map.of()))
                .hasMessage("SLA bound maxErrorRate is a share between 0 and 1, was 5.0 at s.yaml:2:54");
        assertThatThrownBy(() -> LensConfig.read(pattern, Map.of())).hasMessage("pattern must be one of sequential,"
                + " concurrent, constant_rate, poisson, burst, ramp, sweep, trace, was 'zigzag' at p.yaml:2:47");
    }

    @Test
    void anUnsetVariableWithoutADefaultNamesItAndTheLine() throws IOException {
        Path file = write("lens.yaml", """
                providers:
                  openai: { baseUrl: "${LENS_TEST_UNSET_URL}" }
                benchmarks: [ { provider: openai, model: m, prompt: hi } ]
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of())).hasMessage("environment variable "
                + "LENS_TEST_UNSET_URL is not set (write ${LENS_TEST_UNSET_URL:-default} to give a default) at "
                + "lens.yaml:2:22");
    }

    @Test
    void missingRequestsOrProviderAndDuplicateNames() throws IOException {
        Path noRequest = write("a.yaml", "benchmarks:\n  - { provider: openai, model: m }\n");
        Path noProvider = write("b.yaml", "benchmarks:\n  - { model: m, prompt: hi }\n");
        Path twice = write("c.yaml", "benchmarks:\n  - { provider: openai, model: m, prompt: a }\n"
                + "  - { provider: openai, model: m, prompt: b }\n");

        assertThatThrownBy(() -> LensConfig.read(noRequest, Map.of())).hasMessage("a benchmark needs its requests:"
                + " write prompt: \"...\", messages: [...], or a workload: {...} at a.yaml:2:5");
        assertThatThrownBy(() -> LensConfig.read(noProvider, Map.of()))
                .hasMessage("missing key 'provider' (e.g. provider: openai) at b.yaml:2:5");
        assertThatThrownBy(() -> LensConfig.read(twice, Map.of()))
                .hasMessage("two benchmarks are named 'm@openai'; give each a unique name at c.yaml:3:5");
    }

    @Test
    void aBadRunValueIsCheckedByTheRunSettingsThemselves() throws IOException {
        Path file = write("lens.yaml", """
                run:
                  seed: forty-two
                benchmarks: [ { provider: openai, model: m, prompt: hi } ]
                """);

        assertThatThrownBy(() -> LensConfig.read(file, Map.of())).hasMessage("lens.seed must be a whole number"
                + " (a long), was 'forty-two' at lens.yaml:2:3");
    }

    @Test
    void aFileThatIsNotWellFormedOrMissing() throws IOException {
        Path broken = write("lens.yaml", "benchmarks:\n  - provider: openai\n   model: [\n");

        assertThatThrownBy(() -> LensConfig.read(broken, Map.of())).hasMessageStartingWith("not well-formed YAML: ")
                .hasMessageContaining(" at lens.yaml:");
        assertThatThrownBy(() -> LensConfig.read(dir.resolve("none.yaml"), Map.of()))
                .hasMessageStartingWith("no such configuration file: ");
        assertThatThrownBy(() -> LensConfig.read(write("lens.ini", "x=1"), Map.of()))
                .hasMessage("unknown configuration format: the file name must end in .yaml, .yml, .json or .toml at "
                        + "lens.ini");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
