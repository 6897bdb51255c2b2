package dev.latencylens.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a provider is called: the resolved base URL, the API key if one is needed, extra headers
 * resolved from the environment (e.g. OpenAI's {@code OpenAI-Organization}, Azure's Entra ID
 * {@code Authorization}), a {@link RequestSigner} for providers that sign requests (Bedrock's SigV4), and
 * non-secret options an adapter resolved from its settings (e.g. Azure's {@code apiVersion}).
 * {@link #toString()} never shows the key, header values, the signer's secrets, or a password embedded in the URL.
 * Immutable.
 */
public final class Endpoint {
    private final URI baseUrl;
    private final String apiKey;
    private final Map<String, String> headers;
    private final RequestSigner signer;
    private final Map<String, String> options;

    public Endpoint(URI baseUrl, Optional<String> apiKey) {
        this(baseUrl, apiKey, Map.of());
    }

    /**
     * @param headers extra request headers (name → value), in the order given; see
     *                {@link ProviderAdapter#headerVariables()}
     */
    public Endpoint(URI baseUrl, Optional<String> apiKey, Map<String, String> headers) {
        this(baseUrl, apiKey.orElse(null), headers, null, Map.of());
    }

    private Endpoint(URI baseUrl, String apiKey, Map<String, String> headers, RequestSigner signer,
                     Map<String, String> options) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.apiKey = apiKey;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.signer = signer;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public URI baseUrl() {
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

    /** What signs each request (Bedrock's SigV4), if the provider signs; adapters apply it in buildRequest. */
    public Optional<RequestSigner> signer() {
        return Optional.ofNullable(signer);
    }

    /** Non-secret, adapter-specific settings resolved with the endpoint, e.g. {@code apiVersion → 2024-10-21}. */
    public Map<String, String> options() {
        return options;
    }

    /** The option {@code name}, if set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** The same endpoint at another base URL, e.g. the embedded simulator's, everything else kept. */
    public Endpoint withBaseUrl(URI newBaseUrl) {
        return new Endpoint(newBaseUrl, apiKey, headers, signer, options);
    }

    /** The same endpoint, its requests signed by {@code requestSigner}. */
    public Endpoint withSigner(RequestSigner requestSigner) {
        return new Endpoint(baseUrl, apiKey, headers, Objects.requireNonNull(requestSigner, "requestSigner"),
                options);
    }

    /** The same endpoint with option {@code name} set to {@code value}. */
    public Endpoint withOption(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(options);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Endpoint(baseUrl, apiKey, headers, signer, more);
    }

    /**
     * Resolves {@code path} (segments separated by {@code /}, no leading slash needed) against the base URL, keeping
     * the base URL's own path and query: {@code https://h/v1/} + {@code chat/completions} is
     * {@code https://h/v1/chat/completions}.
     */
    public URI resolve(String path) {
        return resolve(baseUrl, path);
    }

    /** {@link #resolve(String)} against any base. */
    public static URI resolve(URI base, String path) {
        StringBuilder p = new StringBuilder(base.getRawPath() == null ? "" : base.getRawPath());
        while (p.length() > 0 && p.charAt(p.length() - 1) == '/') {
            p.setLength(p.length() - 1);
        }
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                p.append('/').append(segment);
            }
        }
        String s = base.getScheme() + "://" + base.getRawAuthority() + p
                + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot resolve '" + path + "' against " + redact(base), e);
        }
    }

    /**
     * Parses an http(s) URL, or empty when {@code text} is not one (no scheme, another scheme, no host, bad
     * syntax). Surrounding blanks are ignored.
     */
    public static java.util.Optional<URI> parseHttpUrl(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getHost().isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(uri);
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code uri} as text with the user-info of its authority (a user name and password) replaced by {@code ***}. */
    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    @Override
    public String toString() {
        return "Endpoint[" + redact(baseUrl) + (apiKey == null ? ", no key" : ", key=***")
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
                + (signer == null ? "" : ", signed by " + signer)
                + (options.isEmpty() ? "" : ", options=" + options) + "]";
    }
}
