package dev.latencylens.internal.engine;

import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.spi.ProviderRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Turns an adapter's {@link ProviderRequest} into the OkHttp request the engine sends. */
public final class HttpRequests {

    private HttpRequests() {
    }

    /** {@code request} as OkHttp's. */
    public static Request toOkHttp(ProviderRequest request) {
        return builder(request).build();
    }

    /** {@code request} as OkHttp's, tagged with {@code trace} for the {@link TraceEventListener}. */
    static Request toOkHttp(ProviderRequest request, RequestTrace trace) {
        return builder(request).tag(RequestTrace.class, trace).build();
    }

    private static Request.Builder builder(ProviderRequest request) {
        HttpUrl url = HttpUrl.get(request.uri().toString());
        Headers.Builder headers = new Headers.Builder();
        request.headers().forEach(headers::set);
        String type = request.header("Content-Type").orElse("application/json");
        return new Request.Builder().url(url).headers(headers.build())
                .method(request.method(), RequestBody.create(request.body(), MediaType.get(type)));
    }
}
