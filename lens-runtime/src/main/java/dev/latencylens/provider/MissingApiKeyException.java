package dev.latencylens.provider;

/**
 * A provider that refuses requests without an API key has none: thrown by {@link ProviderRegistry#resolve} before
 * anything is sent. The message names the variable to set and the simulator as the offline alternative.
 */
public final class MissingApiKeyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String providerId;
    private final String variable;

    public MissingApiKeyException(String providerId, String variable) {
        super("Provider '" + providerId + "' needs an API key: set " + variable
                + ", or run against the embedded simulator with -Dlens.simulate=true.");
        this.providerId = providerId;
        this.variable = variable;
    }

    /** The provider that needs a key. */
    public String providerId() {
        return providerId;
    }

    /** The environment variable that should hold the key, e.g. {@code OPENAI_API_KEY}. */
    public String variable() {
        return variable;
    }
}
