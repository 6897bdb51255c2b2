package dev.latencylens.internal.provider.credentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential and when it stops being valid: temporary AWS credentials, an Entra ID or Google access token. Static
 * credentials (an access key, an API key) never expire. {@link #toString()} never shows the value.
 *
 * @param value     the credential
 * @param expiresAt when it expires; empty for credentials that do not
 */
public record Expiring<T>(T value, Optional<Instant> expiresAt) {

    public Expiring {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A credential that does not expire. */
    public static <T> Expiring<T> never(T value) {
        return new Expiring<>(value, Optional.empty());
    }

    /** A credential valid until {@code expiresAt}. */
    public static <T> Expiring<T> until(T value, Instant expiresAt) {
        return new Expiring<>(value, Optional.of(expiresAt));
    }

    @Override
    public String toString() {
        return "Expiring[" + expiresAt.map(Instant::toString).orElse("never") + "]";
    }
}
