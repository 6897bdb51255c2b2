package dev.latencylens.internal.provider;

import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderCatalog;
import dev.latencylens.spi.ProviderSettings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Every provider adapter on the class path, by id, and the resolution of where and as whom to call one.
 *
 * <pre>{@code
 * ProviderRegistry registry = ProviderRegistry.load();
 * ProviderAdapter openai = registry.get("openai");
 * Endpoint endpoint = ProviderRegistry.resolve(openai, ProviderSettings.fromSystem());
 * }</pre>
 *
 * <p>Adapters come from {@link ProviderCatalog} services ({@code META-INF/services/
 * dev.latencylens.spi.ProviderCatalog}): the built-in ones and any a user puts on the class path. Two
 * adapters with the same id are an error, never a silent override. Immutable and thread-safe once loaded.
 */
public final class ProviderRegistry {

    private static final String SERVICE_FILE = "META-INF/services/" + ProviderCatalog.class.getName();

    private final Map<String, ProviderAdapter> adapters; // sorted by id

    private ProviderRegistry(Map<String, ProviderAdapter> adapters) {
        this.adapters = Collections.unmodifiableMap(adapters);
    }

    /** The adapters of every catalog visible to the thread's context class loader (or this class's). */
    public static ProviderRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : ProviderRegistry.class.getClassLoader());
    }

    /**
     * The adapters of every catalog visible to {@code loader}.
     *
     * @throws IllegalStateException when a catalog cannot be loaded, or two adapters share an id
     */
    public static ProviderRegistry load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        java.util.List<ProviderCatalog> catalogs = new java.util.ArrayList<>();
        try {
            for (ProviderCatalog catalog : ServiceLoader.load(ProviderCatalog.class, loader)) {
                catalogs.add(catalog);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("Could not load a provider catalog listed in " + SERVICE_FILE + ": "
                    + e.getMessage(), e);
        }
        return of(catalogs);
    }

    /**
     * The adapters of the given catalogs.
     *
     * @throws IllegalStateException when two adapters share an id, naming both catalogs and adapter classes
     */
    public static ProviderRegistry of(Collection<? extends ProviderCatalog> catalogs) {
        Map<String, ProviderAdapter> byId = new TreeMap<>();
        Map<String, ProviderCatalog> source = new LinkedHashMap<>();
        for (ProviderCatalog catalog : catalogs) {
            for (ProviderAdapter adapter : catalog.providers()) {
                String id = adapter.id();
                ProviderAdapter previous = byId.putIfAbsent(id, adapter);
                if (previous != null) {
                    throw new IllegalStateException("Provider id '" + id + "' is defined twice: by "
                            + describe(source.get(id), previous) + " and by " + describe(catalog, adapter)
                            + ". Provider ids must be unique on the class path.");
                }
                source.put(id, catalog);
            }
        }
        return new ProviderRegistry(byId);
    }

    private static String describe(ProviderCatalog catalog, ProviderAdapter adapter) {
        return catalog.getClass().getName() + " (" + adapter.getClass().getName() + ")";
    }

    /**
     * The adapter with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public ProviderAdapter get(String id) {
        ProviderAdapter adapter = adapters.get(id);
        if (adapter == null) {
            throw new IllegalArgumentException("Unknown provider '" + id + "'. Known providers: "
                    + String.join(", ", adapters.keySet()) + ". Custom providers plug in through " + SERVICE_FILE
                    + ".");
        }
        return adapter;
    }

    /** The adapter with this id, if there is one. */
    public Optional<ProviderAdapter> find(String id) {
        return Optional.ofNullable(adapters.get(id));
    }

    /** Every known provider id, sorted. */
    public Set<String> ids() {
        return adapters.keySet();
    }

    /**
     * Where and as whom to call {@code adapter}: its {@link ProviderAdapter#resolveEndpoint}, which for most
     * adapters is {@link #standardEndpoint}.
     *
     * @throws IllegalArgumentException when the base URL (or another setting) is invalid, naming where it came from
     * @throws MissingApiKeyException   when the adapter needs credentials and there are none
     */
    public static Endpoint resolve(ProviderAdapter adapter, ProviderSettings settings) {
        return Objects.requireNonNull(adapter.resolveEndpoint(settings), "resolveEndpoint returned null");
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
    public static Endpoint standardEndpoint(ProviderAdapter adapter, ProviderSettings settings) {
        return keyedEndpoint(adapter, settings, adapter.requiresKey(), adapter.apiKeyVariable().stream().toList(),
                adapter.apiKeyVariable().orElse("an API key variable"), adapter.baseUrlVariable());
    }

    /**
     * {@link #standardEndpoint} with the key from the first of {@code keyVariables} that is set (every one of them
     * hidden should the base URL be invalid) and the base URL from {@code lens.<id>.baseUrl}, else the first of
     * {@code baseUrlVariables} that is set, else {@link ProviderAdapter#defaultBaseUrl()}.
     *
     * @param missing what to set, for the {@link MissingApiKeyException} when {@code requiresKey} and no key is set
     * @throws IllegalArgumentException when the base URL is not an http(s) URL, naming where it came from
     * @throws MissingApiKeyException   when {@code requiresKey} and none of {@code keyVariables} is set
     */
    public static Endpoint keyedEndpoint(ProviderAdapter adapter, ProviderSettings settings, boolean requiresKey,
                                         List<String> keyVariables, String missing, String... baseUrlVariables) {
        String key = null;
        for (int i = 0; key == null && i < keyVariables.size(); i++) {
            key = settings.env(keyVariables.get(i));
        }
        HttpUrl baseUrl = baseUrl(adapter, settings, adapter.defaultBaseUrl(),
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
    public static HttpUrl baseUrl(ProviderAdapter adapter, ProviderSettings settings, String defaultUrl,
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
     * {@link #baseUrl(ProviderAdapter, ProviderSettings, String, Optional, String...)}, the configured text first
     * passed through {@code normalize} (e.g. Ollama's host without a scheme).
     */
    public static HttpUrl baseUrl(ProviderAdapter adapter, ProviderSettings settings, String defaultUrl,
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
        HttpUrl parsed = HttpUrl.parse(normalize.apply(raw));
        if (parsed == null) {
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
        return parsed;
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

    @Override
    public String toString() {
        return "ProviderRegistry" + adapters.keySet();
    }
}
