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
     * adapters is {@link Endpoints#standard}.
     *
     * @throws IllegalArgumentException when the base URL (or another setting) is invalid, naming where it came from
     * @throws MissingApiKeyException   when the adapter needs credentials and there are none
     */
    public static Endpoint resolve(ProviderAdapter adapter, ProviderSettings settings) {
        return Objects.requireNonNull(adapter.resolveEndpoint(settings), "resolveEndpoint returned null");
    }
}
