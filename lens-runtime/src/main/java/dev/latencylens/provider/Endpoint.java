package dev.latencylens.provider;

import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where and as whom a provider is called: the resolved base URL and the API key, if one is needed.
 * {@link #toString()} never shows the key.
 */
public final class Endpoint {
    private final HttpUrl baseUrl;
    private final String apiKey;

    public Endpoint(HttpUrl baseUrl, Optional<String> apiKey) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.apiKey = apiKey.orElse(null);
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** The API key; handle with care: never log it, never put it into an exception message. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
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
        return "Endpoint[" + baseUrl + (apiKey == null ? ", no key]" : ", key=***]");
    }
}
