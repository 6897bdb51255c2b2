package dev.latencylens.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where {@link ProviderAdapter#resolveEndpoint} looks up base URLs, keys and extra headers: system properties
 * ({@code lens.<id>.baseUrl}) and environment variables ({@code OPENAI_API_KEY}, ...). Real runs use
 * {@link #fromSystem()}; tests inject maps with {@link #of(Map, Map)}, so they never read the machine's
 * environment. A lookup returns null for an unset name.
 *
 * @param systemProperties name → value of a system property ({@code System::getProperty})
 * @param environment      name → value of an environment variable ({@code System::getenv})
 */
public record ProviderSettings(Function<String, String> systemProperties, Function<String, String> environment) {

    public ProviderSettings {
        Objects.requireNonNull(systemProperties, "systemProperties");
        Objects.requireNonNull(environment, "environment");
    }

    /** The JVM's system properties and the process environment. */
    public static ProviderSettings fromSystem() {
        return new ProviderSettings(System::getProperty, System::getenv);
    }

    /** Fixed values, for tests and for embedding. */
    public static ProviderSettings of(Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> props = Map.copyOf(systemProperties);
        Map<String, String> env = Map.copyOf(environment);
        return new ProviderSettings(props::get, env::get);
    }

    /** The system property, or null when unset or blank. */
    public String property(String name) {
        return nonBlank(systemProperties.apply(name));
    }

    /** The environment variable, or null when unset or blank. */
    public String env(String name) {
        return nonBlank(environment.apply(name));
    }

    @Override
    public String toString() {
        return "ProviderSettings"; // the lookups may hold keys: show nothing
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
