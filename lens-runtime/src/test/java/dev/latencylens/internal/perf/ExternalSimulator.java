package dev.latencylens.internal.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulator ({@code SimulatorMain}) in its own JVM, so the client's self-check (process CPU, GC) sees the client
 * alone. Both processes still share the machine's cores.
 */
final class ExternalSimulator implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    ExternalSimulator(List<String> systemProperties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.latencylens.simulator.SimulatorMain");
        command.add("--port");
        command.add("0");
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
