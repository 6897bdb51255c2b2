package dev.latencylens.internal.report;

import dev.latencylens.results.ResultJson;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes every derived report of a run into one directory, next to the {@code results.json} the engine wrote:
 *
 * <pre>{@code
 * List<Path> written = Reports.writeAll(run, Path.of("target/lens"), Optional.empty(), List.of());
 * }</pre>
 *
 * <table>
 *   <caption>The files</caption>
 *   <tr><th>file</th><th>writer</th><th>for</th></tr>
 *   <tr><td>{@value CsvReport#FILE_NAME}</td><td>{@link CsvReport}</td><td>spreadsheets, pandas: one row per
 *       benchmark</td></tr>
 *   <tr><td>{@value MarkdownReport#FILE_NAME}</td><td>{@link MarkdownReport}</td><td>pull requests and the GitHub
 *       job summary</td></tr>
 *   <tr><td>{@value JmhJsonReport#FILE_NAME}</td><td>{@link JmhJsonReport}</td><td>tools that read JMH results:
 *       github-action-benchmark ({@code tool: jmh}), JMH Visualizer, Jenkins' JMH plugin</td></tr>
 *   <tr><td>{@value HtmlReport#FILE_NAME}</td><td>{@link HtmlReport}</td><td>a person: one self-contained page
 *       with charts, no network needed to open it</td></tr>
 * </table>
 *
 * <p>{@code results.json} is not written here: it is the engine's ({@link ResultJson}), and every file here is
 * derived from the same {@link RunResult}. Each file is written atomically (a reader never sees half a file) and
 * every number is formatted with {@link java.util.Locale#ROOT}, whatever the machine's locale.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * Writes {@code results.csv}, {@code summary.md}, {@code jmh-result.json} and {@code report.html} into
     * {@code directory} (created if needed).
     *
     * @param requestsJsonl     the run's {@code requests.jsonl} for the HTML report's per-request chart; when empty,
     *                          {@code directory/requests.jsonl} is used if it exists
     * @param extraHtmlSections trusted HTML fragments (e.g. the regression analysis) placed in the HTML report
     *                          after the summary table; see {@link HtmlReport}
     * @return the written files, in the order above
     */
    public static List<Path> writeAll(RunResult run, Path directory, Optional<Path> requestsJsonl,
                                      List<String> extraHtmlSections) throws IOException {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(requestsJsonl, "requestsJsonl");
        Objects.requireNonNull(extraHtmlSections, "extraHtmlSections");
        return List.of(
                CsvReport.write(run, directory),
                MarkdownReport.write(run, directory),
                JmhJsonReport.write(run, directory),
                HtmlReport.write(run, directory, requestsJsonl, extraHtmlSections));
    }

    // ---- shared by the writers of this package ------------------------------------------------------------------

    /** Writes {@code text} (UTF-8) to {@code directory/fileName} through a temporary file and a move. */
    static Path writeAtomically(Path directory, String fileName, String text) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(fileName);
        Path temp = directory.resolve(fileName + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The named distribution, or an empty one when the result has none by that name. */
    static Distribution metric(BenchmarkResult b, String name) {
        Distribution d = b.metrics().get(name);
        return d != null ? d : new Distribution("ms", 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(),
                OptionalDouble.empty(), 0, 1, "");
    }

    /** Requests that failed, whatever the class. */
    static long failed(BenchmarkResult b) {
        return b.reliability().attempted() - b.reliability().succeeded();
    }

    /**
     * A plain decimal with at most {@code decimals} digits after the point and no trailing zeros ({@code 12.5},
     * {@code 3}, {@code 0.125}); empty for NaN and infinities.
     */
    static String plain(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "";
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }

    static String plain(OptionalDouble value, int decimals) {
        return value.isPresent() ? plain(value.getAsDouble(), decimals) : "";
    }

    /**
     * A latency in ms for people: three significant digits down to the microsecond ({@code 0.005}, {@code 0.326},
     * {@code 4.57}, {@code 45.8}, {@code 1234.5}).
     */
    static String ms(double value) {
        double a = Math.abs(value);
        String pattern = a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(java.util.Locale.ROOT, pattern, value);
    }

    /** {@code 2025-01-02 03:04:05 UTC}: an instant for a header line. */
    static String when(java.time.Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    /** {@code 1 h 2 min}, {@code 3 min 4 s}, {@code 12.3 s}: a run's duration for a header line. */
    static String duration(RunResult run) {
        double seconds = java.time.Duration.between(run.started(), run.ended()).toMillis() / 1000.0;
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
