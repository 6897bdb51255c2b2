package dev.latencylens.internal.engine;

import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.Fault;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.SimPresets;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.spi.ProviderSettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lens.simulate=true} works for every provider: the real engine, each adapter, the simulator speaking that
 * provider's wire format; output tokens as the simulator counted them; faults as each provider shows them.
 */
class EveryProviderThroughTheEngineTest {

    static final List<String> NATIVE = List.of("openai", "openai-responses", "anthropic", "gemini", "bedrock",
            "azure-openai", "cohere", "ollama-native", "ollama");

    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile quick = SimProfile.builder().ttft(Dist.fixed(3)).interTokenDelay(Dist.fixed(0.5))
                .outputTokens(12).tokensPerEvent(1).prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).build();
        sim = Simulator.builder().configuration(new Properties()).seed(5).profile("t-quick", quick)
                .profile("t-drop", quick.toBuilder().faultRate(Fault.DROP_MID_STREAM, 1.0).build())
                .profile("t-malformed", quick.toBuilder().faultRate(Fault.MALFORMED_EVENT, 1.0).build())
                .profile("t-429", quick.toBuilder().faultRate(Fault.HTTP_429, 1.0).retryAfterSeconds(2).build())
                .profile("t-503", quick.toBuilder().faultRate(Fault.HTTP_503, 1.0).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RunResult run(Simulator simulator, BenchmarkDescriptor... descriptors) {
        List<BenchmarkHarness> harnesses = java.util.Arrays.stream(descriptors)
                .map(d -> LatencyLens.benchmark(d, it -> ChatRequest.builder().system("Be terse.")
                        .user("hi #" + it.index()).build())).toList();
        return new RunEngine(RunOptions.builder().simulate(true).build(),
                ProviderRegistry.load(EveryProviderThroughTheEngineTest.class.getClassLoader()),
                ProviderSettings.of(Map.of(), Map.of()), simulator).run(harnesses);
    }

    /** As a user would run it: no key anywhere, the engine starts its own simulator. */
    @ParameterizedTest
    @ValueSource(strings = {"openai", "openai-responses", "anthropic", "gemini", "vertex", "bedrock", "azure-openai",
        "cohere", "ollama-native"})
    void everyProviderRunsAgainstTheEnginesOwnSimulator(String provider) {
        RunResult result = new RunEngine(RunOptions.builder().simulate(true).build(),
                ProviderRegistry.load(getClass().getClassLoader()), ProviderSettings.of(Map.of(), Map.of()), null)
                .run(List.of(LatencyLens.benchmark(BenchmarkDescriptor.builder(provider, SimPresets.INSTANT_NAME)
                        .iterations(3).warmup(0).build(), it -> ChatRequest.ofUser("hi"))));
        BenchmarkResult r = result.benchmarks().get(0);
        assertThat(r.reliability().succeeded()).as(provider + ": " + r.reliability().errors()).isEqualTo(3);
        assertThat(r.tokens().output()).isEqualTo(3 * 64);
        assertThat(r.tokens().source()).isEqualTo("provider");
        // sim-instant's documented price: 0.10 per 1M input tokens, 0.40 per 1M output tokens, whatever provider.
        java.math.BigDecimal expected = new java.math.BigDecimal("0.10").multiply(java.math.BigDecimal.valueOf(
                r.tokens().input())).add(new java.math.BigDecimal("0.40").multiply(java.math.BigDecimal.valueOf(
                r.tokens().output()))).divide(java.math.BigDecimal.valueOf(1_000_000));
        assertThat(r.cost().known()).as(provider).isTrue();
        assertThat(r.cost().total().orElseThrow()).as(provider + ": " + r.cost().priceRow())
                .isEqualByComparingTo(expected);
    }

    @Test
    void outputTokensAreTheSimulatorsForEveryFormat() throws Exception {
        long before = sim.groundTruth().recorded();
        BenchmarkDescriptor[] all = NATIVE.stream().map(p -> BenchmarkDescriptor.builder(p, "t-quick").name("b." + p)
                .iterations(3).warmup(1).build()).toArray(BenchmarkDescriptor[]::new);
        RunResult result = run(sim, all);
        for (BenchmarkResult r : result.benchmarks()) {
            String provider = r.descriptor().provider();
            assertThat(r.reliability().succeeded()).as(provider + ": " + r.reliability().errors()).isEqualTo(3);
            assertThat(r.tokens().output()).as(provider).isEqualTo(3 * 12);
            assertThat(r.tokens().source()).as(provider).isEqualTo("provider");
        }
        // probe + warmup + 3 measured per benchmark, each complete, each of the scripted length
        long served = NATIVE.size() * 5L;
        assertThat(sim.groundTruth().awaitRecorded(before + served, java.time.Duration.ofSeconds(10))).isTrue();
        List<ServedRequest> records = sim.groundTruth().records();
        assertThat(records.subList(records.size() - (int) served, records.size()))
                .allSatisfy(t -> {
                    assertThat(t.completed()).isTrue();
                    assertThat(t.outputTokens()).isEqualTo(12);
                    assertThat(t.contentEvents()).isEqualTo(12);
                });
    }

    @Test
    void rateLimitsAreProviderShapedAndCountedApart() {
        RunResult result = run(sim, NATIVE.stream().limit(8).map(p -> BenchmarkDescriptor.builder(p, "t-429")
                .name("429." + p).iterations(1).warmup(0).build()).toArray(BenchmarkDescriptor[]::new));
        Map<String, String> expected = Map.of(
                "openai", "Rate limit reached for t-429 (simulated)",
                "openai-responses", "[requests/rate_limit_exceeded]",
                "anthropic", "[rate_limit_error]",
                "gemini", "[RESOURCE_EXHAUSTED/429]",
                "bedrock", "Too many requests, please wait before trying again.",
                "azure-openai", "exceeded token rate limit",
                "cohere", "You are using a Trial key",
                "ollama-native", "too many requests (simulated)");
        for (BenchmarkResult r : result.benchmarks()) {
            String provider = r.descriptor().provider();
            assertThat(r.reliability().errors()).as(provider).containsOnlyKeys(ErrorClass.RATE_LIMITED);
            assertThat(r.reliability().errors().get(ErrorClass.RATE_LIMITED).examples().get(0)).as(provider)
                    .startsWith("HTTP 429: ").contains(expected.get(provider));
        }
    }

    @Test
    void faultsTakeEachProvidersShape() {
        RunResult result = run(sim,
                BenchmarkDescriptor.builder("anthropic", "t-503").name("a503").iterations(1).warmup(0).build(),
                BenchmarkDescriptor.builder("anthropic", "t-drop").name("adrop").iterations(1).warmup(0).build(),
                BenchmarkDescriptor.builder("bedrock", "t-drop").name("bdrop").iterations(1).warmup(0).build(),
                BenchmarkDescriptor.builder("bedrock", "t-malformed").name("bmal").iterations(1).warmup(0).build(),
                BenchmarkDescriptor.builder("gemini", "t-drop").name("gdrop").iterations(1).warmup(0).build(),
                BenchmarkDescriptor.builder("ollama-native", "t-malformed").name("omal").iterations(1).warmup(0)
                        .build(),
                BenchmarkDescriptor.builder("cohere", "t-malformed").name("cmal").iterations(1).warmup(0).build());
        List<BenchmarkResult> r = result.benchmarks();
        assertError(r.get(0), ErrorClass.HTTP_5XX, "HTTP 529: Overloaded [overloaded_error]");
        assertError(r.get(1), ErrorClass.PROVIDER_ERROR, "Overloaded [overloaded_error]");
        assertError(r.get(2), ErrorClass.PROVIDER_ERROR, "modelStreamErrorException: An error occurred while"
                + " streaming the response.");
        assertError(r.get(3), ErrorClass.PROTOCOL, "message CRC32 mismatch");
        assertError(r.get(4), ErrorClass.CONNECTION, "dropped mid-stream");
        assertError(r.get(5), ErrorClass.PROTOCOL, "malformed event: {\"model\":\"t-malformed\"");
        assertError(r.get(6), ErrorClass.PROTOCOL, "malformed event: {\"type\":\"content-delta\"");
    }

    private static void assertError(BenchmarkResult r, ErrorClass errorClass, String message) {
        assertThat(r.reliability().errors()).as(r.descriptor().name()).containsOnlyKeys(errorClass);
        assertThat(r.reliability().errors().get(errorClass).examples().get(0)).as(r.descriptor().name())
                .contains(message);
    }
}
