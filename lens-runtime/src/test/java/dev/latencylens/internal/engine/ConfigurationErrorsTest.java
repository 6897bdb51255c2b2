package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.spi.ProviderSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad configuration fails before any request, with a message naming what to fix. */
class ConfigurationErrorsTest {

    private static RunEngine engine(RunOptions options, Map<String, String> env) {
        return new RunEngine(options, ProviderRegistry.load(ConfigurationErrorsTest.class.getClassLoader()),
                ProviderSettings.of(Map.of(), env), null);
    }

    private static List<dev.latencylens.api.BenchmarkHarness> one(String provider) {
        return List.of(LatencyLens.benchmark(BenchmarkDescriptor.builder(provider, "gpt-4o-mini").build(),
                it -> ChatRequest.ofUser("hi")));
    }

    @Test
    void aMissingKeyNamesTheVariableAndTheSimulator() {
        assertThatThrownBy(() -> engine(RunOptions.defaults(), Map.of()).run(one("openai")))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessageContaining("OPENAI_API_KEY")
                .hasMessageContaining("-Dlens.simulate=true");
    }

    @Test
    void anUnknownProviderListsTheKnownOnes() {
        assertThatThrownBy(() -> engine(RunOptions.defaults(), Map.of()).run(one("openia")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'openia'")
                .hasMessageContaining("openai")
                .hasMessageContaining("simulated");
    }

    @Test
    void anInvalidBaseUrlNamesWhereItCameFrom() {
        assertThatThrownBy(() -> engine(RunOptions.defaults(),
                Map.of("OPENAI_API_KEY", "fake-openai-key-0123456789abcdef", "OPENAI_BASE_URL", "htp:/nowhere"))
                .run(one("openai")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAI_BASE_URL")
                .hasMessageNotContaining("fake-openai-key-0123456789abcdef");
    }

    @Test
    void simulationNeedsNoKey() {
        var result = engine(RunOptions.builder().simulate(true).build(), Map.of()).run(List.of(LatencyLens.benchmark(
                BenchmarkDescriptor.builder("openai", "sim-instant").iterations(2).warmup(0).build(),
                it -> ChatRequest.ofUser("hi"))));
        assertThat(result.benchmarks().get(0).reliability().succeeded()).isEqualTo(2);
    }
}
