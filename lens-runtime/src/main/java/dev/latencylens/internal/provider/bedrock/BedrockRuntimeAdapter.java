package dev.latencylens.internal.provider.bedrock;

import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.StreamFormat;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * What Bedrock's two streaming APIs share ({@link BedrockAdapter ConverseStream} and {@link BedrockInvokeAdapter
 * InvokeModelWithResponseStream}): the runtime endpoint, the credentials and SigV4 signing, the AWS event-stream
 * framing of the answer, the request id header. Resolved from the environment as the AWS SDKs do, with the
 * adapter's id in the property names:
 * <ul>
 *   <li>region: {@code lens.<id>.region}, else {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION};</li>
 *   <li>endpoint: {@code lens.<id>.baseUrl}, else {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, else
 *       {@code AWS_ENDPOINT_URL}, else {@code https://bedrock-runtime.{region}.amazonaws.com};</li>
 *   <li>credentials: a Bedrock API key {@code AWS_BEARER_TOKEN_BEDROCK} ({@code Authorization: Bearer}, nothing
 *       signed), else {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}),
 *       which sign every request with SigV4 for service {@code bedrock} ({@link SigV4Signer}, carried by the
 *       {@link Endpoint}). Profiles, SSO and instance roles are not read: export the credentials
 *       ({@code aws configure export-credentials --format env}).</li>
 * </ul>
 * A missing region or missing credentials stop the run before any request, naming the variables. Immutable and
 * thread-safe.
 */
abstract class BedrockRuntimeAdapter implements ProviderAdapter {

    /** The SigV4 service name of the Bedrock runtime. */
    static final String SIGNING_SERVICE = "bedrock";
    private static final List<String> INTERESTING_HEADERS = List.of("x-amzn-requestid", "x-amzn-errortype",
            "retry-after", "x-amzn-bedrock-invocation-latency", "x-amzn-bedrock-input-token-count",
            "x-amzn-bedrock-output-token-count");

    private final Clock clock;

    /** @param clock the clock signatures are dated by (tests fix it) */
    BedrockRuntimeAdapter(Clock clock) {
        this.clock = clock;
    }

    /** For region {@code us-east-1}; the default endpoint follows the region. */
    @Override
    public final String defaultBaseUrl() {
        return endpointFor("us-east-1");
    }

    /** {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}; {@code AWS_ENDPOINT_URL} applies when it is unset. */
    @Override
    public final String baseUrlVariable() {
        return "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";
    }

    /** The Bedrock API key; {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} sign requests instead. */
    @Override
    public final Optional<String> apiKeyVariable() {
        return Optional.of("AWS_BEARER_TOKEN_BEDROCK");
    }

    @Override
    public final StreamFormat streamFormat() {
        return StreamFormat.AWS_EVENT_STREAM;
    }

    static String endpointFor(String region) {
        return "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    @Override
    public final Endpoint resolveEndpoint(ProviderSettings settings) {
        String id = id();
        String region = settings.property("lens." + id + ".region");
        if (region == null) {
            region = settings.env("AWS_REGION");
        }
        if (region == null) {
            region = settings.env("AWS_DEFAULT_REGION");
        }
        String token = settings.env("AWS_BEARER_TOKEN_BEDROCK");
        String keyId = settings.env("AWS_ACCESS_KEY_ID");
        String secret = settings.env("AWS_SECRET_ACCESS_KEY");
        boolean overridden = settings.property(Endpoints.baseUrlProperty(id)) != null
                || settings.env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") != null || settings.env("AWS_ENDPOINT_URL") != null;
        boolean signing = token == null && keyId != null && secret != null;
        List<String> missing = new ArrayList<>();
        if (token == null && (keyId == null || secret == null)) {
            missing.add(keyId != null ? "AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK)"
                    : secret != null ? "AWS_ACCESS_KEY_ID (or AWS_BEARER_TOKEN_BEDROCK)"
                    : "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK)");
        }
        boolean needsRegion = !overridden || signing || !missing.isEmpty();
        if (region == null && needsRegion) {
            missing.add("AWS_REGION (or AWS_DEFAULT_REGION)");
        }
        if (!missing.isEmpty()) {
            String what = missing.size() == 2 ? "AWS credentials and a region"
                    : missing.get(0).startsWith("AWS_REGION") ? "a region" : "AWS credentials";
            throw new MissingApiKeyException(id, String.join(", and ", missing), what);
        }
        URI base = Endpoints.baseUrl(this, settings, endpointFor(region == null ? "us-east-1" : region),
                Endpoints.secrets(settings, "AWS_BEARER_TOKEN_BEDROCK", "AWS_SECRET_ACCESS_KEY",
                        "AWS_SESSION_TOKEN"),
                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL");
        Endpoint endpoint = new Endpoint(base, Optional.ofNullable(token), Endpoints.headers(this, settings));
        if (region != null) {
            endpoint = endpoint.withOption("region", region);
        }
        if (signing) {
            AwsCredentials credentials = new AwsCredentials(keyId, secret,
                    Optional.ofNullable(settings.env("AWS_SESSION_TOKEN")));
            endpoint = endpoint.withSigner(new SigV4Signer(credentials, region, SIGNING_SERVICE, clock));
        }
        return endpoint;
    }

    /**
     * The streamed {@code POST {endpoint}/model/{modelId}/{action}} of {@code body} (the model id or ARN
     * URI-encoded as one segment), answered in the AWS event-stream framing; signed when the endpoint signs.
     */
    final ProviderRequest post(Endpoint endpoint, String model, String action, byte[] body) {
        URI url = HttpUrl.get(AdapterSupport.resolve(endpoint.baseUrl(), "model").toString()).newBuilder()
                .addEncodedPathSegment(SigV4Signer.uriEncode(model)).addPathSegment(action).build().uri();
        return AdapterSupport.post(endpoint, url, body, StreamFormat.AWS_EVENT_STREAM.contentType(),
                AdapterSupport.bearer(endpoint));
    }

    @Override
    public final String requestIdHeader() {
        return "x-amzn-RequestId";
    }

    @Override
    public final List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }
}
