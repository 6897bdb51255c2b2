package dev.latencylens.export;

import dev.latencylens.internal.report.ResultExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lens.export.influxdb}: writes one point per request and one summary point per benchmark to InfluxDB over
 * HTTP in line protocol ({@link InfluxLineProtocol}), {@value #BATCH} lines per POST.
 * <ul>
 *   <li>InfluxDB 1.x: {@code http://host:8086/write?db=NAME} (its {@code u}, {@code p}, {@code rp} parameters
 *       pass through);</li>
 *   <li>InfluxDB 2.x: {@code http://host:8086/api/v2/write?org=ORG&bucket=BUCKET}, with the token from the
 *       environment variable {@code INFLUX_TOKEN} as {@code Authorization: Token ...} (never logged).</li>
 * </ul>
 * Measurement {@code lens_request}: tags {@code benchmark}, {@code provider} ({@code gen_ai.provider.name}),
 * {@code model}, {@code phase}, {@code outcome}; fields as {@link RequestValues#fields()}; time = when the request was
 * sent. InfluxDB keeps one point per series and timestamp, so the nanosecond digits below the microsecond carry the
 * request's index (mod 1000): two requests of one benchmark sent within the same microsecond stay two points.
 * Measurement {@code lens_benchmark}: tags {@code benchmark}, {@code provider}, {@code model}; fields as
 * {@link BenchmarkValues#summary()}; time = the end of the run.
 */
public final class InfluxExporter implements ResultExporter {

    public static final String PROPERTY = "lens.export.influxdb";
    public static final String TOKEN_VARIABLE = "INFLUX_TOKEN";
    static final int BATCH = 5000;

    @Override
    public String name() {
        return "InfluxDB";
    }

    @Override
    public String property() {
        return PROPERTY;
    }

    @Override
    public String export(Request request) throws Exception {
        URI target = request.target();
        String path = target.getPath() == null ? "" : target.getPath();
        if (!path.endsWith("/write")) {
            throw new IllegalArgumentException(PROPERTY + " must end in /write?db=NAME (InfluxDB 1.x) or"
                    + " /api/v2/write?org=ORG&bucket=BUCKET (2.x), was a URL ending in '" + path + "'");
        }
        boolean v2 = path.endsWith("/api/v2/write");
        String token = request.environment().getOrDefault(TOKEN_VARIABLE, "");
        if (v2 && token.isBlank()) {
            throw new IllegalArgumentException("InfluxDB 2.x needs a token: set " + TOKEN_VARIABLE);
        }
        ExportTimeouts timeouts = ExportTimeouts.of(request.settings());
        Writer writer = new Writer(HttpClient.newBuilder().connectTimeout(timeouts.connect()).build(), target,
                token, timeouts);
        List<BenchmarkValues> benchmarks = LensResults.of(request.run());
        Map<String, BenchmarkValues> byName = new HashMap<>();
        benchmarks.forEach(b -> byName.put(b.benchmark(), b));
        long[] points = {0};
        if (request.requestLog().isPresent()) {
            IOException[] failure = {null};
            LensResults.forEachRequest(request.requestLog().get(), r -> {
                if (failure[0] == null) {
                    try {
                        writer.add(requestLine(r, byName.get(r.benchmark())));
                        points[0]++;
                    } catch (IOException e) {
                        failure[0] = e; // stop at the first failed batch: the target is down or refuses
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        for (BenchmarkValues b : benchmarks) {
            writer.add(InfluxLineProtocol.line("lens_benchmark", tags(b.benchmark(), b), b.summary(),
                    InfluxLineProtocol.epochNanos(b.time())));
        }
        writer.flush();
        return points[0] + " request point(s) and " + benchmarks.size() + " benchmark point(s)";
    }

    static String requestLine(RequestValues r, BenchmarkValues benchmark) {
        Map<String, String> tags = tags(r.benchmark(), benchmark);
        tags.put("phase", r.phase());
        tags.put("outcome", r.outcome());
        Map<String, Object> fields = new LinkedHashMap<>(r.fields());
        fields.put("success", r.outcome().equals("success"));
        Instant t = r.time();
        long nanos = InfluxLineProtocol.epochNanos(t) / 1000 * 1000 + Math.floorMod(r.index(), 1000);
        return InfluxLineProtocol.line("lens_request", tags, fields, nanos);
    }

    private static Map<String, String> tags(String benchmark, BenchmarkValues b) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("benchmark", benchmark);
        if (b != null) {
            tags.put("provider", b.provider());
            tags.put("model", b.model());
        }
        return tags;
    }

    /** Collects lines and POSTs them {@value #BATCH} at a time. */
    private static final class Writer {
        private final HttpClient http;
        private final URI target;
        private final String token;
        private final ExportTimeouts timeouts;
        private final List<String> batch = new ArrayList<>(BATCH);

        Writer(HttpClient http, URI target, String token, ExportTimeouts timeouts) {
            this.http = http;
            this.target = target;
            this.token = token;
            this.timeouts = timeouts;
        }

        void add(String line) throws IOException {
            batch.add(line);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            HttpRequest.Builder post = HttpRequest.newBuilder(target).timeout(timeouts.request())
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batch) + "\n"));
            if (!token.isBlank()) {
                post.header("Authorization", "Token " + token);
            }
            HttpResponse<String> response;
            try {
                response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() / 100 != 2) {
                String body = response.body() == null ? "" : response.body().strip();
                throw new IOException("HTTP " + response.statusCode() + (body.isEmpty() ? ""
                        : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)));
            }
            batch.clear();
        }
    }
}
