package dev.latencylens.spi;

/**
 * Signs a request just before it is sent, for providers whose credentials sign rather than travel (AWS SigV4 for
 * Bedrock). Built by an adapter's {@link ProviderAdapter#resolveEndpoint} from the credentials it found and carried
 * by the {@link Endpoint}, so adapters stay stateless; the adapter calls it at the end of
 * {@link ProviderAdapter#buildRequest}, which the engine calls right before each send (signatures carry a time).
 * Implementations are immutable and thread-safe, and their {@code toString()} never shows a secret.
 */
@FunctionalInterface
public interface RequestSigner {

    /** {@code request} with the signature headers added; the signature covers its exact body bytes. */
    ProviderRequest sign(ProviderRequest request);
}
