package dev.latencylens.spi;

import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;

import okhttp3.Request;

/**
 * Signs a request just before it is sent, for providers whose credentials sign rather than travel (AWS SigV4 for
 * Bedrock). Built by an adapter's {@link ProviderAdapter#resolveEndpoint} from the credentials in the environment
 * and carried by the {@link Endpoint}, so adapters stay stateless; the adapter calls it at the end of
 * {@link ProviderAdapter#buildRequest}, which the engine calls right before each send (signatures carry a time).
 * Implementations are immutable and thread-safe, and their {@code toString()} never shows a secret.
 */
@FunctionalInterface
public interface RequestSigner {

    /**
     * {@code request} with the signature headers added.
     *
     * @param body the exact bytes of the request's body (empty for none): a signature covers the body's hash, and
     *             an OkHttp body cannot be read back cheaply
     */
    Request sign(Request request, byte[] body);
}
