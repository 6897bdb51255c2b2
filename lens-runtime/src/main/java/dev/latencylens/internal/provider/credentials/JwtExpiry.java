package dev.latencylens.internal.provider.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.AdapterSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * When a JSON Web Token says it expires (its {@code exp} claim), read without verifying it: enough to tell a user
 * that the static token they exported (e.g. {@code AZURE_OPENAI_AD_TOKEN}) has already expired, before a run sends
 * requests that can only fail. Stateless.
 */
public final class JwtExpiry {

    private JwtExpiry() {
    }

    /** The {@code exp} of {@code token}, or empty when it is no JWT or has none. */
    public static Optional<Instant> of(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = AdapterSupport.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
