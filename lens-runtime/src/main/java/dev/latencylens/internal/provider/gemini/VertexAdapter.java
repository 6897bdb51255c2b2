package dev.latencylens.internal.provider.gemini;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.credentials.BearerSigner;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Gemini through Google Cloud's Vertex AI, provider {@code vertex}: the Gemini API's body and stream (the same
 * {@link GeminiAdapter#body} and {@link GeminiStreamDecoder}) at Vertex's path,
 * {@code POST {base}/projects/{project}/locations/{location}/publishers/google/models/{model}:streamGenerateContent}
 * {@code ?alt=sse},
 * authenticated with Google OAuth access tokens from application-default credentials ({@link GoogleAdc}), fetched
 * again before they expire and added to each request as it is sent. A provider of its own rather than a switch on
 * {@code gemini}: another host, another path, another credential, another price list's name.
 *
 * <ul>
 *   <li>project: {@code lens.vertex.project}, else {@code GOOGLE_CLOUD_PROJECT}, else the project the credentials
 *       belong to (a service account's {@code project_id}, the quota project, the metadata server's);</li>
 *   <li>location: {@code lens.vertex.location}, else {@code GOOGLE_CLOUD_LOCATION}, else {@code global}, as
 *       google-genai does with {@code GOOGLE_GENAI_USE_VERTEXAI=true};</li>
 *   <li>base URL: {@code lens.vertex.baseUrl}, else {@code GOOGLE_VERTEX_BASE_URL}, else
 *       {@code https://{location}-aiplatform.googleapis.com/v1} ({@code https://aiplatform.googleapis.com/v1} for
 *       {@code global}); {@code v1} is appended to a base URL without a version.</li>
 * </ul>
 * A model given as a path ({@code publishers/google/models/x}, a tuned model's {@code endpoints/123}) is used as
 * that path under the location. Immutable and thread-safe.
 */
public final class VertexAdapter implements ProviderAdapter {

    public static final String ID = "vertex";
    static final String PROJECT_OPTION = "project";
    static final String LOCATION_OPTION = "location";
    /** What a simulated endpoint, which resolves nothing, puts in the path. */
    private static final String SIMULATED_PROJECT = "lens-simulated";
    private static final String DEFAULT_LOCATION = "global";

    private final GeminiAdapter gemini = new GeminiAdapter();
    private final Clock clock;
    private final String libraryClass;

    public VertexAdapter() {
        this(Clock.systemUTC(), GoogleAdc.LIBRARY_CLASS);
    }

    /**
     * @param clock        decides when an access token is due for a refresh
     * @param libraryClass the class that says google-auth-library is present (tests name a missing one)
     */
    VertexAdapter(Clock clock, String libraryClass) {
        this.clock = clock;
        this.libraryClass = libraryClass;
    }

    @Override
    public String id() {
        return ID;
    }

    /** For location {@code global}. */
    @Override
    public String defaultBaseUrl() {
        return baseUrlFor(DEFAULT_LOCATION);
    }

    static String baseUrlFor(String location) {
        return location.equals(DEFAULT_LOCATION) ? "https://aiplatform.googleapis.com/v1"
                : "https://" + location + "-aiplatform.googleapis.com/v1";
    }

    /** google-genai's {@code GOOGLE_VERTEX_BASE_URL}. */
    @Override
    public String baseUrlVariable() {
        return "GOOGLE_VERTEX_BASE_URL";
    }

    /** None: Vertex takes OAuth tokens from application-default credentials. */
    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.empty();
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        String location = firstOf(settings.property("lens.vertex.location"), settings.env("GOOGLE_CLOUD_LOCATION"),
                DEFAULT_LOCATION);
        URI base = Endpoints.baseUrl(this, settings, baseUrlFor(location), Map.of(), baseUrlVariable());
        List<String> lookedIn = new ArrayList<>();
        GoogleAdcTokens.Tokens found = GoogleAdc.find(settings, clock, libraryClass, lookedIn).orElseThrow(() ->
                new MissingApiKeyException(ID, "GOOGLE_APPLICATION_CREDENTIALS to a service-account or"
                        + " authorized-user JSON file (or run gcloud auth application-default login; the library: add "
                        + GoogleAdc.LIBRARY + ")", "Google credentials", String.join(", ", lookedIn)));
        String project = firstOf(settings.property("lens.vertex.project"), settings.env("GOOGLE_CLOUD_PROJECT"),
                found.project().orElse(null));
        if (project == null) {
            throw new MissingApiKeyException(ID, "GOOGLE_CLOUD_PROJECT", "a project", "lens.vertex.project,"
                    + " GOOGLE_CLOUD_PROJECT and the credentials (" + found.source() + "), which name none");
        }
        return new Endpoint(base, Optional.empty(), Endpoints.headers(this, settings))
                .withOption(PROJECT_OPTION, project).withOption(LOCATION_OPTION, location)
                .withOption("credentials", found.source())
                .withSigner(new BearerSigner(found.tokens(), found.source()));
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        String model = benchmark.model();
        String path = "projects/" + endpoint.option(PROJECT_OPTION).orElse(SIMULATED_PROJECT) + "/locations/"
                + endpoint.option(LOCATION_OPTION).orElse(DEFAULT_LOCATION) + "/"
                + (model.contains("/") ? model : "publishers/google/models/" + model) + ":streamGenerateContent";
        URI url = HttpUrl.get(AdapterSupport.resolve(AdapterSupport.versioned(endpoint.baseUrl(), "v1"), path)
                .toString()).newBuilder().addQueryParameter("alt", "sse").build().uri();
        return AdapterSupport.post(endpoint, url, gemini.body(request, benchmark), "text/event-stream", r -> r);
    }

    @Override
    public GeminiStreamDecoder newDecoder() {
        return new GeminiStreamDecoder();
    }

    @Override
    public List<String> interestingHeaders() {
        return gemini.interestingHeaders();
    }

    @Override
    public String toString() {
        return "VertexAdapter[streamGenerateContent]";
    }
}
