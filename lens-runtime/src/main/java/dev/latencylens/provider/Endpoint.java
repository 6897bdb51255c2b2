package dev.latencylens.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where and as whom a provider is called: the resolved base URL, the API key if one is needed, and extra headers
 * resolved from the environment (e.g. OpenAI's {@code OpenAI-Organization}). {@link #toString()} never shows the
 * key, the header values, or a password embedded in the URL.
 */
public final class Endpoint {
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Map<String, String> headers;

    public Endpoint(HttpUrl baseUrl, Optional<String> apiKey) {
        this(baseUrl, apiKey, Map.of());
    }

    /**
     * @param headers extra request headers (name → value), in the order given; see
     *                {@link ProviderAdapter#headerVariables()}
     */
    public Endpoint(HttpUrl baseUrl, Optional<String> apiKey, Map<String, String> headers) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.apiKey = apiKey.orElse(null);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** The API key; handle with care: never log it, never put it into an exception message. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Extra request headers resolved from the environment, name → value; empty when none. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The same endpoint at another base URL, e.g. the embedded simulator's, key and headers kept. */
    public Endpoint withBaseUrl(HttpUrl newBaseUrl) {
        return new Endpoint(newBaseUrl, apiKey(), headers);
    }

    /** Resolves {@code path} (no leading slash) against the base URL, keeping the base URL's own path. */
    public HttpUrl resolve(String path) {
        HttpUrl.Builder b = baseUrl.newBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                b.addPathSegment(segment);
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        HttpUrl shown = baseUrl.password().isEmpty() ? baseUrl : baseUrl.newBuilder().password("***").build();
        return "Endpoint[" + shown + (apiKey == null ? ", no key" : ", key=***")
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + "]";
    }
}
