package dev.latencylens.export;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.Prober;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderSettings;
import java.util.List;
import java.util.Map;

/**
 * What the monitor's tests share: a benchmark on OpenAI's wire format, and a prober that reaches a test's own
 * {@link Simulator} as a real OpenAI endpoint ({@code OPENAI_BASE_URL}), so the test can switch the model's profile
 * mid-run and count what the simulator served.
 */
final class MonitorHarness {

    static final String MODEL = "monitor-model";

    /** 100 ms to the first token, 4 tokens 5 ms apart. */
    static final SimProfile FAST = profile(100);
    /**
     * The same, 1,500 ms to the first token: far enough above FAST that no scheduling noise of a loaded machine
     * (seen: a 212 ms p95 over six fast probes) crosses the tests' margin, and no slow probe falls under it.
     */
    static final SimProfile SLOW = profile(1500);

    private MonitorHarness() {
    }

    private static SimProfile profile(double ttftMs) {
        return SimProfile.builder().ttft(Dist.fixed(ttftMs)).interTokenDelay(Dist.fixed(5)).outputTokens(4)
                .prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).noFaults().build();
    }

    static BenchmarkHarness benchmark(String name, int iterations) {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", MODEL).name(name).iterations(iterations)
                .warmup(0).maxTokens(4).build();
        return LatencyLens.benchmark(d, it -> ChatRequest.ofUser("How fast today? #" + it.index()));
    }

    /** Provider settings that send OpenAI requests to {@code sim}. */
    static ProviderSettings settings(Simulator sim) {
        return ProviderSettings.of(Map.of(), Map.of("OPENAI_API_KEY", "sk-test-monitor",
                "OPENAI_BASE_URL", sim.baseUrlFor("openai")));
    }

    static Prober prober(Simulator sim, List<BenchmarkHarness> harnesses) {
        return Prober.open(harnesses, RunOptions.defaults(), ProviderRegistry.load(), settings(sim), null);
    }
}
