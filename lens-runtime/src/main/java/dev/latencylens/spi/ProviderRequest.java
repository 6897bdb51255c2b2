package dev.latencylens.spi;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP request of one streamed call, as an adapter builds it: method, absolute URI, headers in the order they
 * are sent, and the exact body bytes. The engine sends it with its own HTTP client, so the SPI depends on no HTTP
 * library. Immutable: {@link #withHeader} returns a copy, which is how a {@link RequestSigner} adds its signature.
 *
 * <pre>{@code
 * ProviderRequest r = ProviderRequest.post(endpoint.resolve("chat/completions"), body)
 *         .withHeader("Authorization", "Bearer " + key)
 *         .withHeader("Accept", "text/event-stream");
 * }</pre>
 */
public final class ProviderRequest {

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private ProviderRequest(String method, URI uri, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /** A {@code POST} of {@code body} to {@code uri} with no headers yet. */
    public static ProviderRequest post(URI uri, byte[] body) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("not an absolute http(s) URI: " + Endpoint.redact(uri));
        }
        return new ProviderRequest("POST", uri, Map.of(), Objects.requireNonNull(body, "body").clone());
    }

    /**
     * This request with header {@code name} set to {@code value}, replacing any header of that name (names compare
     * case-insensitively, as HTTP says; the first spelling and position are kept).
     */
    public ProviderRequest withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>();
        boolean replaced = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                copy.put(h.getKey(), value);
                replaced = true;
            } else {
                copy.put(h.getKey(), h.getValue());
            }
        }
        if (!replaced) {
            copy.put(name, value);
        }
        return new ProviderRequest(method, uri, Collections.unmodifiableMap(copy), body);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** Every header, name → value, in the order they are sent. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The value of header {@code name} (case-insensitive), if set. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(h.getValue());
            }
        }
        return Optional.empty();
    }

    /** A copy of the body's bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes, without copying it. */
    public int bodyLength() {
        return body.length;
    }

    /** The method, the URI with any password hidden, and the header names: never a header's value. */
    @Override
    public String toString() {
        return method + " " + Endpoint.redact(uri) + " " + headers.keySet();
    }
}
