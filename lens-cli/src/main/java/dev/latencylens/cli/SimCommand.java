package dev.latencylens.cli;

import dev.latencylens.simulator.SimPresets;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lens sim}: the simulator on its own, for clients in any language. Runs until Ctrl-C (or SIGTERM, as a
 * container is stopped), then closes its socket and exits 0.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the simulator: every provider's wire format, with scripted timings and faults. Prints "
                + "each provider's base URL (on this machine); Ctrl-C stops it.",
        footer = {"", "Example: lens sim --port 8089 --profile sim-slow",
            "  curl -N http://127.0.0.1:8089/v1/chat/completions -H 'Content-Type: application/json' \\",
            "       -d '{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'"})
final class SimCommand implements Callable<Integer> {

    /** The providers whose base URL differs, then the OpenAI-compatible family, in the order printed. */
    static final List<String> PROVIDERS = List.of("openai", "openai-responses", "anthropic", "gemini", "bedrock",
            "bedrock-invoke", "azure-openai", "cohere", "ollama-native", "llamacpp", "vllm", "ollama", "mistral",
            "openrouter", "together", "groq", "deepseek", "fireworks");

    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1 (8089; 0 picks a free one).")
    int port = 8089;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (127.0.0.1); 0.0.0.0 "
            + "serves other machines too, e.g. from a container.")
    InetAddress host = InetAddress.getLoopbackAddress();

    @Option(names = "--profile", paramLabel = "NAME", description = "Timings of every model without a profile of "
            + "its own: sim-fast (default), sim-slow, sim-flaky, sim-instant.")
    String profile;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the timings and faults (42).")
    long seed = 42;

    @Option(names = "-D", paramLabel = "lens.sim.profile.MODEL.KEY=VALUE",
            description = "A custom profile, e.g. -D lens.sim.profile.gpt-4o-mini.ttftMs=300 (docs: The simulator).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        properties.forEach(System::setProperty);
        Simulator.Builder builder = Simulator.builder().bindAddress(host).port(port).seed(seed);
        if (profile != null) {
            SimProfile preset = SimPresets.byName(profile).orElseThrow(() -> new IllegalArgumentException(
                    "--profile " + profile + " is not a preset; the presets are " + SimPresets.all().keySet()));
            builder.defaultProfile(preset);
        }
        Simulator sim = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            System.out.println("[lens] simulator stopped");
            stopped.countDown();
        }, "lens-sim-shutdown"));
        String fallback = profile == null ? SimPresets.FAST_NAME : profile;
        System.out.println("[lens] simulator listening on " + host.getHostAddress() + ":" + sim.port() + " (seed "
                + sim.seed() + ", models without a profile: " + fallback + ")");
        for (String provider : PROVIDERS) {
            System.out.printf("  %-17s %s%n", provider, sim.baseUrlFor(provider));
        }
        System.out.println("[lens] Ctrl-C stops it");
        System.out.flush();
        stopped.await();
        return LensCli.OK;
    }
}
