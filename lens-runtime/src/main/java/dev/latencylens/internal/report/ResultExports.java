package dev.latencylens.internal.report;

import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RunResult;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@link ResultExporter}s a run's settings ask for ({@code lens.export.pushgateway}, {@code .influxdb},
 * {@code .otlp}), once the reports are written: all at once, each on a thread of its own, none on a measuring thread.
 * An export that fails or does not finish within {@value #DEADLINE_SECONDS} s costs one warning naming the exporter
 * and its target (scheme, host, port and path only: never a user, password or query parameter) and nothing else:
 * the run's outcome stands, and the files in the reports directory stay the record.
 *
 * <pre>{@code
 * ResultExports.run(run, Optional.of(Path.of("target/lens")), settings, System.getenv(), System.out);
 * }</pre>
 */
public final class ResultExports {

    /** The longest a run waits for its exports, whatever each exporter's own timeouts. */
    public static final long DEADLINE_SECONDS = 30;

    static final String PREFIX = "lens.export.";

    private ResultExports() {
    }

    /**
     * Exports {@code run} with every exporter on the class path whose property {@code settings} set.
     *
     * @param reports where the run wrote its reports ({@code requests.jsonl} is read from there), if anywhere
     * @param log     where the one line per export goes (success or warning)
     */
    public static void run(RunResult run, Optional<Path> reports, Map<String, String> settings,
                           Map<String, String> environment, PrintStream log) {
        run(run, reports, settings, environment, log, exporters(), Duration.ofSeconds(DEADLINE_SECONDS));
    }

    static void run(RunResult run, Optional<Path> reports, Map<String, String> settings,
                    Map<String, String> environment, PrintStream log, List<ResultExporter> available,
                    Duration deadline) {
        Map<String, String> asked = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.indexOf('.', PREFIX.length()) < 0 && v != null && !v.isBlank()) {
                asked.put(k, v.trim());
            }
        });
        if (asked.isEmpty()) {
            return;
        }
        Optional<Path> requestLog = reports.map(d -> d.resolve(RequestLogWriter.FILE_NAME)).filter(Files::isRegularFile);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lens-export");
            t.setDaemon(true); // an export that hangs past its deadline never keeps the JVM alive
            return t;
        });
        try {
            List<Export> started = new ArrayList<>();
            for (Map.Entry<String, String> e : asked.entrySet()) {
                Optional<ResultExporter> exporter = available.stream()
                        .filter(x -> x.property().equals(e.getKey())).findFirst();
                if (exporter.isEmpty()) {
                    log.println("[lens] WARNING " + e.getKey() + " is set, but " + unknown(e.getKey(), available));
                    continue;
                }
                String where = describe(e.getValue());
                Optional<URI> target = httpUrl(e.getValue());
                if (target.isEmpty()) {
                    log.println("[lens] WARNING " + exporter.get().name() + ": " + e.getKey() + " must be an http://"
                            + " or https:// URL such as " + example(e.getKey()) + "; nothing exported");
                    continue;
                }
                ResultExporter.Request request = new ResultExporter.Request(target.get(), run, requestLog, settings,
                        environment);
                started.add(new Export(exporter.get(), where, threads.submit(() -> exporter.get().export(request))));
            }
            long end = System.nanoTime() + deadline.toNanos();
            for (Export export : started) {
                log.println(export.outcome(Math.max(0, end - System.nanoTime()), deadline.toMillis() % 1000 == 0
                        ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The exporters on the class path (those of {@code lens-export}, when it is there). */
    static List<ResultExporter> exporters() {
        List<ResultExporter> found = new ArrayList<>();
        ServiceLoader.load(ResultExporter.class, ResultExporter.class.getClassLoader()).forEach(found::add);
        return found;
    }

    /**
     * {@code url} as a log may show it: scheme, host, port and path. A user and password, a query (InfluxDB takes
     * {@code u} and {@code p} there) and a fragment are left out.
     */
    static String describe(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return "(not a URL)";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    private static Optional<URI> httpUrl(String value) {
        try {
            URI u = URI.create(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? Optional.of(u)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String unknown(String property, List<ResultExporter> available) {
        if (available.isEmpty()) {
            return "dev.latencylens:lens-export is not on the class path (lens:bench and the CLI add it; a library"
                    + " user adds it as a dependency); nothing exported";
        }
        return "no exporter answers to it; known: "
                + available.stream().map(ResultExporter::property).sorted().toList();
    }

    private static String example(String property) {
        return switch (property) {
            case "lens.export.influxdb" -> "http://localhost:8086/write?db=lens";
            case "lens.export.otlp" -> "http://localhost:4318";
            default -> "http://localhost:9091";
        };
    }

    /** One export under way. */
    private record Export(ResultExporter exporter, String where, Future<String> result) {

        String outcome(long waitNanos, String deadline) {
            String name = exporter.name() + " at " + where;
            try {
                return "[lens] exported to " + name + ": " + result.get(waitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                return "[lens] WARNING export to " + name + " did not finish within " + deadline
                        + " and was abandoned; the reports on disk are the record";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.cancel(true);
                return "[lens] WARNING export to " + name + " was interrupted; the reports on disk are the record";
            } catch (java.util.concurrent.ExecutionException e) {
                return "[lens] WARNING export to " + name + " failed: " + reason(e.getCause())
                        + "; the reports on disk are the record";
            }
        }

        private static String reason(Throwable t) {
            String m = t.getMessage();
            return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
        }
    }
}
