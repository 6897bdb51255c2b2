package dev.latencylens.internal.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulator ({@code SimulatorMain}) in its own JVM, so the client's self-check (process CPU, GC) sees the client
 * alone. Both processes still share the machine's cores.
 */
final class ExternalSimulator implements AutoCloseable {

    /** When the simulator read a request and wrote its first content event (its JVM's nanoTime), and the difference. */
    record Truth(long arrivalNanos, long firstContentWrittenNanos, long wireTtftNanos) {
    }

    private final Process process;
    private final String baseUrl;
    private final String truthUrl;

    /** {@code SimulatorMain} with {@code systemProperties} (its profiles). */
    ExternalSimulator(List<String> systemProperties) throws IOException {
        this(systemProperties, List.of("dev.latencylens.simulator.SimulatorMain", "--port", "0"));
    }

    /** A simulator serving {@link Perf#scripted} as {@code model}, with its ground truth ({@link #drainTruth}). */
    static ExternalSimulator withTruth(String model, double ttftMs, double itlMs, int tokens) throws IOException {
        return new ExternalSimulator(List.of(), List.of(TruthSimulatorMain.class.getName(), model,
                String.valueOf(ttftMs), String.valueOf(itlMs), String.valueOf(tokens)));
    }

    private ExternalSimulator(List<String> systemProperties, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.contains(" at http")) {
            process.destroy();
            throw new IOException("simulator did not start: " + line);
        }
        // "Latency Lens simulator at http://127.0.0.1:<port> (OpenAI at http://127.0.0.1:<port>/v1, ...": the
        // OpenAI base URL is the one the simulated adapter needs.
        int openAi = line.indexOf("OpenAI at http");
        String from = openAi >= 0 ? line.substring(openAi + "OpenAI at ".length()) : line.substring(line.indexOf("http"));
        baseUrl = from.split("[ ,)]")[0];
        int truth = line.indexOf("truth at ");
        truthUrl = truth < 0 ? null : line.substring(truth + "truth at ".length()).trim();
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard the profile listing
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "sim-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Every request the simulator served since the last call, by request id. */
    Map<String, Truth> drainTruth() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(truthUrl))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Truth> truth = new HashMap<>();
        for (String line : response.body().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 4) {
                truth.put(f[0], new Truth(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        }
        return truth;
    }

    /** CPU time the simulator's JVM has used so far, seconds (-1 unknown). */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

}
