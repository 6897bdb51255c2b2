package dev.latencylens.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The data the HTML report's charts are drawn from, computed here from the encoded histograms so the page decodes
 * nothing: per result its latency-by-percentile curves and summary statistics, TTFT and E2E histograms, SLA bounds,
 * cold probe and requests in order; per sweep its steps' achieved rates and judged latencies; with two models or more
 * the latency–cost points of the Pareto chart. Embedded in the page as
 * JSON ({@code <script type="application/json" id="lens-data">}), numbers to the microsecond.
 */
final class HtmlChartData {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Metric> CURVE_METRICS = List.of(Metric.TTFT, Metric.ICL, Metric.E2E);
    /** Open-loop patterns add what a user waits, from the intended send time: what their @Sla judges. */
    private static final List<Metric> OPEN_LOOP_CURVE_METRICS = List.of(Metric.USER_TTFT, Metric.TTFT, Metric.ICL,
            Metric.E2E, Metric.RESPONSE_TIME);
    private static final List<Metric> HISTOGRAM_METRICS = List.of(Metric.TTFT, Metric.E2E);
    private static final int HISTOGRAM_BUCKETS = 28;

    private HtmlChartData() {
    }

    /** The data of every chart of the page. */
    static ObjectNode of(RunResult run, Map<String, RequestPoints> requests, List<ReportViews.Sweep> sweeps,
                         Optional<Recommendation> pareto) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (BenchmarkResult b : run.benchmarks()) {
            ObjectNode n = benchmarks.addObject();
            n.put("name", b.descriptor().name());
            n.put("open", ReportViews.openLoop(b));
            ObjectNode stats = n.putObject("stats");
            ObjectNode curves = n.putObject("curves");
            ArrayNode series = n.putArray("series");
            for (Metric metric : ReportViews.openLoop(b) ? OPEN_LOOP_CURVE_METRICS : CURVE_METRICS) {
                series.add(metric.key());
                Distribution d = b.metric(metric);
                stats.set(metric.key(), stats(d));
                curves.set(metric.key(), curve(d));
            }
            ObjectNode histograms = n.putObject("hist");
            for (Metric metric : HISTOGRAM_METRICS) {
                histograms.set(metric.key(), buckets(b.metric(metric)));
            }
            ObjectNode sla = n.putObject("sla");
            b.descriptor().sla().bounds().forEach((k, v) -> {
                if (v.isPresent()) {
                    sla.put(k, v.getAsDouble());
                }
            });
            n.set("cold", cold(b.coldStart(), b.metric(Metric.TTFT)));
            RequestPoints points = requests.get(b.descriptor().name());
            if (points == null) {
                n.putNull("requests");
            } else {
                ObjectNode r = n.putObject("requests");
                r.put("total", points.total());
                r.put("warmup", b.descriptor().warmup());
                r.put("iterations", b.descriptor().iterations());
                ArrayNode list = r.putArray("points");
                for (RequestPoints.Point p : points.points()) {
                    ArrayNode a = list.addArray();
                    a.add(p.x());
                    number(a, p.ttftMs());
                    number(a, p.e2eMs());
                    a.add(p.phase());
                    if (p.errorClass() == null) {
                        a.addNull();
                    } else {
                        a.add(p.errorClass());
                    }
                }
            }
        }
        root.set("pareto", pareto.map(HtmlChartData::pareto).orElse(NullNode.getInstance()));
        ArrayNode sweepNodes = root.putArray("sweeps");
        for (ReportViews.Sweep s : sweeps) {
            ObjectNode n = sweepNodes.addObject();
            n.put("name", s.name());
            OptionalDouble capacity = s.capacity();
            if (capacity.isPresent()) {
                n.put("capacity", round3(capacity.getAsDouble()));
            } else {
                n.putNull("capacity");
            }
            ObjectNode sla = n.putObject("sla");
            s.steps().get(0).descriptor().sla().bounds().forEach((k, v) -> {
                if (v.isPresent()) {
                    sla.put(k, v.getAsDouble());
                }
            });
            ArrayNode steps = n.putArray("steps");
            for (BenchmarkResult r : s.steps()) {
                ObjectNode step = steps.addObject();
                step.put("label", ReportViews.stepLabel(r).orElse(r.descriptor().name()));
                step.put("pattern", r.descriptor().pattern().name());
                step.put("open", ReportViews.openLoop(r));
                step.put("rate", round3(r.throughput().requestsPerSecond()));
                Distribution ttft = ReportViews.judgedTtft(r);
                Distribution e2e = ReportViews.judgedE2e(r);
                if (ttft.n() > 0) {
                    step.put("ttftP50", round3(ttft.p50()));
                    step.put("ttftP95", round3(ttft.p95()));
                }
                if (e2e.n() > 0) {
                    step.put("e2eP95", round3(e2e.p95()));
                }
                step.put("met", r.slaMet());
            }
        }
        return root;
    }

    /**
     * The latency–cost points of the Pareto chart ({@link Recommendation#forChart}: TTFT p95 as the {@code @Sla}
     * judges it, cost per 1k successful requests), each with its frontier flag.
     */
    private static JsonNode pareto(Recommendation r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("currency", r.rows().stream().flatMap(row -> row.currency().stream()).findFirst().orElse(""));
        ArrayNode points = n.putArray("points");
        for (Recommendation.Row row : r.rows()) {
            if (row.latencyMs().isPresent() && row.cost().isPresent()) {
                ObjectNode p = points.addObject();
                p.put("name", row.name());
                p.put("model", row.model());
                p.put("latency", round3(row.latencyMs().getAsDouble()));
                p.put("cost", row.cost().get().doubleValue());
                p.put("frontier", row.frontier());
                p.put("met", row.meetsSlo());
            }
        }
        return n;
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isNaN(v)) {
            a.addNull();
        } else {
            a.add(round3(v));
        }
    }

    private static ObjectNode stats(Distribution d) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("n", d.n());
        if (d.n() > 0) {
            s.put("min", round3(d.min()));
            s.put("p50", round3(d.p50()));
            s.put("p90", round3(d.p90()));
            s.put("p95", round3(d.p95()));
            if (d.p99().isPresent()) {
                s.put("p99", round3(d.p99().getAsDouble()));
            }
            if (d.p999().isPresent()) {
                s.put("p999", round3(d.p999().getAsDouble()));
            }
            s.put("max", round3(d.max()));
        }
        return s;
    }

    /** {@code [[percentile, value], ...]} from HdrHistogram's percentile iteration (denser towards the tail). */
    static ArrayNode curve(Distribution d) {
        ArrayNode points = MAPPER.createArrayNode();
        if (d.n() == 0 || d.histogram().isEmpty()) {
            return points;
        }
        Histogram h = Histograms.decode(d.histogram());
        double lastP = -1;
        double lastV = -1;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            double value = h.medianEquivalentValue(v.getValueIteratedTo()) / d.scale();
            if (p == lastP && value == lastV) {
                continue;
            }
            points.addArray().add(Math.round(p * 1e6) / 1e6).add(round3(value));
            lastP = p;
            lastV = value;
        }
        return points;
    }

    /**
     * Linear buckets with a round width from the minimum up. When the maximum is more than 3 times the p95, the
     * values above 3 × p95 go into one overflow count instead of stretching the axis (a far tail would squeeze the
     * body into a few bars).
     */
    static ObjectNode buckets(Distribution d) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode edges = n.putArray("edges");
        ArrayNode counts = n.putArray("counts");
        n.put("overflow", 0);
        if (d.n() == 0 || d.histogram().isEmpty()) {
            return n;
        }
        Histogram h = Histograms.decode(d.histogram());
        double scale = d.scale();
        double lo = d.min();
        double threshold = 3 * d.p95();
        double hi = d.max();
        if (d.max() > threshold && d.p95() > 0) {
            hi = lo;
            for (HistogramIterationValue v : h.recordedValues()) {
                double value = h.medianEquivalentValue(v.getValueIteratedTo()) / scale;
                if (value <= threshold) {
                    hi = Math.max(hi, value);
                }
            }
        }
        double step = niceStep(Math.max(hi - lo, Math.max(hi, 1e-3) * 0.02) / HISTOGRAM_BUCKETS);
        double start = Math.floor(lo / step) * step;
        int buckets = Math.max(1, (int) Math.ceil((hi - start) / step + 1e-9));
        if (start + buckets * step <= hi) {
            buckets++;
        }
        long[] c = new long[buckets];
        long overflow = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            double value = h.medianEquivalentValue(v.getValueIteratedTo()) / scale;
            if (value > hi && hi < d.max()) {
                overflow += v.getCountAtValueIteratedTo();
                continue;
            }
            int i = (int) Math.floor((value - start) / step);
            c[Math.max(0, Math.min(buckets - 1, i))] += v.getCountAtValueIteratedTo();
        }
        for (int i = 0; i <= buckets; i++) {
            edges.add(round6(start + i * step));
        }
        for (long count : c) {
            counts.add(count);
        }
        n.put("overflow", overflow);
        n.put("max", round3(d.max()));
        return n;
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static ObjectNode cold(ColdStart c, Distribution ttft) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("probed", c.probed());
        n.put("detected", c.detected());
        optional(n, "ttft", c.ttftMs());
        optional(n, "ttfb", c.ttfbMs());
        optional(n, "e2e", c.e2eMs());
        optional(n, "dns", c.dnsMs());
        optional(n, "connect", c.connectMs());
        optional(n, "tls", c.tlsMs());
        optional(n, "connectionSetup", c.connectionSetupMs());
        optional(n, "serverTtft", c.serverTtftMs());
        optional(n, "steadyP50", c.steadyP50Ms());
        optional(n, "steadyTail", c.steadyTailMs());
        optional(n, "threshold", c.thresholdMs());
        optional(n, "penalty", c.penaltyMs());
        n.put("tailLabel", ttft.p99().isPresent() ? "p99" : "max");
        n.put("reused", c.connectionReused());
        return n;
    }

    private static void optional(ObjectNode n, String key, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(key, round3(v.getAsDouble()));
        }
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
