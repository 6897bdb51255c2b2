package dev.latencylens.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.SlaViolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A {@link Recommendation} for people ({@link #text}: the table with the frontier marked, the projection, the pick
 * or who came closest) and for tools ({@link #json}: every row, the frontier flags, the projection and the pick).
 */
public final class RecommendationReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] HEADER = {"", "Benchmark", "Provider/model", "Latency", "Cost", "SLOs",
            "Capacity", "Replicas"};
    private static final int LEFT_COLUMNS = 3;

    private RecommendationReport() {
    }

    /** What {@code lens recommend} prints. */
    public static String text(Recommendation r) {
        Recommendation.Options o = r.options();
        StringBuilder out = new StringBuilder();
        out.append("Latency: ").append(o.latency()).append(" (TTFT and E2E bounds from the intended send time in"
                + " open-loop patterns, as @Sla judges them). Cost: ").append(costBasis(o)).append('\n');
        out.append("SLOs: ").append(o.slo().map(RecommendationReport::bounds)
                .orElse("each benchmark's own @Sla")).append('\n');
        o.traffic().ifPresent(t -> out.append(String.format(Locale.ROOT, "Traffic: %s = %s requests a month, %.3f"
                        + " req/s on average, %.3f req/s at the assumed peak (%s × the average; --peak)%n", t.stated(),
                t.requestsPerMonth().toPlainString(), t.averagePerSecond(), t.peakPerSecond(),
                t.peakFactor().toPlainString())));
        out.append('\n');
        List<String[]> table = new ArrayList<>();
        table.add(HEADER);
        for (Recommendation.Row row : r.rows()) {
            table.add(new String[] {row.frontier() ? "*" : "", Redactor.printable(row.name()),
                    Redactor.printable(row.model()), row.latencyMs().isPresent()
                    ? Reports.ms(row.latencyMs().getAsDouble()) + " ms" : "-", cost(row),
                    row.meetsSlo() ? "met" : "missed " + row.misses().stream().map(SlaViolation::bound)
                    .collect(Collectors.joining(",")), row.capacityAtSlo().isPresent()
                    ? String.format(Locale.ROOT, "%.2f req/s", row.capacityAtSlo().getAsDouble()) : "-",
                    row.replicas().isPresent() ? Long.toString(row.replicas().getAsLong()) : "-"});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : table) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : table) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String spaces = " ".repeat(widths[i] - line[i].length());
                l.append(i == 0 ? "" : "  ").append(i < LEFT_COLUMNS ? line[i] + spaces : spaces + line[i]);
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        out.append("* on the latency–cost Pareto frontier: no other benchmark is both as fast and as cheap."
                + " Capacity: a sweep's capacity at SLO; Replicas: ceil(peak rate / capacity).\n");
        for (Recommendation.Row row : r.rows()) {
            row.costUnknown().ifPresent(why -> out.append("COST UNKNOWN ").append(Redactor.printable(row.name()))
                    .append(": ").append(why).append(" (never recommended on cost)\n"));
        }
        out.append('\n');
        Optional<Recommendation.Row> pick = r.pick();
        if (pick.isPresent()) {
            Recommendation.Row p = pick.get();
            out.append("Recommended: ").append(Redactor.printable(p.name())).append(" (")
                    .append(Redactor.printable(p.model())).append(")\n");
            out.append("  the cheapest of ").append(r.rows().stream().filter(Recommendation.Row::meetsSlo).count())
                    .append(" benchmark(s) meeting every SLO: ").append(cost(p))
                    .append(p.latencyMs().isPresent() ? ", " + o.latency() + " " + Reports.ms(p.latencyMs()
                    .getAsDouble()) + " ms" : "").append('\n');
            o.traffic().ifPresent(t -> out.append(sizing(t, p)));
        } else {
            long meeting = r.rows().stream().filter(Recommendation.Row::meetsSlo).count();
            out.append(meeting == 0 ? "No benchmark meets every SLO.\n" : "No benchmark with a known cost meets every"
                    + " SLO (" + meeting + " meet them, without a known cost).\n");
            for (Recommendation.Closest c : r.closest()) {
                out.append("  ").append(c.bound()).append(": ").append(closestLine(c)).append('\n');
            }
        }
        return out.toString();
    }

    private static String costBasis(Recommendation.Options o) {
        return o.traffic().map(t -> "projected for a 30-day month at " + t.stated() + t.tokensPerRequest()
                .map(k -> " with " + k.totalInput() + " input and " + k.output() + " output tokens a request, at each"
                        + " benchmark's price")
                .orElse(" at each benchmark's measured cost per successful request")).orElse("per 1,000 successful"
                + " requests, as measured");
    }

    private static String bounds(SlaSpec slo) {
        List<String> parts = new ArrayList<>();
        slo.bounds().forEach((k, v) -> v.ifPresent(x -> parts.add(MarkdownReport.slaBound(k, x))));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String cost(Recommendation.Row row) {
        if (row.cost().isEmpty()) {
            return "unknown";
        }
        String c = row.currency().map(x -> " " + x).orElse("");
        return ReportViews.amount(row.cost().get()) + c + (row.monthly().isPresent() ? "/month" : "/1k");
    }

    /** The replicas and rate limit the traffic needs of the pick. */
    private static String sizing(Traffic t, Recommendation.Row p) {
        double peakPerMinute = t.peakPerSecond() * 60;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  at the peak of %.3f req/s: a hosted API"
                + " needs a rate limit of at least %.0f requests/min", t.peakPerSecond(), Math.ceil(peakPerMinute)));
        t.tokensPerRequest().ifPresent(k -> s.append(String.format(Locale.ROOT, " and %.0f tokens/min",
                Math.ceil(peakPerMinute * (k.totalInput() + k.output())))));
        if (p.replicas().isPresent()) {
            s.append(String.format(Locale.ROOT, "; self-hosted, %d replica(s) at its capacity at SLO of %.2f req/s"
                    + " each", p.replicas().getAsLong(), p.capacityAtSlo().getAsDouble()));
        } else {
            s.append("; replicas: no sweep measured its capacity at SLO (run it as a SWEEP to size a deployment)");
        }
        return s.append('\n').toString();
    }

    private static String closestLine(Recommendation.Closest c) {
        if (!c.metBy().isEmpty()) {
            return "met by " + c.metBy().stream().map(r -> Redactor.printable(r.name()))
                    .collect(Collectors.joining(", "));
        }
        Recommendation.Row row = c.closest().orElseThrow();
        SlaViolation v = c.violation().orElseThrow();
        String who = Redactor.printable(row.name()) + " (" + Redactor.printable(row.model()) + ")";
        if (c.relativeMiss().isEmpty()) {
            return "nobody measured it; " + who + ": " + v.message();
        }
        return String.format(Locale.ROOT, "closest %s, %s by %.1f %%: %s", who,
                v.bound().startsWith("min") ? "under" : "over", 100 * c.relativeMiss().getAsDouble(), v.message());
    }

    /** Every row, the frontier flags, the projection, the pick and, without one, who came closest. */
    public static String json(Recommendation r) {
        Recommendation.Options o = r.options();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("latency", o.latency());
        root.put("cost", o.traffic().isPresent() ? "monthly" : "perThousandSuccessful");
        if (o.slo().isPresent()) {
            root.set("slo", bounds(MAPPER.createObjectNode(), o.slo().get()));
        } else {
            root.putNull("slo");
        }
        if (o.traffic().isPresent()) {
            Traffic t = o.traffic().get();
            ObjectNode n = root.putObject("traffic");
            n.put("stated", t.stated());
            n.put("requestsPerMonth", t.requestsPerMonth());
            n.put("averagePerSecond", t.averagePerSecond());
            n.put("peakFactor", t.peakFactor());
            n.put("peakPerSecond", t.peakPerSecond());
            t.tokensPerRequest().ifPresent(k -> {
                n.put("inputTokens", k.totalInput());
                n.put("outputTokens", k.output());
            });
        } else {
            root.putNull("traffic");
        }
        ArrayNode rows = root.putArray("rows");
        for (Recommendation.Row row : r.rows()) {
            ObjectNode n = rows.addObject();
            n.put("name", row.name());
            n.put("id", row.result().id());
            n.put("provider", row.result().descriptor().provider());
            n.put("model", row.result().descriptor().model());
            number(n, "latencyMs", row.latencyMs());
            amount(n, "costPerThousand", row.costPer1k());
            amount(n, "monthlyCost", row.monthly());
            n.put("currency", row.currency().orElse(null));
            n.put("costUnknown", row.costUnknown().orElse(null));
            n.put("meetsSlo", row.meetsSlo());
            bounds(n.putObject("slo"), row.slo());
            ArrayNode misses = n.putArray("misses");
            for (SlaViolation v : row.misses()) {
                ObjectNode m = misses.addObject();
                m.put("bound", v.bound());
                m.put("limit", v.limit());
                number(m, "measured", v.measured());
                m.put("message", v.message());
            }
            n.put("frontier", row.frontier());
            number(n, "capacityAtSlo", row.capacityAtSlo());
            if (row.replicas().isPresent()) {
                n.put("replicas", row.replicas().getAsLong());
            } else {
                n.putNull("replicas");
            }
        }
        Optional<Recommendation.Row> pick = r.pick();
        if (pick.isPresent()) {
            ObjectNode p = root.putObject("recommended");
            p.put("name", pick.get().name());
            p.put("provider", pick.get().result().descriptor().provider());
            p.put("model", pick.get().result().descriptor().model());
            root.putArray("closest");
        } else {
            root.putNull("recommended");
            ArrayNode closest = root.putArray("closest");
            for (Recommendation.Closest c : r.closest()) {
                ObjectNode n = closest.addObject();
                n.put("bound", c.bound());
                ArrayNode met = n.putArray("metBy");
                c.metBy().forEach(m -> met.add(m.name()));
                n.put("closest", c.closest().map(Recommendation.Row::name).orElse(null));
                number(n, "relativeMiss", c.relativeMiss());
                n.put("message", c.violation().map(SlaViolation::message).orElse(null));
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing a tree to a String does not fail
        }
    }

    /** Writes {@link #json} to {@code file} atomically. */
    public static Path writeJson(Recommendation r, Path file) throws IOException {
        return AtomicFile.write(file, json(r));
    }

    private static ObjectNode bounds(ObjectNode n, SlaSpec slo) {
        slo.bounds().forEach((k, v) -> v.ifPresent(x -> n.put(k, x)));
        return n;
    }

    private static void number(ObjectNode n, String key, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(key, v.getAsDouble());
        } else {
            n.putNull(key);
        }
    }

    private static void amount(ObjectNode n, String key, Optional<BigDecimal> v) {
        if (v.isPresent()) {
            n.put(key, v.get()); // exact: a tool rounds as it needs
        } else {
            n.putNull(key);
        }
    }
}
