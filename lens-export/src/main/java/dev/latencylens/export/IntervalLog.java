package dev.latencylens.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@link Monitor}'s HdrHistogram interval log ({@code .hlog}, HdrHistogram's log format 1.3): one file for every
 * benchmark, one tagged interval histogram per benchmark, figure and round, tag {@code <benchmark id>/ttft} or
 * {@code <benchmark id>/e2e}, values in nanoseconds. One file rather than one per benchmark: a single path to
 * configure and collect, and HdrHistogram's {@code HistogramLogProcessor -tag} picks one series out of it. Flushed
 * after every round, so a reader (or a crash) never sees less than the last finished round.
 */
final class IntervalLog implements AutoCloseable {

    /** What the {@code .hlog}'s max column is divided by: nanoseconds shown as ms, as HdrHistogram's tools expect. */
    private static final double MAX_VALUE_UNIT_RATIO = 1e6;

    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final long baseMillis;
    private boolean closed;

    private IntervalLog(Path file, PrintStream out, long startMillis) {
        this.file = file;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        this.baseMillis = startMillis;
        writer.outputComment("Latency Lens monitor: tags <benchmark id>/ttft and <benchmark id>/e2e, values in ns");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
        out.flush();
    }

    /**
     * Creates (or replaces) {@code file} and writes the header.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    static IntervalLog create(Path file, long startMillis) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new IntervalLog(file, new PrintStream(new BufferedOutputStream(Files.newOutputStream(file)), false,
                    StandardCharsets.UTF_8), startMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the interval log " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Appends one interval histogram (its start and end time stamps and tag set). */
    synchronized void write(Histogram interval) {
        if (closed) {
            return;
        }
        writer.outputIntervalHistogram((interval.getStartTimeStamp() - baseMillis) / 1000.0,
                (interval.getEndTimeStamp() - baseMillis) / 1000.0, interval, MAX_VALUE_UNIT_RATIO);
    }

    /** Ends a round: everything written reaches the file. */
    synchronized void flush() {
        if (!closed) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }
}
