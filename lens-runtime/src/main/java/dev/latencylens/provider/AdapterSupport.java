package dev.latencylens.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.ErrorClass;
import dev.latencylens.stream.SseEvent;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;

/**
 * What the built-in adapters share: the request's own limits winning over the benchmark's, extra parameters added
 * verbatim, JSON event payloads parsed or reported as malformed, token counts read leniently, and a base URL with
 * or without its API version. Stateless; every method is thread-safe.
 */
public final class AdapterSupport {

    /** Shared, configured once; Jackson's mapper is thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final ObjectReader READER = MAPPER.reader();
    public static final MediaType JSON = MediaType.get("application/json");
    /** How much of a malformed event's data goes into the error message. */
    public static final int MALFORMED_PREFIX = 200;

    private static final Pattern API_VERSION = Pattern.compile("v\\d+((alpha|beta)\\d*)?");

    private AdapterSupport() {
    }

    /** The request's {@code maxTokens}, else the benchmark's. */
    public static int maxTokens(ChatRequest request, BenchmarkDescriptor benchmark) {
        return request.maxTokens().orElse(benchmark.maxTokens());
    }

    /** The request's {@code temperature}, else the benchmark's, else none. */
    public static OptionalDouble temperature(ChatRequest request, BenchmarkDescriptor benchmark) {
        return request.temperature().isPresent() ? request.temperature() : benchmark.temperature();
    }

    /**
     * Adds every {@link ChatRequest#extra()} entry to {@code body}, verbatim. An extra named like a field already
     * in the body replaces it in place, except that an object-valued extra is merged into an object field (its
     * fields win): {@code extra("generationConfig", Map.of("thinkingConfig", ...))} keeps Gemini's
     * {@code maxOutputTokens}, {@code extra("options", Map.of("num_ctx", 8192))} Ollama's {@code num_predict}.
     *
     * @throws IllegalArgumentException when a value cannot be written as JSON, naming the extra
     */
    public static void putExtras(ObjectNode body, Map<String, Object> extra) {
        extra.forEach((key, value) -> {
            JsonNode tree;
            try {
                tree = MAPPER.valueToTree(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ChatRequest extra '" + key + "' cannot be written as JSON: "
                        + e.getMessage(), e);
            }
            JsonNode existing = body.get(key);
            if (existing instanceof ObjectNode target && tree instanceof ObjectNode fields) {
                for (Map.Entry<String, JsonNode> f : fields.properties()) {
                    target.set(f.getKey(), f.getValue());
                }
            } else {
                body.set(key, tree);
            }
        });
    }

    /** The bytes of a JSON body. */
    public static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the request body", e);
        }
    }

    /** {@code request} signed by the endpoint's {@link RequestSigner}, if it has one. */
    public static Request signed(Endpoint endpoint, Request request, byte[] body) {
        return endpoint.signer().map(s -> s.sign(request, body)).orElse(request);
    }

    /**
     * The event's data as a JSON object, or null after reporting {@link ErrorClass#PROTOCOL}
     * ({@code malformed event: <first 200 characters>}) to {@code sink}. Blank data is null without a report.
     */
    public static JsonNode object(SseEvent event, StreamSink sink) {
        String data = event.data();
        if (data.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = READER.readTree(data);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            sink.error(event.receivedNanos(), ErrorClass.PROTOCOL, "malformed event: "
                    + data.substring(0, Math.min(MALFORMED_PREFIX, data.length())));
            return null;
        }
        return root;
    }

    /** A non-empty string field, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        return s.isEmpty() ? null : s;
    }

    /** A count: a non-negative number, else {@link Usage#UNKNOWN}. */
    public static long count(JsonNode v) {
        return v != null && v.isNumber() && v.asLong() >= 0 ? v.asLong() : Usage.UNKNOWN;
    }

    /** The sum of the known counts, {@link Usage#UNKNOWN} when none is known. */
    public static long sum(long... counts) {
        long total = Usage.UNKNOWN;
        for (long c : counts) {
            if (c >= 0) {
                total = total < 0 ? c : total + c;
            }
        }
        return total;
    }

    /** {@code a} followed by {@code b}, either may be null. */
    public static String concat(String a, String b) {
        return a == null ? b : b == null ? a : a + b;
    }

    /**
     * The base URL with its API version: as given when its last path segment is a version ({@code v1},
     * {@code v2}, {@code v1beta}, ...), else with {@code version} appended. So the SDKs' convention (Anthropic's
     * {@code ANTHROPIC_BASE_URL=https://api.anthropic.com}, Cohere's {@code CO_API_URL}) and ours
     * ({@code https://api.anthropic.com/v1}) both work.
     */
    public static HttpUrl versioned(HttpUrl base, String version) {
        java.util.List<String> segments = base.pathSegments();
        String last = "";
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (!segments.get(i).isEmpty()) {
                last = segments.get(i);
                break;
            }
        }
        if (API_VERSION.matcher(last).matches()) {
            return base;
        }
        return base.newBuilder().addPathSegment(version).build();
    }

    /** {@link Endpoint#resolve} against a base URL other than the endpoint's own. */
    public static HttpUrl resolve(HttpUrl base, String path) {
        HttpUrl.Builder b = base.newBuilder();
        // a trailing slash leaves an empty last segment: drop it so "https://h/v1/" + "messages" is /v1/messages
        java.util.List<String> segments = base.pathSegments();
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            b.removePathSegment(segments.size() - 1);
        }
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                b.addPathSegment(segment);
            }
        }
        return b.build();
    }
}
