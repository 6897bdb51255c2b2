package dev.latencylens.spi;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standard ways an adapter finds where and as whom to call its provider, for
 * {@link ProviderAdapter#resolveEndpoint}: the base URL from {@code lens.<id>.baseUrl}, an environment variable or
 * the default; the key from an environment variable; extra headers from the environment. Stateless.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * The standard resolution:
     * <ul>
     *   <li>base URL: system property {@code lens.<id>.baseUrl}, else the environment variable
     *       {@link ProviderAdapter#baseUrlVariable()}, else {@link ProviderAdapter#defaultBaseUrl()} (blank values
     *       count as unset);</li>
     *   <li>API key: the environment variable {@link ProviderAdapter#apiKeyVariable()}, trimmed;</li>
     *   <li>extra headers: {@link ProviderAdapter#headerVariables()} whose variables are set.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the base URL is not an http(s) URL, naming where it came from
     * @throws MissingApiKeyException   when the adapter {@link ProviderAdapter#requiresKey() requires} a key and
     *                                  there is none
     */
    public static Endpoint standard(ProviderAdapter adapter, ProviderSettings settings) {
        return keyed(adapter, settings, adapter.requiresKey(), adapter.apiKeyVariable().stream().toList(),
                adapter.apiKeyVariable().orElse("an API key variable"), adapter.baseUrlVariable());
    }

    /**
     * {@link #standard} with the key from the first of {@code keyVariables} that is set (every one of them
     * hidden should the base URL be invalid) and the base URL from {@code lens.<id>.baseUrl}, else the first of
     * {@code baseUrlVariables} that is set, else {@link ProviderAdapter#defaultBaseUrl()}.
     *
     * @param missing what to set, for the {@link MissingApiKeyException} when {@code requiresKey} and no key is set
     * @throws IllegalArgumentException when the base URL is not an http(s) URL, naming where it came from
     * @throws MissingApiKeyException   when {@code requiresKey} and none of {@code keyVariables} is set
     */
    public static Endpoint keyed(ProviderAdapter adapter, ProviderSettings settings, boolean requiresKey,
                                         List<String> keyVariables, String missing, String... baseUrlVariables) {
        String key = null;
        for (int i = 0; key == null && i < keyVariables.size(); i++) {
            key = settings.env(keyVariables.get(i));
        }
        URI baseUrl = baseUrl(adapter, settings, adapter.defaultBaseUrl(),
                secrets(settings, keyVariables.toArray(String[]::new)), baseUrlVariables);
        if (key == null && requiresKey) {
            throw new MissingApiKeyException(adapter.id(), missing);
        }
        return new Endpoint(baseUrl, Optional.ofNullable(key), headers(adapter, settings));
    }

    /**
     * A base URL as configured: system property {@code lens.<id>.baseUrl}, else the first of {@code variables} that
     * is set, else {@code defaultUrl}, parsed.
     *
     * @param secrets variable → value of secrets that must not appear in the error message should the value be
     *                invalid (a key pasted into the URL variable by mistake must not end up in a build log); see
     *                {@link #secrets}
     * @throws IllegalArgumentException when the value is not an http(s) URL, naming where it came from
     */
    public static URI baseUrl(ProviderAdapter adapter, ProviderSettings settings, String defaultUrl,
                                  Map<String, String> secrets, String... variables) {
        return baseUrl(adapter, settings, defaultUrl, secrets, raw -> raw, variables);
    }

    /** The values of those of {@code variables} that are set, variable → value, for {@link #baseUrl}. */
    public static Map<String, String> secrets(ProviderSettings settings, String... variables) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String v : variables) {
            String value = settings.env(v);
            if (value != null) {
                values.put(v, value);
            }
        }
        return values;
    }

    /**
     * {@link #baseUrl(ProviderAdapter, ProviderSettings, String, Map, String...)}, the configured text first
     * passed through {@code normalize} (e.g. Ollama's host without a scheme).
     */
    public static URI baseUrl(ProviderAdapter adapter, ProviderSettings settings, String defaultUrl,
                                  Map<String, String> secrets, java.util.function.UnaryOperator<String> normalize,
                                  String... variables) {
        String property = baseUrlProperty(adapter.id());
        String raw = settings.property(property);
        String origin = property;
        for (int i = 0; raw == null && i < variables.length; i++) {
            raw = settings.env(variables[i]);
            origin = variables[i];
        }
        if (raw == null) {
            raw = defaultUrl;
            origin = "the default of " + adapter.getClass().getSimpleName();
        }
        Optional<URI> parsed = Endpoint.parseHttpUrl(normalize.apply(raw));
        if (parsed.isEmpty()) {
            String shown = raw;
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (raw.contains(secret.getValue())) {
                    shown = "<hidden: contains the value of " + secret.getKey() + ">";
                    break;
                }
            }
            throw new IllegalArgumentException("Invalid base URL for provider '" + adapter.id() + "' from " + origin
                    + ": '" + shown + "'. Expected an http(s) URL such as " + adapter.defaultBaseUrl());
        }
        return parsed.get();
    }

    /** {@link ProviderAdapter#headerVariables()} whose variables are set, header → value. */
    public static Map<String, String> headers(ProviderAdapter adapter, ProviderSettings settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        adapter.headerVariables().forEach((header, variable) -> {
            String value = settings.env(variable);
            if (value != null) {
                headers.put(header, value);
            }
        });
        return headers;
    }

    /** The system property that overrides a provider's base URL: {@code lens.<id>.baseUrl}. */
    public static String baseUrlProperty(String providerId) {
        return "lens." + providerId + ".baseUrl";
    }
}
