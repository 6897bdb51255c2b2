package dev.latencylens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.latencylens.cli.LensJar.Result;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code lens} command end to end, from the built jar ({@code java -jar target/lens.jar}), so the packaging is
 * tested with the commands: every report, exit codes 0/1/2, the prompt lengths the simulator received, the
 * standalone simulator served to a plain HTTP client, compare and report.
 */
class LensCommandLineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("..", "docs", "examples").toAbsolutePath().normalize();
    private static final List<String> REPORTS = List.of("results.json", "requests.jsonl", "results.csv",
            "summary.md", "jmh-result.json", "report.html", "TEST-lens.xml");

    @TempDir
    Path dir;

    @Test
    void runOfTheReadmeExampleAgainstTheSimulatorWritesEveryReport() throws Exception {
        Result r = LensJar.run(dir, "run", EXAMPLES.resolve("lens.yaml").toString(), "--simulate", "--out", "out");

        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String report : REPORTS) {
            assertThat(dir.resolve("out").resolve(report)).isNotEmptyFile();
        }
        JsonNode results = JSON.readTree(dir.resolve("out/results.json").toFile());
        assertThat(results.get("benchmarks").findValuesAsText("name"))
                .containsExactly("synthetic-400", "faq", "replay");
        assertThat(results.at("/benchmarks/2/reliability/succeeded").asInt()).isEqualTo(4); // the trace's 4 lines
        assertThat(r.out()).contains("[lens] running 3 of 3 benchmark(s) against the embedded simulator");
    }

    @Test
    void anSlaBreachExits1AndNamesTheBound() throws Exception {
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                benchmarks:
                  - name: too-strict
                    provider: simulated
                    model: sim-fast
                    iterations: 3
                    warmup: 0
                    maxTokens: 4
                    prompt: "Say hi."
                    sla: { ttftP95Ms: 1 }
                """);

        Result r = LensJar.run(dir, "run", config.toString(), "--out", "out");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("[lens] FAILED too-strict: ").contains("ttftP95Ms");
        assertThat(dir.resolve("out/TEST-lens.xml")).content().contains("failure");
    }

    @Test
    void aBadConfigurationExits2WithTheMessage() throws Exception {
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                benchmarks:
                  - provider: openai
                    model: gpt-4o-mini
                    prompt: hi
                    iteration: 20
                """);

        Result r = LensJar.run(dir, "run", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("lens run: unknown key 'iteration' at lens.yaml:5:5 — did you mean 'iterations'?");
        assertThat(dir.resolve("lens-results")).doesNotExist();
    }

    @Test
    void aBenchmarkWithNoSuccessfulRequestExits3NamingTheCause() throws Exception {
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                providers:
                  openai: { baseUrl: "http://127.0.0.1:1/v1" }
                benchmarks:
                  - name: nowhere
                    provider: openai
                    model: gpt-4o-mini
                    iterations: 2
                    warmup: 0
                    prompt: "Say hi."
                """);

        Result r = LensJar.run(dir, Map.of("OPENAI_API_KEY", "sk-test-not-a-key"), "run", config.toString(), "--out",
                "out");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.err()).contains("[lens] FAILED nowhere: all 2 requests failed");
        assertThat(dir.resolve("out/results.json")).content().contains("allFailed");
    }

    @Test
    void mergeMakesTwoShardsOneRunAndRefusesAnIncompleteSet() throws Exception {
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                benchmarks:
                  - name: sharded
                    provider: simulated
                    model: sim-fast
                    iterations: 6
                    warmup: 0
                    maxTokens: 4
                    prompt: "Say hi."
                """);
        for (int shard = 0; shard < 2; shard++) {
            Result r = LensJar.run(dir, "run", config.toString(), "--out", "shard-" + shard, "-D",
                    "lens.shard=" + shard + "/2");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        }

        Result merged = LensJar.run(dir, "merge", "shard-0", "shard-1", "--out", "merged");

        assertThat(merged.exitCode()).as(merged.out() + merged.err()).isZero();
        JsonNode results = JSON.readTree(dir.resolve("merged/results.json").toFile());
        assertThat(results.at("/benchmarks/0/reliability/attempted").asInt()).isEqualTo(6);
        assertThat(results.at("/benchmarks/0/shards")).hasSize(2);
        for (String report : REPORTS) {
            assertThat(dir.resolve("merged").resolve(report)).isNotEmptyFile();
        }

        Result incomplete = LensJar.run(dir, "merge", "shard-0", "--out", "merged-1");
        assertThat(incomplete.exitCode()).isEqualTo(2);
        assertThat(incomplete.err()).contains("shard");
    }

    @Test
    void monitorProbesAFilesBenchmarksForItsDurationAndLeavesAnIntervalLog() throws Exception {
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                benchmarks:
                  - name: watched
                    provider: simulated
                    model: sim-fast
                    maxTokens: 4
                    prompt: "Say hi."
                """);

        Result r = LensJar.run(dir, "monitor", config.toString(), "--interval", "200ms", "--duration", "PT2S",
                "--metrics-port", "0", "--out", "out");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("round 0 'watched'");
        assertThat(dir.resolve("out/monitor.hlog")).isNotEmptyFile();
    }

    @Test
    void aUsageErrorExits2() throws Exception {
        Result r = LensJar.run(dir, "profile", "--model", "gpt-4o-mini", "--prompt", "hi");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--provider=ID'").contains("Usage: lens profile");
    }

    @Test
    void profileSendsPromptsOfExactlyTheInputTokensAsked() throws Exception {
        try (Simulator sim = Simulator.builder().seed(3).recordRequestBodies(true).build().start()) {
            Result r = LensJar.run(dir, Map.of("OPENAI_API_KEY", "sk-test-not-a-real-key"), "profile",
                    "--provider", "openai", "--model", "gpt-4o-mini", "-n", "5", "--warmup", "0",
                    "--input-tokens", "400", "--max-tokens", "4", "--out", "out",
                    "-D", "lens.openai.baseUrl=" + sim.baseUrl());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out() + r.err()).doesNotContain("sk-test-not-a-real-key");
            Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
            List<JsonNode> measured = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("out/requests.jsonl"))) {
                JsonNode request = JSON.readTree(line);
                if (request.get("phase").asText().equals("measured")) {
                    measured.add(request);
                }
            }
            assertThat(measured).hasSize(5);
            for (JsonNode request : measured) {
                assertThat(request.at("/workload/inputTokens").asInt()).isEqualTo(400);
                ServedRequest served = sim.groundTruth().await(request.get("requestId").asText(),
                        Duration.ofSeconds(10)).orElseThrow();
                JsonNode messages = JSON.readTree(served.requestBody()).get("messages");
                String prompt = messages.get(messages.size() - 1).get("content").asText();
                assertThat(o200k.countTokens(prompt)).isEqualTo(400);
            }
        }
    }

    @Test
    void simServesAnOpenAiClientUntilStopped() throws Exception {
        Process sim = LensJar.command(dir, Map.of(), "sim", "--port", "0", "--seed", "7").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream(),
                    StandardCharsets.UTF_8));
            Pattern openAi = Pattern.compile("^\\s+openai\\s+(http://127\\.0\\.0\\.1:\\d+/v1)$");
            String baseUrl = null;
            List<String> printed = new ArrayList<>();
            for (String line = out.readLine(); line != null && baseUrl == null; line = out.readLine()) {
                printed.add(line);
                Matcher m = openAi.matcher(line);
                baseUrl = m.matches() ? m.group(1) : null;
            }
            assertThat(baseUrl).as("printed: %s", printed).isNotNull();
            assertThat(printed.get(0)).startsWith("[lens] simulator listening on 127.0.0.1:");

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                            + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(response.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");

            // SIGTERM, as a container stop (Ctrl-C's SIGINT runs the same shutdown hook); through the handle, which
            // leaves the process's output open to read to its end (Process.destroy closes it).
            sim.toHandle().destroy();
            assertThat(sim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.lines().toList()).contains("[lens] simulator stopped");
        } finally {
            sim.destroyForcibly();
        }
    }

    @Test
    void compareExits0ForTheSameConfigurationAnd1ForARegression() throws Exception {
        profile("baseline", 50);
        profile("same", 50);
        profile("slower", 500);

        // A 50 % threshold: two runs of one configuration on a shared, busy machine stay well within it, a ten
        // times slower first token does not.
        Result same = LensJar.run(dir, "compare", "baseline", "same", "--threshold", "0.5");
        Result slower = LensJar.run(dir, "compare", "baseline/results.json", "slower", "--threshold", "0.5",
                "--out", "verdict");

        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        assertThat(same.err()).doesNotContain("REGRESSED");
        assertThat(slower.exitCode()).as(slower.out() + slower.err()).isEqualTo(1);
        assertThat(slower.err()).contains("[lens] REGRESSED scripted-simulated ttft p50: ");
        assertThat(dir.resolve("verdict/regression.json")).isNotEmptyFile();
        assertThat(dir.resolve("verdict/regression.md")).isNotEmptyFile();
    }

    @Test
    void reportRendersTheSameFilesAgain() throws Exception {
        profile("run", 20);

        Result r = LensJar.run(dir, "report", "run/results.json", "--out", "again");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(JSON.readTree(dir.resolve("again/results.json").toFile()))
                .isEqualTo(JSON.readTree(dir.resolve("run/results.json").toFile()));
        for (String report : REPORTS.subList(1, REPORTS.size())) {
            assertThat(dir.resolve("again").resolve(report)).as(report)
                    .hasSameBinaryContentAs(dir.resolve("run").resolve(report));
        }
    }

    @Test
    void recommendPicksTheCheapestModelMeetingTheSlosAndExits1WhenNoneDoesAnd2OnAnUnknownSlo() throws Exception {
        // Two simulated runs of differently priced models: gpt-4o-mini (0.15 / 0.60 USD per 1M tokens) slow,
        // gpt-4o (2.50 / 10) fast.
        profile("mini", "gpt-4o-mini", 400);
        profile("large", "gpt-4o", 20);

        Result lenient = LensJar.run(dir, "recommend", "mini", "large/results.json", "--slo", "ttftP95Ms=2000",
                "--traffic", "100000/day", "--input-tokens", "500", "--output-tokens", "200", "--json", "pick.json");
        Result strict = LensJar.run(dir, "recommend", "mini", "large", "--slo", "ttftP95Ms=200,maxErrorRate=0.01");
        Result impossible = LensJar.run(dir, "recommend", "mini", "large", "--slo", "ttftP95Ms=5");
        Result unknownSlo = LensJar.run(dir, "recommend", "mini", "large", "--slo", "ttftP90Ms=800");
        Result tokensWithoutTraffic = LensJar.run(dir, "recommend", "mini", "--input-tokens", "5",
                "--output-tokens", "5");

        assertThat(lenient.exitCode()).as(lenient.out() + lenient.err()).isZero();
        assertThat(lenient.out()).contains("Recommended: mini (simulated/gpt-4o-mini)")
                .contains("rate limit of at least 139 requests/min");
        JsonNode pick = JSON.readTree(dir.resolve("pick.json").toFile());
        assertThat(pick.at("/recommended/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(pick.get("rows")).hasSize(2).allSatisfy(row -> assertThat(row.get("frontier").asBoolean()).isTrue());
        // 3,000,000 requests of 500 input and 200 output tokens at 0.15 / 0.60 USD per 1M: 585 USD.
        assertThat(pick.at("/rows/0/monthlyCost").decimalValue()).isEqualByComparingTo("585");
        assertThat(strict.exitCode()).as(strict.out() + strict.err()).isZero();
        assertThat(strict.out()).contains("Recommended: large (simulated/gpt-4o)");
        assertThat(impossible.exitCode()).as(impossible.out() + impossible.err()).isEqualTo(1);
        assertThat(impossible.out()).contains("No benchmark meets every SLO.")
                .contains("ttftP95Ms: closest large (simulated/gpt-4o), over by ");
        assertThat(unknownSlo.exitCode()).isEqualTo(2);
        assertThat(unknownSlo.err()).contains("unknown SLA bound 'ttftP90Ms'; allowed: ttftP50Ms, ttftP95Ms");
        assertThat(tokensWithoutTraffic.exitCode()).isEqualTo(2);
        assertThat(tokensWithoutTraffic.err()).contains("give --traffic N/day|N/hour|N/month too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "profile", "sim", "compare", "report", "recommend"})
    void everyCommandHasHelp(String command) throws Exception {
        Result r = LensJar.run(dir, command, "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: lens " + command).contains("-h, --help");
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        Result r = LensJar.run(dir, "--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Latency Lens " + System.getProperty("lens.version", ""))
                .doesNotContain("development build");
    }

    /** A short run of one simulated model whose TTFT is {@code ttftMs}, into {@code dir/<name>}. */
    private void profile(String name, int ttftMs) throws Exception {
        Result r = LensJar.run(dir, "profile", "--provider", "simulated", "--model", "scripted", "-n", "30",
                "--warmup", "0", "--prompt", "hi", "--max-tokens", "3", "--simulate", "--out", name,
                "-D", "lens.sim.profile.scripted.base=sim-instant",
                "-D", "lens.sim.profile.scripted.ttftMs=" + ttftMs, "-D", "lens.sim.profile.scripted.ttftSdMs=2");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    /**
     * A short run named {@code name} of the simulated {@code model} (priced as the real model of that name), whose
     * TTFT is {@code ttftMs}, into {@code dir/<name>}.
     */
    private void profile(String name, String model, int ttftMs) throws Exception {
        String p = "lens.sim.profile." + model + ".";
        Result r = LensJar.run(dir, "profile", "--provider", "simulated", "--model", model, "--name", name, "-n",
                "20", "--warmup", "0", "--prompt", "hi", "--max-tokens", "3", "--simulate", "--out", name,
                "-D", p + "base=sim-instant", "-D", p + "ttftMs=" + ttftMs, "-D", p + "ttftSdMs=2");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }
}
