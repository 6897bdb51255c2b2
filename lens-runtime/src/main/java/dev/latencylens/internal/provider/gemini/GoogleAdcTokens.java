package dev.latencylens.internal.provider.gemini;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.internal.provider.credentials.RefreshingCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Google OAuth access tokens (scope {@value #SCOPE}) through google-auth-library: the credentials in an
 * application-default credentials file (service account, authorized user from {@code gcloud auth
 * application-default login}, external account / workload identity federation, impersonated service account), or
 * the metadata server's. The only class of Lens that imports the library: {@link GoogleAdc} finds the file and
 * probes the metadata server, and calls this only after {@link
 * dev.latencylens.internal.provider.credentials.OptionalLibrary} found the library. Only a token string, its
 * expiry and a project id leave this class.
 */
final class GoogleAdcTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    /** The tokens, where they come from, and the project the credentials belong to, when they say. */
    record Tokens(RefreshingCredential<String> tokens, String source, Optional<String> project) {
    }

    private GoogleAdcTokens() {
    }

    /**
     * The credentials in {@code file}, with a first token fetched.
     *
     * @throws CredentialException naming the file when it cannot be read or gives no token
     */
    static Tokens fromFile(Path file, String source, Clock clock) {
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(file)) {
            credentials = GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw new CredentialException(source + " cannot be read as Google credentials: " + e.getMessage(), e);
        }
        return start(credentials, source, clock);
    }

    /** The metadata server's credentials (GCE, GKE, Cloud Run), with a first token fetched. */
    static Tokens fromMetadataServer(String source, Clock clock) {
        return start(ComputeEngineCredentials.create(), source, clock);
    }

    private static Tokens start(GoogleCredentials unscoped, String source, Clock clock) {
        GoogleCredentials credentials = unscoped.createScopedRequired() ? unscoped.createScoped(SCOPE) : unscoped;
        Supplier<Expiring<String>> fetch = () -> {
            AccessToken token;
            try {
                token = credentials.refreshAccessToken();
            } catch (IOException | RuntimeException e) {
                throw new CredentialException(source + " gave no access token: " + e.getMessage(), e);
            }
            return token.getExpirationTime() == null ? Expiring.never(token.getTokenValue())
                    : Expiring.until(token.getTokenValue(), token.getExpirationTime().toInstant());
        };
        RefreshingCredential<String> tokens = new RefreshingCredential<>(source, fetch.get(), fetch, clock);
        String project = credentials.getProjectId();
        if (project == null) {
            project = credentials.getQuotaProjectId();
        }
        return new Tokens(tokens, source, Optional.ofNullable(project));
    }
}
