package dev.latencylens.internal.provider.credentials;

import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.RequestSigner;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Adds {@code Authorization: Bearer <token>} to each request, the token read at that moment from a
 * {@link RefreshingCredential}: how tokens that expire during a long run (Entra ID, Google OAuth) reach every
 * request. Immutable and thread-safe; {@link #toString()} names the source, never the token.
 */
public final class BearerSigner implements RequestSigner {

    private final Supplier<String> tokens;
    private final String source;

    public BearerSigner(Supplier<String> tokens, String source) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public ProviderRequest sign(ProviderRequest request) {
        return request.withHeader("Authorization", "Bearer " + tokens.get());
    }

    @Override
    public String toString() {
        return "BearerSigner[" + source + "]";
    }
}
