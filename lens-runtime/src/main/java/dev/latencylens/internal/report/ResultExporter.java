package dev.latencylens.internal.report;

import dev.latencylens.results.RunResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a finished run to a metrics back end (Prometheus Pushgateway, InfluxDB, OTLP). Implementations live in
 * {@code lens-export} and are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.latencylens.internal.report.ResultExporter}); {@link ResultExports} runs the ones
 * whose {@link #property()} is set, after the reports are written, off the measuring threads.
 *
 * <p>Internal, not an SPI for users: the files in {@code target/lens} are the stable way to feed another system,
 * and this interface moves with the post-run pipeline.
 */
public interface ResultExporter {

    /** How warnings and logs name it, e.g. {@code Prometheus Pushgateway}. */
    String name();

    /** The {@code lens.*} property whose value is the target URL, e.g. {@code lens.export.pushgateway}. */
    String property();

    /**
     * Sends {@code run}. Bounds every network wait with a short timeout of its own and throws when the target
     * refused or could not be reached; the caller turns that into one warning.
     *
     * @return what was sent, in a few words, for the log (e.g. {@code 2 benchmark(s)}); never a credential
     * @throws Exception when the export failed; its message must not contain a credential
     */
    String export(Request request) throws Exception;

    /**
     * One export.
     *
     * @param target      the property's value, parsed
     * @param run         the finished run
     * @param requestLog  {@code requests.jsonl}, when the run wrote one
     * @param settings    every {@code lens.*} setting of the run (e.g. {@code lens.export.otlp.timeoutMs})
     * @param environment the process environment, for tokens ({@code INFLUX_TOKEN})
     */
    record Request(URI target, RunResult run, Optional<Path> requestLog, Map<String, String> settings,
                   Map<String, String> environment) {

        public Request {
            settings = Map.copyOf(settings);
            environment = Map.copyOf(environment);
        }
    }
}
