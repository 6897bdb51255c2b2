package dev.latencylens.internal.provider.credentials;

/**
 * Credentials could not be obtained or refreshed: a token endpoint refused, a credentials file is unreadable, a
 * cached login expired. The message says where Lens looked and what failed, and never holds a secret (no key, no
 * token, no response body that could carry one).
 */
public final class CredentialException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
