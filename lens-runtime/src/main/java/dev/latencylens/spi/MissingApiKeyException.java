package dev.latencylens.spi;


/**
 * A provider that refuses requests without an API key has none: thrown while the endpoint is resolved, before
 * anything is sent. The message names the variable to set and the simulator as the offline alternative, and, for
 * providers that look in several places (AWS's credential chain, Entra ID, Google's application-default
 * credentials), every place it looked and what it found there. It never holds a secret.
 */
public final class MissingApiKeyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String providerId;
    private final String variable;

    public MissingApiKeyException(String providerId, String variable) {
        this(providerId, variable, "an API key");
    }

    /**
     * @param variable what to set, e.g. {@code AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or
     *                 AWS_BEARER_TOKEN_BEDROCK}
     * @param what     what is missing, e.g. {@code AWS credentials} or {@code a region}
     */
    public MissingApiKeyException(String providerId, String variable, String what) {
        this(providerId, variable, what, null);
    }

    /**
     * @param lookedIn where the provider looked and what it found there, e.g. {@code the environment
     *                 (AWS_ACCESS_KEY_ID unset), profile 'default' in /home/u/.aws/credentials (absent) ...};
     *                 null when it only read {@code variable}
     */
    public MissingApiKeyException(String providerId, String variable, String what, String lookedIn) {
        super("Provider '" + providerId + "' needs " + what + ": " + (lookedIn == null ? "" : "looked in " + lookedIn
                + "; ") + "set " + variable + ", or run against the embedded simulator with -Dlens.simulate=true.");
        this.providerId = providerId;
        this.variable = variable;
    }

    /** The provider that needs a key. */
    public String providerId() {
        return providerId;
    }

    /** The environment variable that should hold the key, e.g. {@code OPENAI_API_KEY}; for providers with several
     *  ways to authenticate, all of them, e.g. {@code GEMINI_API_KEY (or GOOGLE_API_KEY)}. */
    public String variable() {
        return variable;
    }
}
