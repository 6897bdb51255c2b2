package dev.latencylens.export;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real server (Debian's prometheus-pushgateway, influxd or prometheus) started for a test on a free port of
 * 127.0.0.1 with its data in a temporary directory, and stopped after. When the binary is missing the test is
 * skipped, saying so, unless {@code -Dlens.requireServers} is set ({@code .ci/run} sets it): then it fails.
 */
final class LocalServer implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final Path dir;
    private final Process process;
    private final Path log;

    private LocalServer(int port, Path dir, Process process, Path log) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.log = log;
    }

    /** The binary, or the test skipped (failed under lens.requireServers) naming the package that brings it. */
    static Path binary(String name, String debianPackage) {
        Path path = Path.of("/usr/bin", name);
        boolean present = Files.isExecutable(path);
        if (!present && Boolean.parseBoolean(System.getProperty("lens.requireServers"))) {
            fail(path + " is missing and lens.requireServers is set: apt-get install " + debianPackage);
        }
        assumeTrue(present, path + " is missing: apt-get install " + debianPackage + " to run this test");
        return path;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} (its {@code PORT} and {@code DIR} words replaced) and waits until GET
     * {@code readyPath} answers with a status {@code ready} accepts.
     */
    static LocalServer start(List<String> command, int port, Path dir, String readyPath, Predicate<Integer> ready)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        command.forEach(a -> args.add(a.replace("PORT", Integer.toString(port)).replace("DIR", dir.toString())));
        Path log = dir.resolve("server.log");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(port, dir, p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail(args.get(0) + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(server.uri(readyPath))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.test(r.statusCode())) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            p.waitFor(100, TimeUnit.MILLISECONDS); // wakes early if it dies
        }
        server.close();
        throw new AssertionError(args.get(0) + " not ready within 60 s: " + Files.readString(log));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("GET " + pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    String post(String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }
}
