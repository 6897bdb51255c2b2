package dev.latencylens.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every metric Latency Lens exports, named once for every exporter: its OpenTelemetry name and unit, its Prometheus
 * name (the OpenTelemetry name with dots as underscores, the unit as a suffix, {@code _total} on counters: the
 * OpenTelemetry-to-Prometheus conversion rules), its instrument, the bucket boundaries of a histogram and where its
 * values come from. InfluxDB points carry the same figures as fields (see {@link InfluxExporter}).
 *
 * <pre>{@code
 * ExportedMetric.TIME_TO_FIRST_TOKEN.openTelemetryName(); // gen_ai.server.time_to_first_token
 * ExportedMetric.TIME_TO_FIRST_TOKEN.prometheusName();    // gen_ai_server_time_to_first_token_seconds
 * ExportedMetric.byPrometheusName("lens_requests_total"); // Optional[REQUESTS]
 * }</pre>
 *
 * <p>Where the OpenTelemetry GenAI semantic conventions name a figure, their name, unit and advised bucket boundaries
 * are used (semantic conventions, "Semantic conventions for generative AI metrics"); Lens's own figures are under
 * {@code lens.*}. The attributes ({@link #PROVIDER}, {@link #REQUEST_MODEL}, {@link #OPERATION}, {@link #BENCHMARK},
 * ...) are on every point; in Prometheus their dots become underscores. {@link #ALERT} is exposed by
 * {@code lens monitor}, not by the exporters of a run.
 */
public enum ExportedMetric {

    OPERATION_DURATION("gen_ai.client.operation.duration", "s", Kind.HISTOGRAM, Buckets.DURATION, "e2e",
            "end to end: request sent to stream finished, successful requests"),
    TIME_TO_FIRST_TOKEN("gen_ai.server.time_to_first_token", "s", Kind.HISTOGRAM, Buckets.TIME_TO_FIRST_TOKEN,
            "ttft", "request sent to the first event carrying generated content, successful requests"),
    TIME_PER_OUTPUT_TOKEN("gen_ai.server.time_per_output_token", "s", Kind.HISTOGRAM, Buckets.PER_TOKEN, "tpot",
            "(last content event - first) / (streamed output tokens - 1), one per request"),
    TOKEN_USAGE("gen_ai.client.token.usage", "{token}", Kind.HISTOGRAM, Buckets.TOKENS,
            "tokens.inputPerRequest, tokens.outputPerRequest",
            "input and output tokens of each successful request (gen_ai.token.type input or output)"),
    INTER_CHUNK_LATENCY("gen_ai.client.operation.time_per_output_chunk", "s", Kind.HISTOGRAM, Buckets.PER_TOKEN, "icl",
            "every gap between two content events of a request"),
    SCHEDULE_LAG("lens.schedule_lag", "s", Kind.HISTOGRAM, Buckets.TIME_TO_FIRST_TOKEN, "scheduleLag",
            "intended send time to request sent: how late the client sent, every request"),
    REQUESTS("lens.requests", "{request}", Kind.COUNTER, Buckets.NONE, "reliability",
            "measured requests by outcome: success or the error class (rate_limited, http_5xx, timeout, ...)"),
    TOKENS("lens.tokens", "{token}", Kind.COUNTER, Buckets.NONE, "tokens",
            "tokens of the successful requests by gen_ai.token.type: input, output, cached_input, reasoning"),
    COST("lens.cost", "", Kind.COUNTER, Buckets.NONE, "cost.total",
            "what the measured requests cost, in the price table's currency (attribute currency); absent when"
                    + " the model has no price"),
    REQUEST_RATE("lens.throughput.requests", "{request}/s", Kind.GAUGE, Buckets.NONE,
            "throughput.requestsPerSecond", "successful requests per second of the measured window"),
    OUTPUT_TOKEN_RATE("lens.throughput.output_tokens", "{token}/s", Kind.GAUGE, Buckets.NONE,
            "throughput.outputTokensPerSecond", "output tokens per second of the measured window"),
    GOODPUT("lens.goodput.requests", "{request}/s", Kind.GAUGE, Buckets.NONE, "goodput.requestsPerSecond",
            "requests per second that met every per-request objective of the @Sla; absent without one"),
    ALERT("lens.alert", "", Kind.GAUGE, Buckets.NONE, "lens monitor",
            "1 while lens monitor's drift alert for the benchmark fires, else 0 (not exported by a run)");

    /** {@code gen_ai.provider.name}: the provider, in the semantic conventions' words ({@link #providerName}). */
    public static final String PROVIDER = "gen_ai.provider.name";
    /** {@code gen_ai.request.model}: the model the benchmark asks for. */
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    /** {@code gen_ai.operation.name}: always {@value #CHAT}. */
    public static final String OPERATION = "gen_ai.operation.name";
    /** {@code gen_ai.token.type}: {@code input}, {@code output} (for {@link #TOKENS} also {@code cached_input}, ...). */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    /** {@code benchmark}: the benchmark's name (a sweep step's name for a step), on every point. */
    public static final String BENCHMARK = "benchmark";
    /** {@code outcome}: {@code success} or the error class in lower case, on {@link #REQUESTS}. */
    public static final String OUTCOME = "outcome";
    /** {@code currency}: the price table's currency, on {@link #COST}. */
    public static final String CURRENCY = "currency";
    /** The operation every benchmark performs. */
    public static final String CHAT = "chat";

    /** How the values are aggregated. */
    public enum Kind { HISTOGRAM, COUNTER, GAUGE }

    private final String openTelemetryName;
    private final String unit;
    private final Kind kind;
    private final List<Double> buckets;
    private final String source;
    private final String description;

    ExportedMetric(String openTelemetryName, String unit, Kind kind, List<Double> buckets, String source,
                   String description) {
        this.openTelemetryName = openTelemetryName;
        this.unit = unit;
        this.kind = kind;
        this.buckets = buckets;
        this.source = source;
        this.description = description;
    }

    public String openTelemetryName() {
        return openTelemetryName;
    }

    /** The UCUM unit as OpenTelemetry has it: {@code s}, {@code {token}}, {@code {request}/s}, or none. */
    public String unit() {
        return unit;
    }

    public Kind kind() {
        return kind;
    }

    /** A histogram's upper bucket bounds, in {@link #unit()}; empty for counters and gauges. */
    public List<Double> buckets() {
        return buckets;
    }

    /** Where in the results its values come from ({@code ttft}: {@code metrics.ttft} of results.json). */
    public String source() {
        return source;
    }

    public String description() {
        return description;
    }

    /**
     * Its Prometheus name: dots to underscores, then the unit's suffix ({@code s}: {@code _seconds};
     * {@code X/s}: {@code _per_second}; an annotation in braces adds none), then {@code _total} for a counter. A
     * histogram's series add {@code _bucket}, {@code _sum} and {@code _count} to it.
     */
    public String prometheusName() {
        String name = prometheusLabel(openTelemetryName);
        String suffix = switch (unit) {
            case "s" -> "_seconds";
            case "{request}/s", "{token}/s" -> "_per_second";
            default -> "";
        };
        return name + suffix + (kind == Kind.COUNTER ? "_total" : "");
    }

    /** An attribute's name as a Prometheus label: {@code gen_ai.provider.name} is {@code gen_ai_provider_name}. */
    public static String prometheusLabel(String attribute) {
        return attribute.replace('.', '_');
    }

    /**
     * The metric one of whose Prometheus series is {@code series}: {@code gen_ai_client_token_usage_bucket} and
     * {@code lens_requests_total} are found, {@code up} is not.
     */
    public static Optional<ExportedMetric> byPrometheusName(String series) {
        return Arrays.stream(values()).filter(m -> m.prometheusName().equals(series)
                || m.kind == Kind.HISTOGRAM && List.of("_bucket", "_sum", "_count").stream()
                        .anyMatch(s -> series.equals(m.prometheusName() + s))).findFirst();
    }

    /**
     * {@code gen_ai.provider.name} for a Latency Lens provider id: the semantic conventions' well-known value where
     * there is one ({@code bedrock} is {@code aws.bedrock}, {@code azure-openai} is {@code azure.ai.openai},
     * {@code gemini} is {@code gcp.gemini}, {@code vertex} is {@code gcp.vertex_ai}, {@code mistral} is
     * {@code mistral_ai}), otherwise the id itself ({@code openai}, {@code anthropic}, {@code vllm}, ...).
     */
    public static String providerName(String lensProvider) {
        return switch (lensProvider.toLowerCase(Locale.ROOT)) {
            case "openai-responses" -> "openai";
            case "bedrock", "bedrock-invoke" -> "aws.bedrock";
            case "azure-openai" -> "azure.ai.openai";
            case "gemini" -> "gcp.gemini";
            case "vertex" -> "gcp.vertex_ai";
            case "mistral" -> "mistral_ai";
            default -> lensProvider;
        };
    }

    /**
     * Bucket boundaries, as the semantic conventions advise them: {@code gen_ai.client.operation.duration},
     * {@code gen_ai.server.time_to_first_token} (finer below 100 ms than the durations: a first token often comes
     * that fast), {@code gen_ai.server.time_per_output_token}, {@code gen_ai.client.token.usage}. Lens's inter-chunk
     * latency takes the per-token bounds, its schedule lag the first token's.
     */
    private static final class Buckets {
        static final List<Double> NONE = List.of();
        static final List<Double> DURATION = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
                10.24, 20.48, 40.96, 81.92);
        static final List<Double> TIME_TO_FIRST_TOKEN = List.of(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
                0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
        static final List<Double> PER_TOKEN = List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
                0.75, 1.0, 2.5);
        static final List<Double> TOKENS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0,
                262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);
    }
}
