package dev.latencylens.internal.report;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
     * cut short by a killed run.
     */
    static Map<String, RequestPoints> read(Path requestsJsonl, RunResult run) throws IOException {
        Map<String, BenchmarkDescriptor> byName = new HashMap<>();
        for (BenchmarkResult b : run.benchmarks()) {
            byName.put(b.descriptor().name(), b.descriptor());
        }
        Map<String, List<Point>> all = new HashMap<>();
        try (RequestLogReader log = RequestLogReader.open(requestsJsonl)) {
            for (Optional<RequestRecord> next = log.next(); next.isPresent(); next = log.next()) {
                RequestRecord r = next.get();
                BenchmarkDescriptor d = byName.get(r.benchmark());
                if (d != null) {
                    all.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(point(r, d));
                }
            }
        }
        Map<String, RequestPoints> sampled = new HashMap<>();
        all.forEach((name, points) -> sampled.put(name, sample(points)));
        return sampled;
    }

    private static Point point(RequestRecord r, BenchmarkDescriptor d) {
        int x = switch (r.phase()) {
            case COLD -> 0;
            case WARMUP -> 1 + r.index();
            case MEASURED -> 1 + d.warmup() + r.index();
            case COOLDOWN -> 1 + d.warmup() + d.iterations() + r.index();
        };
        return new Point(x, r.ttftMs().orElse(Double.NaN), r.e2eMs().orElse(Double.NaN), r.phase().ordinal(),
                r.success() ? null : r.errorClass().map(Enum::name).orElse("UNKNOWN"));
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
