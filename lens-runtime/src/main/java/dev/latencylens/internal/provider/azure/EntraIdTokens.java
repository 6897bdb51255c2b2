package dev.latencylens.internal.provider.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.latencylens.internal.provider.credentials.CredentialException;
import dev.latencylens.internal.provider.credentials.Expiring;
import dev.latencylens.internal.provider.credentials.RefreshingCredential;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Microsoft Entra ID access tokens for Azure OpenAI (scope {@value #SCOPE}) from azure-identity's
 * {@code DefaultAzureCredential}: environment (service principal secret or certificate), workload identity,
 * managed identity, the Azure CLI, Azure PowerShell, the Azure Developer CLI, ..., in the library's own order. The
 * only class of Lens that imports azure-identity: {@link AzureOpenAiAdapter} calls it only after
 * {@link dev.latencylens.internal.provider.credentials.OptionalLibrary} found the library, so without it nothing
 * here is loaded. Only a token string and its expiry leave this class.
 *
 * <p>The library reads its variables ({@code AZURE_CLIENT_ID}, {@code IDENTITY_ENDPOINT}, ...) from the process
 * environment itself, not through the run's {@link dev.latencylens.spi.ProviderSettings}: MSAL, which it delegates
 * managed identity to, reads {@code System.getenv} directly, and a configuration that reached some credentials and
 * not others would be worse than none. So this is tested in a JVM of its own whose environment points at loopback
 * servers.
 */
final class EntraIdTokens {

    static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    private EntraIdTokens() {
    }

    /** The innermost cause's message, which says what actually failed ("see inner exception", says the outer). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? "" : " (" + root.getClass().getSimpleName() + ": "
                + root.getMessage().strip() + ")";
    }

    /**
     * Fetches a first token (so a machine without any Azure identity fails before the run) and returns the cache
     * every request reads its token from.
     *
     * @throws CredentialException with the library's account of every credential it tried
     */
    static RefreshingCredential<String> start(Clock clock) {
        TokenCredential credential = new DefaultAzureCredentialBuilder().build();
        TokenRequestContext scope = new TokenRequestContext().addScopes(SCOPE);
        Supplier<Expiring<String>> fetch = () -> {
            AccessToken token;
            try {
                token = credential.getTokenSync(scope);
            } catch (RuntimeException e) {
                throw new CredentialException("DefaultAzureCredential found no Entra ID token for " + SCOPE + ": "
                        + e.getMessage() + rootCause(e), e);
            }
            if (token == null) {
                throw new CredentialException("DefaultAzureCredential gave no Entra ID token for " + SCOPE);
            }
            return Expiring.until(token.getToken(), token.getExpiresAt().toInstant());
        };
        return new RefreshingCredential<>("Entra ID (DefaultAzureCredential)", fetch.get(), fetch, clock);
    }
}
