package dev.latencylens.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.RequestSigner;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What the built-in adapters share: the request's own limits winning over the benchmark's, stop sequences and extra
 * parameters added verbatim, the streamed JSON POST, JSON event payloads parsed or reported as malformed, content
 * reported when there is some, token counts read leniently, and a base URL with or without its API version.
 * Stateless; every method is thread-safe.
 */
public final class AdapterSupport {

    /** Shared, configured once; Jackson's mapper is thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final ObjectReader READER = MAPPER.reader();
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
     * Adds the conversation to {@code messages} as {@code {"role", "content"}} objects, roles {@code user} and
     * {@code assistant}; with {@code systemFirst}, the system prompt (when set) before it as role {@code system}.
     */
    public static void putMessages(ArrayNode messages, ChatRequest request, boolean systemFirst) {
        if (systemFirst) {
            request.system().ifPresent(system -> messages.addObject().put("role", "system").put("content", system));
        }
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role() == Message.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
    }

    /** Adds the request's stop sequences to {@code node} as array {@code field}; nothing when it has none. */
    public static void putStop(ObjectNode node, String field, ChatRequest request) {
        if (!request.stop().isEmpty()) {
            ArrayNode stop = node.putArray(field);
            request.stop().forEach(stop::add);
        }
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

    /**
     * A streamed JSON {@code POST} of {@code body} to {@code url}: the credentials {@code auth} sets, then the
     * endpoint's {@link Endpoint#headers()}, {@code Content-Type: application/json} and {@code Accept: accept};
     * signed by the endpoint's {@link RequestSigner}, if it has one.
     */
    public static ProviderRequest post(Endpoint endpoint, URI url, byte[] body, String accept,
                                       UnaryOperator<ProviderRequest> auth) {
        ProviderRequest r = auth.apply(ProviderRequest.post(url, body));
        for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        r = r.withHeader("Content-Type", "application/json").withHeader("Accept", accept);
        return signed(endpoint, r);
    }

    /** Sets {@code Authorization: Bearer <key>} when the endpoint has a key: an {@code auth} for {@link #post}. */
    public static UnaryOperator<ProviderRequest> bearer(Endpoint endpoint) {
        return r -> endpoint.apiKey().map(key -> r.withHeader("Authorization", "Bearer " + key)).orElse(r);
    }

    /** {@code request} signed by the endpoint's {@link RequestSigner}, if it has one. */
    public static ProviderRequest signed(Endpoint endpoint, ProviderRequest request) {
        return endpoint.signer().map(s -> s.sign(request)).orElse(request);
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
        JsonNode root = parseObject(data);
        if (root == null) {
            sink.error(event.receivedNanos(), ErrorClass.PROTOCOL, malformed(data));
        }
        return root;
    }

    /** {@code data} as a JSON object, or null when it is not one. */
    public static JsonNode parseObject(String data) {
        JsonNode root;
        try {
            root = READER.readTree(data);
        } catch (IOException e) {
            return null;
        }
        return root != null && root.isObject() ? root : null;
    }

    /** The {@link ErrorClass#PROTOCOL} message for event data that is not a JSON object. */
    public static String malformed(String data) {
        return "malformed event: " + data.substring(0, Math.min(MALFORMED_PREFIX, data.length()));
    }

    /** {@link StreamSink#content} of {@code text} (with no token count) when it is not null. */
    public static void content(StreamSink sink, long t, ContentKind kind, String text) {
        if (text != null) {
            sink.content(t, kind, text, -1);
        }
    }

    /**
     * {@link StreamSink#server} of each numeric field of {@code node} that {@code fields} names (field → figure),
     * multiplied by {@code scale} (e.g. 1000 for seconds, 1e-6 for nanoseconds); other fields are ignored.
     */
    public static void figures(JsonNode node, Map<String, ServerFigure> fields, double scale, long t, StreamSink sink) {
        if (node == null || !node.isObject()) {
            return;
        }
        fields.forEach((field, figure) -> {
            JsonNode v = node.get(field);
            if (v != null && v.isNumber()) {
                sink.server(t, figure, v.asDouble() * scale);
            }
        });
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
    public static URI versioned(URI base, String version) {
        String last = "";
        for (String segment : (base.getRawPath() == null ? "" : base.getRawPath()).split("/")) {
            if (!segment.isEmpty()) {
                last = segment;
            }
        }
        return API_VERSION.matcher(last).matches() ? base : Endpoint.resolve(base, version);
    }

    /** {@link Endpoint#resolve} against a base URL other than the endpoint's own. */
    public static URI resolve(URI base, String path) {
        return Endpoint.resolve(base, path);
    }
}
