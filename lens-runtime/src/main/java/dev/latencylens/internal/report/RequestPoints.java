package dev.latencylens.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The requests of one result as the HTML report draws them in start order, read from {@code requests.jsonl}: each
 * request's place (cold probe 0, warmup from 1, then measured, then cooldown), its TTFT and E2E, its phase and its
 * error class; at most {@value #MAX_POINTS} of them (every failure, the probe, warmup and cooldown kept, successful
 * measured requests sampled evenly).
 *
 * @param total  how many requests the log has for the result
 * @param points the requests drawn, in start order
 */
record RequestPoints(long total, List<Point> points) {

    /** At most this many requests per result are drawn. */
    static final int MAX_POINTS = 5_000;

    /**
     * One request as drawn: x = its place; phase 0 cold, 1 warmup, 2 measured, 3 cooldown; NaN where it has no TTFT
     * or E2E; the error class, null when it succeeded.
     */
    record Point(int x, double ttftMs, double e2eMs, int phase, String errorClass) {
    }

    /**
     * The requests of the run's results, by result name. Lines of other benchmarks are skipped, and so is a last line
     * cut short by a killed run. Each line is read for the few fields drawn, the rest skipped unparsed: a
     * 100,000-request log is some 90 MB, most of it every event's offset, which a full {@link RequestRecord} would
     * parse number by number.
     */
    static Map<String, RequestPoints> read(Path requestsJsonl, RunResult run) throws IOException {
        Map<String, BenchmarkDescriptor> byName = new HashMap<>();
        for (BenchmarkResult b : run.benchmarks()) {
            byName.put(b.descriptor().name(), b.descriptor());
        }
        Map<String, List<Point>> all = new HashMap<>();
        try (RequestLogReader log = RequestLogReader.open(requestsJsonl)) {
            for (Optional<Drawn> next = log.next(Drawn::parse); next.isPresent(); next = log.next(Drawn::parse)) {
                Drawn r = next.get();
                BenchmarkDescriptor d = byName.get(r.benchmark());
                if (d != null) {
                    all.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r.point(d));
                }
            }
        }
        Map<String, RequestPoints> sampled = new HashMap<>();
        all.forEach((name, points) -> sampled.put(name, sample(points)));
        return sampled;
    }

    /**
     * The fields of one {@code requests.jsonl} line that are drawn, by their {@link RequestRecord} names; NaN for a
     * figure the line has not, and a null error class for a success.
     */
    private record Drawn(String benchmark, Phase phase, int index, double ttftMs, double e2eMs, String errorClass) {

        private static final JsonFactory JSON = new JsonFactory();

        Point point(BenchmarkDescriptor d) {
            int x = switch (phase) {
                case COLD -> 0;
                case WARMUP -> 1 + index;
                case MEASURED -> 1 + d.warmup() + index;
                case COOLDOWN -> 1 + d.warmup() + d.iterations() + index;
            };
            return new Point(x, ttftMs, e2eMs, phase.ordinal(), errorClass);
        }

        /** @throws IllegalArgumentException when the line is not JSON, or lacks the benchmark, phase or index */
        static Drawn parse(String line) {
            String benchmark = null;
            String phase = null;
            int index = -1;
            boolean success = false;
            double ttft = Double.NaN;
            double e2e = Double.NaN;
            String error = null;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("not a request: a JSON object per line is");
                }
                for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "benchmark" -> benchmark = p.getValueAsString();
                        case "phase" -> phase = p.getValueAsString();
                        case "index" -> index = p.getValueAsInt(-1);
                        case "success" -> success = value == JsonToken.VALUE_TRUE;
                        case "ttftMs" -> ttft = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
                        case "e2eMs" -> e2e = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
                        case "errorClass" -> error = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new IllegalArgumentException("not JSON: the object does not end");
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not thrown: the parser reads a String
            }
            if (benchmark == null || phase == null || index < 0) {
                throw new IllegalArgumentException("not a request: benchmark, phase and index are required");
            }
            Phase p;
            try {
                p = Phase.valueOf(phase.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("phase '" + phase + "' is not cold, warmup, measured or cooldown");
            }
            return new Drawn(benchmark, p, index, ttft, e2e, success ? null : error == null ? "UNKNOWN" : error);
        }
    }

    /**
     * At most {@link #MAX_POINTS}: every failure and every request outside the measured phase (probe, warmup,
     * cooldown), plus successful measured requests spread evenly over the run. Should the kept ones alone exceed the
     * limit, everything is spread evenly, the probe kept.
     */
    private static RequestPoints sample(List<Point> points) {
        points.sort(Comparator.comparingInt(Point::x));
        if (points.size() <= MAX_POINTS) {
            return new RequestPoints(points.size(), points);
        }
        Predicate<Point> keep = p -> p.errorClass() != null || p.phase() != 2;
        long kept = points.stream().filter(keep).count();
        if (kept >= MAX_POINTS) {
            keep = p -> p.phase() == 0;
            kept = points.stream().filter(keep).count();
        }
        long others = points.size() - kept;
        long room = Math.max(0, MAX_POINTS - kept);
        List<Point> out = new ArrayList<>(MAX_POINTS);
        long seen = 0;
        long lastSlot = -1;
        for (Point p : points) {
            if (keep.test(p)) {
                out.add(p);
                continue;
            }
            // Evenly spread: the i-th other request is kept when it starts a new one of `room` slots.
            long slot = seen++ * room / others;
            if (slot != lastSlot && slot < room) {
                out.add(p);
                lastSlot = slot;
            }
        }
        return new RequestPoints(points.size(), out);
    }
}
