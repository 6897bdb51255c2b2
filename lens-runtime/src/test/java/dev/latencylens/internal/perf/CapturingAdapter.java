package dev.latencylens.internal.perf;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import okhttp3.HttpUrl;

/**
 * The simulator's own OpenAI adapter, unchanged on the wire, with two additions for benchmarks: it can keep every
 * request's {@link RequestTrace} (handed to the decoder with the first event, so all absolute stamps can be
 * compared with the simulator's ground truth), and it can point at a simulator in another process. The capture
 * runs after the read's stamp was taken, so it never lands inside a measured interval.
 */
final class CapturingAdapter implements ProviderAdapter {

    private final ProviderAdapter delegate;
    private final String id;
    private final Optional<HttpUrl> externalBaseUrl;
    private final boolean capture;
    private final Queue<RequestTrace> traces = new ConcurrentLinkedQueue<>();

    private CapturingAdapter(ProviderAdapter delegate, String id, Optional<HttpUrl> externalBaseUrl,
                             boolean capture) {
        this.delegate = delegate;
        this.id = id;
        this.externalBaseUrl = externalBaseUrl;
        this.capture = capture;
    }

    /** Against the in-process simulator the engine is given (provider id {@code simulated}). */
    static CapturingAdapter inProcess(boolean capture) {
        return new CapturingAdapter(Perf.simulatedAdapter(), "simulated", Optional.empty(), capture);
    }

    /** Against a simulator at {@code baseUrl} (e.g. in its own JVM); provider id {@code perf-external}. */
    static CapturingAdapter external(String baseUrl, boolean capture) {
        return new CapturingAdapter(Perf.simulatedAdapter(), "perf-external", Optional.of(HttpUrl.get(baseUrl)),
                capture);
    }

    /** The traces captured so far (every phase); cleared by {@link #clear()}. */
    List<RequestTrace> traces() {
        return List.copyOf(traces);
    }

    void clear() {
        traces.clear();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String defaultBaseUrl() {
        return externalBaseUrl.map(HttpUrl::toString).orElse(delegate.defaultBaseUrl());
    }

    @Override
    public String baseUrlVariable() {
        return delegate.baseUrlVariable();
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> headerVariables() {
        return delegate.headerVariables();
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        return new Endpoint(externalBaseUrl.orElseThrow(() -> new IllegalStateException("in-process adapter")).uri(),
                Optional.empty());
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        return delegate.buildRequest(endpoint, request, benchmark);
    }

    @Override
    public StreamFormat streamFormat() {
        return delegate.streamFormat();
    }

    @Override
    public StreamDecoder newDecoder() {
        StreamDecoder d = delegate.newDecoder();
        if (!capture) {
            return d;
        }
        return new StreamDecoder() {
            private boolean seen;

            @Override
            public void onEvent(SseEvent event, dev.latencylens.spi.StreamSink sink) {
                if (!seen && sink instanceof RequestTrace t) {
                    seen = true;
                    traces.add(t);
                }
                d.onEvent(event, sink);
            }

            @Override
            public boolean complete() {
                return d.complete();
            }
        };
    }

    @Override
    public Optional<String> errorMessage(int httpStatus, String body) {
        return delegate.errorMessage(httpStatus, body);
    }

    @Override
    public String requestIdHeader() {
        return delegate.requestIdHeader();
    }

    @Override
    public List<String> interestingHeaders() {
        return delegate.interestingHeaders();
    }
}
