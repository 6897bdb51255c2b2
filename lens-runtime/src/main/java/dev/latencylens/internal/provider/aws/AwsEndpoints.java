package dev.latencylens.internal.provider.aws;

import dev.latencylens.internal.provider.credentials.RefreshingCredential;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderSettings;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and as whom a Bedrock runtime API is called ({@code bedrock}, {@code bedrock-invoke}), resolved as the AWS
 * SDKs resolve it:
 * <ul>
 *   <li>region: {@link AwsRegion};</li>
 *   <li>endpoint: {@code lens.<id>.baseUrl}, else {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, else
 *       {@code AWS_ENDPOINT_URL}, else {@code https://bedrock-runtime.{region}.amazonaws.com};</li>
 *   <li>credentials: a Bedrock API key, {@code AWS_BEARER_TOKEN_BEDROCK} ({@code Authorization: Bearer}, nothing
 *       signed), else the first source of the {@link AwsCredentialChain}, whose credentials sign each request
 *       with SigV4 for service {@code bedrock}, read at every request from a {@link RefreshingCredential}, so
 *       temporary credentials are fetched again before they expire, however long the run.</li>
 * </ul>
 * Why Lens reads these sources itself rather than through the AWS SDK: they are documented files and small HTTP
 * calls, the SigV4 signer they feed already exists here, and the SDK's chain would put about fifteen jars (sdk-core,
 * regions, profiles, sts, sso, ssooidc, an HTTP client, ...) on a user's class path, or leave them to add, for what
 * amounts to a few hundred lines; reading them through {@link ProviderSettings} also lets every source be tested
 * against real files and loopback servers, and lets a failure name every place it looked. Stateless.
 */
public final class AwsEndpoints {

    /** The SigV4 service name of the Bedrock runtime. */
    public static final String SIGNING_SERVICE = "bedrock";
    private static final String SET = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK, or"
            + " AWS_PROFILE naming a profile with credentials)";
    private static final String SET_REGION = "AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile)";

    private AwsEndpoints() {
    }

    /** {@code https://bedrock-runtime.{region}.amazonaws.com}. */
    public static String bedrockRuntime(String region) {
        return "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    /**
     * The endpoint of Bedrock adapter {@code adapter}.
     *
     * @param clock dates signatures, and decides when temporary credentials are due for a refresh
     * @throws MissingApiKeyException   when there is no region or no credentials, naming every place looked in
     * @throws IllegalArgumentException when a configured URL is invalid
     */
    public static Endpoint resolve(ProviderAdapter adapter, ProviderSettings settings, Clock clock) {
        return resolve(adapter, settings, clock, AwsHttp.DEFAULT);
    }

    static Endpoint resolve(ProviderAdapter adapter, ProviderSettings settings, Clock clock, AwsHttp http) {
        String id = adapter.id();
        AwsProfiles profiles = AwsProfiles.load(settings);
        String region = AwsRegion.resolve(id, settings, profiles).orElse(null);
        String token = settings.env("AWS_BEARER_TOKEN_BEDROCK");
        boolean overridden = settings.property(Endpoints.baseUrlProperty(id)) != null
                || settings.env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") != null || settings.env("AWS_ENDPOINT_URL") != null;
        List<String> lookedIn = new ArrayList<>();
        Optional<AwsCredentialChain.Found> found = token != null ? Optional.empty()
                : new AwsCredentialChain(settings, profiles, http, clock, region).find(lookedIn);
        boolean credentialsMissing = token == null && found.isEmpty();
        // A bearer key sent to an explicit endpoint signs nothing, so it needs no region.
        boolean regionMissing = region == null && (!overridden || token == null);
        if (credentialsMissing || regionMissing) {
            String where = AwsRegion.lookedIn(id, profiles);
            if (credentialsMissing && regionMissing) {
                throw new MissingApiKeyException(id, SET + ", and " + SET_REGION, "AWS credentials and a region",
                        String.join(", ", lookedIn) + ", and for a region in " + where);
            }
            throw credentialsMissing ? new MissingApiKeyException(id, SET, "AWS credentials", String.join(", ",
                    lookedIn)) : new MissingApiKeyException(id, SET_REGION, "a region", where);
        }
        URI base = Endpoints.baseUrl(adapter, settings, bedrockRuntime(region == null ? "us-east-1" : region),
                Endpoints.secrets(settings, "AWS_BEARER_TOKEN_BEDROCK", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL");
        Endpoint endpoint = new Endpoint(base, Optional.ofNullable(token), Endpoints.headers(adapter, settings));
        if (region != null) {
            endpoint = endpoint.withOption("region", region);
        }
        if (found.isPresent()) {
            AwsCredentialChain.Found f = found.get();
            endpoint = endpoint.withOption("credentials", f.source()).withSigner(new SigV4Signer(
                    new RefreshingCredential<>(f.source(), f.first(), f.fetch(), clock), region, SIGNING_SERVICE,
                    clock));
        }
        return endpoint;
    }
}
