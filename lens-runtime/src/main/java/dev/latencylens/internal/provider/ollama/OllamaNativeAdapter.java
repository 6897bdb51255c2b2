package dev.latencylens.internal.provider.ollama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.StreamFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ollama's native chat API: {@code POST {host}/api/chat}, streamed as newline-delimited JSON
 * ({@link StreamFormat#NDJSON}), no key. Unlike the OpenAI-compatible {@code ollama} provider it reports the
 * server's own durations (load, prompt evaluation, generation), kept as server timings.
 *
 * <p>Host: {@code lens.ollama-native.baseUrl}, else {@code OLLAMA_HOST}, else {@code http://localhost:11434}.
 * {@code OLLAMA_HOST} is read as the Ollama client reads it: the scheme may be left out ({@code 0.0.0.0:11434},
 * {@code myhost}), the port defaults to 11434 without a scheme and to 80/443 with {@code http://}/{@code https://},
 * an empty host is {@code 127.0.0.1}.
 *
 * <p>The body: {@code model}, {@code messages} (the system prompt first, as role {@code system}),
 * {@code stream: true}, {@code options} ({@code num_predict}, {@code temperature} when set, {@code stop} when not
 * empty), then every extra verbatim, an object merged into a field of the same name
 * ({@code extra("options", Map.of("num_ctx", 8192))}, {@code extra("think", true)}). Immutable and thread-safe.
 */
public final class OllamaNativeAdapter implements ProviderAdapter {

    public static final String ID = "ollama-native";
    public static final int DEFAULT_PORT = 11434;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "http://localhost:" + DEFAULT_PORT;
    }

    @Override
    public String baseUrlVariable() {
        return "OLLAMA_HOST";
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.empty();
    }

    @Override
    public StreamFormat streamFormat() {
        return StreamFormat.NDJSON;
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        return new Endpoint(Endpoints.baseUrl(this, settings, defaultBaseUrl(), Map.of(),
                OllamaNativeAdapter::hostUrl, baseUrlVariable()), Optional.empty(),
                Endpoints.headers(this, settings));
    }

    /**
     * {@code OLLAMA_HOST} as a URL, the way the Ollama client (Go: {@code envconfig.Host}) reads it: scheme
     * {@code http} when none is given, port 11434 when neither port nor scheme is given (80/443 for an explicit
     * {@code http://}/{@code https://} without port), host {@code 127.0.0.1} when empty; a path is kept.
     */
    public static String hostUrl(String value) {
        String s = value.strip();
        String scheme = "http";
        int defaultPort = DEFAULT_PORT;
        int sep = s.indexOf("://");
        if (sep >= 0) {
            scheme = s.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
            s = s.substring(sep + 3);
            defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : DEFAULT_PORT;
        }
        String path = "";
        int slash = s.indexOf('/');
        if (slash >= 0) {
            path = s.substring(slash);
            s = s.substring(0, slash);
        }
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0) {
                host = s.substring(0, close + 1);
                if (close + 1 < s.length() && s.charAt(close + 1) == ':') {
                    port = s.substring(close + 2);
                }
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else if (colon >= 0) {
                host = "[" + s + "]"; // a bare IPv6 address
            }
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        int p = defaultPort;
        if (port != null) {
            try {
                int parsed = Integer.parseInt(port);
                p = parsed >= 0 && parsed <= 65535 ? parsed : defaultPort;
            } catch (NumberFormatException e) {
                p = defaultPort; // as the Ollama client does: an invalid port falls back to the default
            }
        }
        return scheme + "://" + host + ":" + p + path;
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        return AdapterSupport.post(endpoint, endpoint.resolve("api/chat"), body, StreamFormat.NDJSON.contentType(),
                AdapterSupport.bearer(endpoint));
    }

    /** The JSON body of a streamed {@code /api/chat} request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        AdapterSupport.putMessages(body.putArray("messages"), request, true);
        body.put("stream", true);
        ObjectNode options = body.putObject("options");
        options.put("num_predict", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> options.put("temperature", t));
        AdapterSupport.putStop(options, "stop", request);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public OllamaStreamDecoder newDecoder() {
        return new OllamaStreamDecoder();
    }

    @Override
    public List<String> interestingHeaders() {
        return List.of();
    }

    @Override
    public String toString() {
        return "OllamaNativeAdapter[" + defaultBaseUrl() + "]";
    }
}
