package dev.latencylens.results;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every distribution Latency Lens records, with its key in {@code results.json}, the label reports show, its unit, a
 * one-line definition ({@code docs/METRICS.md} has the formulas, and a test keeps it in step with this enum) and its
 * OpenTelemetry GenAI name where the semantic conventions have one: the {@code gen_ai.client.*} names for what the
 * client measures, the {@code gen_ai.server.*} names only for what the server reports about itself (TPOT, measured
 * by the client, has none: OpenTelemetry's {@code gen_ai.server.time_per_output_token} is the server's own).
 *
 * <pre>{@code
 * Distribution ttft = result.metric(Metric.TTFT);
 * Metric.fromKey("e2e");                      // Metric.E2E
 * Metric.E2E.openTelemetryName();             // Optional[gen_ai.client.operation.duration]
 * Metric.TTFT.openTelemetryName();            // Optional[gen_ai.server.time_to_first_token]
 * }</pre>
 *
 * <p>Latencies are in milliseconds. Each request adds one sample to each metric, except {@link #ICL} and
 * {@link #ITL} (one per gap between content events) and {@link #CONNECTION_SETUP} (one per new connection). The
 * per-request token counts ({@link #INPUT_TOKENS}, {@link #OUTPUT_TOKENS}) are kept under {@code tokens} in
 * {@code results.json}; every other metric is under {@code metrics}.
 */
public enum Metric {

    TTFB("ttfb", "TTFB", Units.MS, "time to first byte: request sent → response headers (diagnostic)", null),
    TTFT("ttft", "TTFT", Units.MS, "time to first token: request sent → first event carrying generated content"
            + " (text, reasoning or tool call; role-only and empty events do not count)",
            "gen_ai.server.time_to_first_token"),
    TTFO("ttfo", "TTFO", Units.MS, "time to first answer token: request sent → first answer text (not reasoning, not"
            + " a tool call); none for a response of tool calls only, whose TTFT is its first tool-call delta", null),
    ICL("icl", "ICL", Units.MS, "inter-chunk latency: every gap between two content events of a request",
            "gen_ai.client.operation.time_per_output_chunk"),
    ITL("itl", "ITL", Units.MS, "inter-token latency: a gap divided by the tokens its event carries, only where the"
            + " provider reports them (never ICL renamed)", null),
    TPOT("tpot", "TPOT", Units.MS, "time per output token: (last content event − first) / (streamed output tokens"
            + " − 1), reasoning billed but never streamed left out; one sample per request of two events or more",
            "gen_ai.server.time_per_output_token"),
    E2E("e2e", "E2E", Units.MS, "end to end: request sent → stream finished", "gen_ai.client.operation.duration"),
    RESPONSE_TIME("responseTime", "Response time", Units.MS,
            "scheduled send → stream finished: what a user waits, queueing included", null),
    USER_TTFT("userTtft", "TTFT (user)", Units.MS, "scheduled send → first content event: TTFT with queueing"
            + " included; in open-loop patterns the @Sla's TTFT bounds judge this, its E2E bounds the response time",
            null),
    SCHEDULE_LAG("scheduleLag", "Schedule lag", Units.MS, "scheduled send → request sent: how late the client sent",
            null),
    SERVER_PROMPT("serverPrompt", "Server prompt", Units.MS, "the server's own time to first token, where the"
            + " provider reports it: firstByteMs, else queueMs + loadMs + promptMs", null),
    CLIENT_OVER_SERVER_TTFT("clientOverServerTtft", "Path to first token", Units.MS,
            "TTFT − server prompt: network, proxies, TLS, HTTP and what the server does not count", null),
    SERVER_DECODE("serverDecode", "Server decode", Units.MS, "the server's decodeMs: its generation after the first"
            + " token", null),
    SERVER_TOTAL("serverTotal", "Server total", Units.MS, "the server's totalMs: its whole request",
            "gen_ai.server.request.duration"),
    CLIENT_OVER_SERVER_E2E("clientOverServerE2e", "Path, whole request", Units.MS, "E2E − server total", null),
    SERVER_PROCESSING("serverProcessing", "Server processing", Units.MS,
            "the server's processingMs (openai-processing-ms): its time to the response head", null),
    CLIENT_OVER_SERVER_TTFB("clientOverServerTtfb", "Path to the head", Units.MS, "TTFB − server processing", null),
    CONNECTION_SETUP("connectionSetup", "Connection setup", Units.MS,
            "DNS + TCP connect + TLS of each measured request that opened a new connection", null),
    OUTPUT_TOKENS_PER_SECOND("outputTokensPerSecond", "Out tok/s", Units.TOKENS_PER_SECOND,
            "output tokens / E2E of each successful request", null),
    INPUT_TOKENS("inputPerRequest", "Input tokens", Distribution.TOKENS,
            "input tokens of each successful request", "gen_ai.client.token.usage"),
    OUTPUT_TOKENS("outputPerRequest", "Output tokens", Distribution.TOKENS,
            "output tokens of each successful request, reasoning included", "gen_ai.client.token.usage");

    /** The metrics under {@code metrics} in {@code results.json}: all but the per-request token counts. */
    public static final List<Metric> RECORDED = Arrays.stream(values())
            .filter(m -> m != INPUT_TOKENS && m != OUTPUT_TOKENS).toList();

    private final String key;
    private final String label;
    private final String unit;
    private final String definition;
    private final String openTelemetryName;

    Metric(String key, String label, String unit, String definition, String openTelemetryName) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.definition = definition;
        this.openTelemetryName = openTelemetryName;
    }

    /** Its key in {@code results.json} ({@code ttft}, {@code responseTime}, {@code inputPerRequest}, ...). */
    public String key() {
        return key;
    }

    /** How reports name it ({@code TTFT}, {@code TTFT (user)}, ...). */
    public String label() {
        return label;
    }

    /** {@code ms}, {@code tokens/s} or {@code tokens}: the unit of its {@link Distribution}. */
    public String unit() {
        return unit;
    }

    /** What it measures, in one line. */
    public String definition() {
        return definition;
    }

    /** Its name in OpenTelemetry's GenAI semantic conventions (which measure in seconds); empty when none. */
    public Optional<String> openTelemetryName() {
        return Optional.ofNullable(openTelemetryName);
    }

    /** Whether it is a latency (in milliseconds). */
    public boolean isLatency() {
        return unit.equals(Units.MS);
    }

    /**
     * The metric whose key is {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the known ones
     */
    public static Metric fromKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no metric '" + key + "'; known: "
                + Arrays.stream(values()).map(Metric::key).toList());
    }

    /** The units, named once (an enum constant cannot refer to a static field of its own class). */
    private static final class Units {
        static final String MS = "ms";
        static final String TOKENS_PER_SECOND = "tokens/s";
    }
}
