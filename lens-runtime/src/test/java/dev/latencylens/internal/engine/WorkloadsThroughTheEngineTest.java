package dev.latencylens.internal.engine;

import static dev.latencylens.internal.engine.SimulatorRuns.benchmark;
import static dev.latencylens.internal.engine.SimulatorRuns.run;
import static dev.latencylens.internal.engine.SimulatorRuns.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.annotations.SessionHistory;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.tokens.TokenEstimator;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Workload;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of workload end to end against the simulator, checked against what the simulator received: the bodies
 * it kept ({@link Simulator.Builder#recordRequestBodies}), re-counted here with the same tokenizer, its output
 * lengths and its arrival stamps, joined to {@code requests.jsonl} by request id.
 */
class WorkloadsThroughTheEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenEstimator O200K = TokenEstimator.of(TokenEstimator.Encoding.O200K_BASE);

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(5).recordRequestBodies(true).build().start();
        sim.register("instant", scripted(0, 0, 8).build());
        sim.register("gpt-4", scripted(0, 0, 8).build()); // an OpenAI name: counted with cl100k_base
        sim.register("slow", scripted(80, 1, 4).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** One measured request as the client logged it and the simulator served it. */
    record Sent(JsonNode log, ServedRequest truth, JsonNode body) {

        String user() {
            JsonNode messages = body.get("messages");
            return messages.get(messages.size() - 1).get("content").asText();
        }

        String system() {
            JsonNode first = body.get("messages").get(0);
            return first.get("role").asText().equals("system") ? first.get("content").asText() : null;
        }

        /** The conversation's messages without the system prompt, as (role, content). */
        List<List<String>> conversation() {
            List<List<String>> messages = new ArrayList<>();
            for (JsonNode m : body.get("messages")) {
                if (!m.get("role").asText().equals("system")) {
                    messages.add(List.of(m.get("role").asText(), m.get("content").asText()));
                }
            }
            return messages;
        }

        JsonNode workload() {
            return log.get("workload");
        }
    }

    /** The measured requests of a run, by index. */
    private static List<Sent> measured(Path dir) throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME))) {
            JsonNode log = JSON.readTree(line);
            if (!log.get("phase").asText().equals("measured")) {
                continue;
            }
            ServedRequest truth = sim.groundTruth().await(log.get("requestId").asText(), Duration.ofSeconds(10))
                    .orElseThrow();
            sent.add(new Sent(log, truth, JSON.readTree(truth.requestBody())));
        }
        sent.sort(Comparator.comparingInt(s -> s.log().get("index").asInt()));
        return sent;
    }

    // ---- synthetic prompts --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"instant, O200K_BASE", "gpt-4, CL100K_BASE"})
    void everySyntheticPromptReCountsToItsLengthWithTheModelsTokenizer(String model,
            TokenEstimator.Encoding encoding, @TempDir Path dir) throws Exception {
        runWriting(dir, benchmark(model).iterations(20).warmup(0)
                .workload(Workload.builder().inputTokens(400).build()).build());

        TokenEstimator tokenizer = TokenEstimator.of(encoding);
        List<Sent> sent = measured(dir);
        assertThat(sent).hasSize(20);
        assertThat(sent).allSatisfy(s -> {
            assertThat(tokenizer.count(s.user())).isEqualTo(400);
            assertThat(s.system()).isNull();
            assertThat(s.workload().get("inputTokens").asInt()).isEqualTo(400);
        });
        // Each prompt its own, so a provider's cache cannot serve the next.
        assertThat(sent.stream().map(Sent::user).distinct()).hasSize(20);
    }

    @Test
    void normalLengthsHaveTheMeanAndSpreadAsked(@TempDir Path dir) throws Exception {
        int n = 150;
        runWriting(dir, benchmark("instant").iterations(n).warmup(0)
                .workload(Workload.builder().inputTokens(400).inputStddev(40).build()).build());

        double[] lengths = measured(dir).stream().mapToDouble(s -> O200K.count(s.user())).toArray();
        assertThat(lengths).hasSize(n);
        double mean = java.util.Arrays.stream(lengths).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(lengths).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        // Four standard errors: the mean's is sd/sqrt(n), the standard deviation's about sd/sqrt(2n).
        assertThat(mean).isBetween(400 - 4 * 40 / Math.sqrt(n), 400 + 4 * 40 / Math.sqrt(n));
        assertThat(sd).isBetween(40 * (1 - 4 / Math.sqrt(2.0 * n)), 40 * (1 + 4 / Math.sqrt(2.0 * n)));
    }

    @Test
    void aSharedPrefixStartsEveryPromptWithTheSameTokens(@TempDir Path dir) throws Exception {
        runWriting(dir, benchmark("instant").iterations(12).warmup(1)
                .workload(Workload.builder().inputTokens(200).prefixTokens(50).build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent.stream().map(Sent::system).distinct()).hasSize(1);
        assertThat(sent).allSatisfy(s -> {
            assertThat(O200K.count(s.system())).isEqualTo(50);
            assertThat(O200K.count(s.user())).isEqualTo(150);
            assertThat(s.workload().get("inputTokens").asInt()).isEqualTo(200);
            assertThat(s.workload().get("prefixTokens").asInt()).isEqualTo(50);
        });
        assertThat(sent.stream().map(Sent::user).distinct()).hasSize(12);
    }

    @Test
    void aPrefixPerSessionIsSharedByNoOtherRequest(@TempDir Path dir) throws Exception {
        runWriting(dir, benchmark("instant").iterations(12).warmup(0).workload(Workload.builder().inputTokens(200)
                .prefixTokens(50).prefixScope(PrefixScope.SESSION).build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent.stream().map(Sent::system).distinct()).hasSize(12);
        assertThat(sent).allSatisfy(s -> assertThat(O200K.count(s.system())).isEqualTo(50));
    }

    // ---- output lengths -----------------------------------------------------------------------------------------

    @Test
    void anOutputLengthIsForcedWhereTheProviderCanBeToldTo(@TempDir Path dir) throws Exception {
        RunResult run = runWriting(dir, benchmark("instant").iterations(10).warmup(0)
                .workload(Workload.builder().inputTokens(50).outputTokens(20).outputStddev(5).build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent).allSatisfy(s -> {
            int asked = s.workload().get("outputTokens").asInt();
            assertThat(s.body().get("max_tokens").asInt()).isEqualTo(asked);
            assertThat(s.body().get("ignore_eos").asBoolean()).isTrue();
            assertThat(s.body().get("min_tokens").asInt()).isEqualTo(asked);
            // The profile says 8 tokens; the request's length wins.
            assertThat(s.truth().outputTokens()).isEqualTo(asked);
            assertThat(s.log().get("tokens").get("output").asInt()).isEqualTo(asked);
        });
        assertThat(sent.stream().map(s -> s.workload().get("outputTokens").asInt()).distinct().count())
                .isGreaterThan(1);
        assertThat(run.benchmarks().get(0).warnings()).noneMatch(w -> w.contains("only a cap"));
    }

    @Test
    void anOutputLengthIsOnlyACapWhereTheProviderHasNoWayToForceIt(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor openai = BenchmarkDescriptor.builder("openai", "instant").name("cap").iterations(5)
                .warmup(0).workload(Workload.builder().inputTokens(50).outputTokens(20).build()).build();
        RunResult run = run(sim, RunOptions.builder().simulate(true).outputDirectory(dir).build(), openai);

        assertThat(measured(dir)).allSatisfy(s -> {
            assertThat(s.body().get("max_completion_tokens").asInt()).isEqualTo(20);
            assertThat(s.body().has("ignore_eos")).isFalse();
            assertThat(s.truth().outputTokens()).isEqualTo(8); // the model stopped on its own
        });
        assertThat(run.benchmarks().get(0).warnings()).anySatisfy(w -> assertThat(w)
                .contains("only a cap: openai cannot be told to generate a given number of tokens"));
        assertThat(run.benchmarks().get(0).warnings()).anySatisfy(w -> assertThat(w)
                .contains("counted with o200k_base").contains("instant has a tokenizer of its own"));
    }

    // ---- datasets -----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "classpath:workloads/prompts.jsonl | Why is the sky blue?;Name three rivers in Africa.;What is a cat?;"
                    + "Explain \"latency\" in one line,\\nplease.;What is 2 + 2?",
            "classpath:workloads/prompts.csv | Why is the sky blue?;Name three rivers, in Africa.;"
                    + "Explain \"latency\"\\nin two lines.;What is 2 + 2?",
            "classpath:workloads/sharegpt.json | Why is the sky blue?;Name a river.;What is 2 + 2?"})
    void theSimulatorReceivesExactlyTheDatasetsPromptsInOrder(String dataset, String prompts, @TempDir Path dir)
            throws Exception {
        List<String> expected = List.of(prompts.replace("\\n", "\n").split(";"));
        RunResult run = runWriting(dir, benchmark("instant").iterations(expected.size()).warmup(0)
                .workload(Workload.builder().dataset(dataset).build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent).extracting(Sent::user).containsExactlyElementsOf(expected);
        assertThat(sent).allSatisfy(s -> {
            assertThat(s.conversation()).hasSize(1);
            assertThat(s.workload().get("turn").asInt()).isEqualTo(1);
            assertThat(s.workload().get("inputTokens").asLong()).isEqualTo(O200K.count(s.user())
                    + (s.system() == null ? 0 : O200K.count(s.system())));
            assertThat(s.workload().get("source").asText())
                    .matches(java.util.regex.Pattern.quote(dataset) + "(:\\d+|\\[\\d+])");
        });
        if (dataset.endsWith(".json")) {
            assertThat(sent.get(1).system()).isEqualTo("Be brief.");
            assertThat(run.benchmarks().get(0).warnings())
                    .contains("workload: 2 records of dataset " + dataset + " have no human turn and were skipped");
        }
        if (dataset.endsWith(".jsonl")) {
            assertThat(sent.get(2).system()).isEqualTo("Answer in French.");
            assertThat(sent.get(2).workload().get("source").asText()).isEqualTo(dataset + ":4");
        }
    }

    @Test
    void aDatasetIsReadFromTheFileSystemTooAndSentShuffledFromTheSeed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("numbers.jsonl");
        Files.write(file, IntStream.range(0, 30).mapToObj(i -> "{\"prompt\": \"number " + i + "\"}").toList());
        Workload shuffled = Workload.builder().dataset(file.toString())
                .order(dev.latencylens.annotations.DatasetOrder.SHUFFLED).build();

        runWriting(dir, benchmark("instant").iterations(30).warmup(0).workload(shuffled).build());
        List<String> first = measured(dir).stream().map(Sent::user).toList();
        runWriting(dir, benchmark("instant").iterations(30).warmup(0).workload(shuffled).build());
        List<String> again = measured(dir).stream().map(Sent::user).toList();

        assertThat(first).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).mapToObj(i -> "number " + i)
                .toList());
        assertThat(first).isNotEqualTo(first.stream().sorted(Comparator.comparingInt(
                (String p) -> Integer.parseInt(p.substring(7)))).toList());
        assertThat(again).as("the same seed, the same order").isEqualTo(first);
    }

    @Test
    void eachTurnOfAConversationCarriesItsHistoryFromTheDataset(@TempDir Path dir) throws Exception {
        runWriting(dir, benchmark("instant").iterations(9).warmup(0)
                .workload(Workload.builder().dataset("classpath:workloads/conversations.jsonl").build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent).extracting(s -> s.workload().get("session").asInt() + "." + s.workload().get("turn").asInt())
                .containsExactly("0.1", "0.2", "0.3", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3");
        for (Sent s : sent) {
            int turn = s.workload().get("turn").asInt();
            String conversation = List.of("a", "b", "c").get(s.workload().get("session").asInt());
            List<List<String>> expected = new ArrayList<>();
            for (int k = 1; k <= turn; k++) {
                expected.add(List.of("user", conversation + k));
                if (k < turn) {
                    expected.add(List.of("assistant", conversation.toUpperCase() + k));
                }
            }
            assertThat(s.conversation()).as("turn %d carries the 2k-1 messages up to it", turn)
                    .hasSize(2 * turn - 1).isEqualTo(expected);
        }
        assertThat(sent.get(0).system()).isEqualTo("You plan trips.");
    }

    @Test
    void withTheModelsHistoryEachTurnCarriesWhatTheModelAnswered(@TempDir Path dir) throws Exception {
        runWriting(dir, benchmark("instant").iterations(6).warmup(0).workload(Workload.builder()
                .dataset("classpath:workloads/conversations.jsonl").history(SessionHistory.MODEL).build()).build());

        List<Sent> sent = measured(dir);
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            int turn = s.workload().get("turn").asInt();
            assertThat(s.conversation()).hasSize(2 * turn - 1);
            for (int k = 1; k < turn; k++) {
                // The assistant's turn k is what the simulator really wrote in answer to that session's turn k.
                String answered = sent.get(i - turn + k).truth().text();
                assertThat(s.conversation().get(2 * k - 1)).containsExactly("assistant", answered);
                assertThat(answered).isNotEqualTo("A" + k);
            }
        }
    }

    @Test
    void sessionsRunConcurrentlyEachTurnAfterTheAnswerToItsLast(@TempDir Path dir) throws Exception {
        runWriting(dir, benchmark("slow").pattern(LoadPattern.CONCURRENT).concurrency(3).iterations(9).warmup(0)
                .workload(Workload.builder().dataset("classpath:workloads/conversations.jsonl").build()).build());

        List<Sent> sent = measured(dir);
        assertThat(sent).hasSize(9);
        Map<Integer, TreeMap<Integer, Sent>> sessions = new TreeMap<>();
        for (Sent s : sent) {
            sessions.computeIfAbsent(s.workload().get("session").asInt(), k -> new TreeMap<>())
                    .put(s.workload().get("turn").asInt(), s);
        }
        assertThat(sessions.keySet()).containsExactly(0, 1, 2);
        for (TreeMap<Integer, Sent> turns : sessions.values()) {
            assertThat(turns.keySet()).containsExactly(1, 2, 3);
            for (int k = 2; k <= 3; k++) {
                assertThat(turns.get(k).truth().arrivalNanos()).isGreaterThan(turns.get(k - 1).truth().endNanos());
            }
        }
        // Three sessions at once: their first turns went out before any second turn.
        long lastFirstTurn = sessions.values().stream().mapToLong(t -> t.get(1).truth().arrivalNanos()).max()
                .orElseThrow();
        long firstSecondTurn = sessions.values().stream().mapToLong(t -> t.get(2).truth().arrivalNanos()).min()
                .orElseThrow();
        assertThat(lastFirstTurn).isLessThan(firstSecondTurn);
    }

    // ---- traces -------------------------------------------------------------------------------------------------

    @Test
    void aTraceIsReplayedAtItsTimestampsWithItsLengths(@TempDir Path dir) throws Exception {
        RunResult run = runWriting(dir, replay("instant").concurrency(4).warmup(0)
                .workload(Workload.builder().trace("classpath:workloads/trace.jsonl").build()).build());

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.descriptor().pattern()).isEqualTo(LoadPattern.TRACE);
        assertThat(r.descriptor().iterations()).as("the whole trace").isEqualTo(6);
        assertThat(r.descriptor().rate()).isCloseTo(5 / 0.7, org.assertj.core.data.Offset.offset(1e-9));
        int[][] trace = {{1000, 120, 6}, {1000, 80, 12}, {1150, 300, 4}, {1400, 64, 9}, {1400, 200, 3},
                {1700, 90, 7}};
        List<Sent> sent = measured(dir);
        assertThat(sent).hasSize(6);
        long firstArrival = sent.get(0).truth().arrivalNanos();
        for (int i = 0; i < 6; i++) {
            Sent s = sent.get(i);
            assertThat(O200K.count(s.user())).isEqualTo(trace[i][1]);
            assertThat(s.body().get("max_tokens").asInt()).isEqualTo(trace[i][2]);
            assertThat(s.truth().outputTokens()).isEqualTo(trace[i][2]);
            assertThat(s.workload().get("source").asText()).isEqualTo("classpath:workloads/trace.jsonl:" + (i + 1));
            // Never sent before its time; and spaced as the trace is, within what a shared machine allows.
            assertThat(s.log().get("offsetsMs").get("send").asDouble()).isNotNegative();
            double spacingMs = (s.truth().arrivalNanos() - firstArrival) / 1e6;
            assertThat(spacingMs).isBetween(trace[i][0] - 1000 - 100.0, trace[i][0] - 1000 + 250.0);
        }
        for (int i = 1; i < 6; i++) {
            if (trace[i][0] > trace[i - 1][0]) {
                assertThat(sent.get(i).truth().arrivalNanos()).isGreaterThan(sent.get(i - 1).truth().arrivalNanos());
            }
        }
    }

    @Test
    void aTimeScaleOfAHalfReplaysTwiceAsFast(@TempDir Path dir) throws Exception {
        runWriting(dir, replay("instant").concurrency(4).warmup(0)
                .workload(Workload.builder().trace("classpath:workloads/trace.jsonl").timeScale(0.5).build()).build());

        List<Sent> sent = measured(dir);
        double spanMs = (sent.get(5).truth().arrivalNanos() - sent.get(0).truth().arrivalNanos()) / 1e6;
        assertThat(spanMs).isBetween(350 - 100.0, 350 + 250.0); // 700 ms of trace at half the time
    }

    @Test
    void aTracesResponseTimeCountsFromItsTimestampWhenTheRequestMustWaitForASlot(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("burst.jsonl");
        Files.write(file, List.of("{\"timestamp\": 0, \"inputTokens\": 20, \"outputTokens\": 4}",
                "{\"timestamp\": 0, \"inputTokens\": 20, \"outputTokens\": 4}"));
        runWriting(dir, replay("slow").concurrency(1).warmup(0)
                .workload(Workload.builder().trace(file.toString()).build()).build());

        List<Sent> sent = measured(dir);
        JsonNode first = sent.get(0).log();
        JsonNode second = sent.get(1).log();
        // Both were due at 0; the second could only go once the first was over, and its wait is in its response
        // time (end − t_sched), not only in its E2E (end − t_send).
        assertThat(second.get("offsetsMs").get("send").asDouble())
                .isGreaterThanOrEqualTo(first.get("offsetsMs").get("end").asDouble() - 0.01);
        assertThat(second.get("scheduleLagMs").asDouble()).isGreaterThanOrEqualTo(70.0);
        assertThat(second.get("offsetsMs").get("end").asDouble())
                .isCloseTo(second.get("scheduleLagMs").asDouble() + second.get("e2eMs").asDouble(),
                        org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void iterationsSetLowerReplayOnlyTheTracesFirstLines(@TempDir Path dir) throws Exception {
        RunResult run = runWriting(dir, benchmark("instant").concurrency(4).warmup(0).iterations(3)
                .workload(Workload.builder().trace("classpath:workloads/trace.jsonl").build()).build());

        assertThat(run.benchmarks().get(0).descriptor().iterations()).isEqualTo(3);
        assertThat(measured(dir)).extracting(s -> O200K.count(s.user())).containsExactly(120L, 80L, 300L);
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    @Test
    void aBadDatasetStopsTheRunBeforeAnyRequest(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of("{\"prompt\": \"fine\"}", "{\"prompt\": 42}"));
        long before = sim.groundTruth().recorded();
        BenchmarkDescriptor good = benchmark("instant").name("good").iterations(2)
                .workload(Workload.builder().inputTokens(10).build()).build();
        BenchmarkDescriptor broken = benchmark("instant").name("broken").iterations(2)
                .workload(Workload.builder().dataset(bad.toString()).build()).build();

        assertThatThrownBy(() -> runWriting(dir, good, broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("benchmark broken: dataset " + bad + ", line 2: \"prompt\" must be a string, found 42");
        assertThat(sim.groundTruth().recorded()).as("nothing sent, not even the first benchmark").isEqualTo(before);
    }

    /** A benchmark with the descriptor's own defaults: a trace replays all its lines unless told otherwise. */
    private static BenchmarkDescriptor.Builder replay(String model) {
        return BenchmarkDescriptor.builder("simulated", model).name("test." + model);
    }

    private static RunResult runWriting(Path dir, BenchmarkDescriptor... d) {
        return run(sim, RunOptions.builder().outputDirectory(dir).build(), d);
    }
}
