package dev.latencylens.internal.engine;

import dev.latencylens.internal.load.RateLimiter;
import dev.latencylens.spi.ProviderSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side rate limits per provider, shared by every benchmark of a run that uses it:
 * {@code lens.<provider>.rpm} (requests per minute) and {@code lens.<provider>.tpm} (tokens per minute: prompt
 * estimate plus maxTokens per request). Unset means unlimited. A bad value names its key.
 */
final class ClientLimits {

    private final ProviderSettings settings;
    private final Map<String, Optional<RateLimiter>> limiters = new ConcurrentHashMap<>();

    private ClientLimits(ProviderSettings settings) {
        this.settings = settings;
    }

    static ClientLimits from(ProviderSettings settings) {
        return new ClientLimits(settings);
    }

    Optional<RateLimiter> requests(String provider) {
        return limiter("lens." + provider + ".rpm");
    }

    Optional<RateLimiter> tokens(String provider) {
        return limiter("lens." + provider + ".tpm");
    }

    private Optional<RateLimiter> limiter(String key) {
        return limiters.computeIfAbsent(key, k -> {
            String v = settings.property(k);
            if (v == null || v.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new RateLimiter(Double.parseDouble(v.trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(k + " must be a number above 0 (per minute), was '" + v + "'", e);
            }
        });
    }
}
