package dev.latencylens.internal.provider.bedrock;

import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.aws.AwsEndpoints;
import dev.latencylens.internal.provider.aws.SigV4Signer;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.StreamFormat;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * What Bedrock's two streaming APIs share ({@link BedrockAdapter ConverseStream} and {@link BedrockInvokeAdapter
 * InvokeModelWithResponseStream}): the runtime endpoint, the credentials and SigV4 signing, the AWS event-stream
 * framing of the answer, the request id header. Resolved from the environment as the AWS SDKs do, with the
 * adapter's id in the property names:
 * <ul>
 *   <li>region: {@code lens.<id>.region}, else {@code aws.region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
 *       the profile's {@code region};</li>
 *   <li>endpoint: {@code lens.<id>.baseUrl}, else {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, else
 *       {@code AWS_ENDPOINT_URL}, else {@code https://bedrock-runtime.{region}.amazonaws.com};</li>
 *   <li>credentials: a Bedrock API key {@code AWS_BEARER_TOKEN_BEDROCK} ({@code Authorization: Bearer}, nothing
 *       signed), else the AWS default credential chain (environment, system properties, web identity, profiles
 *       with roles, SSO and {@code credential_process}, container credentials, the instance's role), whose
 *       credentials sign every request with SigV4 for service {@code bedrock}, refreshed before they expire.</li>
 * </ul>
 * All of it in {@link AwsEndpoints}. A missing region or missing credentials stop the run before any request,
 * naming every place looked in. Immutable and thread-safe.
 */
abstract class BedrockRuntimeAdapter implements ProviderAdapter {

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
        return AwsEndpoints.bedrockRuntime(region);
    }

    @Override
    public final Endpoint resolveEndpoint(ProviderSettings settings) {
        return AwsEndpoints.resolve(this, settings, clock);
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
