package dev.latencylens.internal.engine;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.stream.Framers;
import dev.latencylens.internal.stream.StreamFramer;
import dev.latencylens.internal.tokens.TokenEstimator;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Sends one request and reads its stream to the end, stamping every event into a {@link RequestTrace}.
 *
 * <p>The read loop is the hot path: after each socket read returns it takes {@code System.nanoTime()} and only then
 * hands the bytes to the SSE decoder, so every event completed by that read carries the read's stamp, whatever
 * decoding costs. Recording, logging and JSON building happen after the stream ends. Failures never escape: they
 * are classified into the trace and the run goes on.
 */
final class RequestExecutor {

    private static final int READ_BUFFER = 16 * 1024;
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final PooledClients clients;
    /** For resending on a new connection: a pool of its own, never offering a connection twice (see execute). */
    private final OkHttpClient freshConnections;
    private final ProviderAdapter adapter;
    private final Endpoint endpoint;
    private final BenchmarkDescriptor benchmark;
    private final long ttftTimeoutMs;
    private final TokenEstimator estimator;
    private final Redactor redactor;

    RequestExecutor(OkHttpClient client, ProviderAdapter adapter, Endpoint endpoint, BenchmarkDescriptor benchmark) {
        this(PooledClients.single(client), adapter, endpoint, benchmark, 0, Redactor.NONE);
    }

    /**
     * @param clients       the run's clients; each thread sends through its own one's connection pool
     * @param ttftTimeoutMs cancel a request that has no content after this long (0 = no such timeout)
     * @param redactor      learns the credentials each request carries (a signer's refreshed token too)
     */
    RequestExecutor(PooledClients clients, ProviderAdapter adapter, Endpoint endpoint, BenchmarkDescriptor benchmark,
                    long ttftTimeoutMs, Redactor redactor) {
        this.redactor = redactor;
        this.clients = clients;
        this.freshConnections = clients.first().newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
        this.adapter = adapter;
        this.endpoint = endpoint;
        this.benchmark = benchmark;
        this.ttftTimeoutMs = ttftTimeoutMs;
        this.estimator = TokenEstimator.forModel(adapter.id(), benchmark.model());
    }

    String providerId() {
        return adapter.id();
    }

    /** Sends {@code request} and fills {@code trace}; returns when the request is over, whatever happened. */
    void execute(ChatRequest request, RequestTrace trace) {
        execute(build(request, trace), trace);
    }

    /**
     * What has to happen before {@code trace}'s request can go, done ahead of its {@code t_send} so it is not in the
     * schedule lag: the prompt's length, the provider's request (JSON body, headers, signature) and OkHttp's call.
     * A request that cannot be built fails when it is {@linkplain #execute(Built, RequestTrace) sent}.
     */
    Built build(ChatRequest request, RequestTrace trace) {
        trace.promptChars(promptChars(request));
        // Counted only if the provider reports no usage, and then after the request: tokenizing a long prompt
        // here would sit between t_sched and t_send.
        trace.estimator(estimator, () -> estimator.countChat(request));
        try {
            ProviderRequest built = adapter.buildRequest(endpoint, request, benchmark);
            redactor.learnHeaders(built.headers());
            Request http = HttpRequests.toOkHttp(built, trace);
            // The calling thread's pool: the thread that prepares a request is the one that sends it.
            return new Built(http, clients.forCurrentThread().newCall(http), null);
        } catch (RuntimeException e) {
            return new Built(null, null, "could not build the " + adapter.id() + " request: " + e.getMessage());
        }
    }

    /**
     * Sends a request {@linkplain #build built} with the same {@code trace} and fills it; returns when the request is
     * over, whatever happened.
     */
    void execute(Built built, RequestTrace trace) {
        if (built.failure() != null) {
            trace.sent(System.nanoTime());
            trace.fail(ErrorClass.CLIENT, built.failure());
            trace.end(System.nanoTime());
            return;
        }
        Request http = built.http();
        AtomicReference<Call> call = new AtomicReference<>(built.call());
        AtomicBoolean ttftExpired = new AtomicBoolean();
        AtomicBoolean deadlineExpired = new AtomicBoolean();
        try (Deadlines.Watch deadline = Deadlines.SHARED.watch(benchmark.timeoutMs(), () -> {
                deadlineExpired.set(true);
                call.get().cancel();
            });
             Deadlines.Watch ttftGuard = ttftTimeoutMs <= 0 ? null : Deadlines.SHARED.watch(ttftTimeoutMs, () -> {
                 if (trace.firstContentNanos() == RequestTrace.NONE) {
                     ttftExpired.set(true);
                     call.get().cancel();
                 }
             })) {
            trace.sent(System.nanoTime());
            send(http, call, ttftExpired, deadlineExpired, trace);
        }
        trace.end(System.nanoTime());
    }

    /** Sends the request and reads the response into {@code trace}; every failure is classified into it. */
    private void send(Request http, AtomicReference<Call> call, AtomicBoolean ttftExpired,
                      AtomicBoolean deadlineExpired, RequestTrace trace) {
        try (Response response = execute(http, call, () -> ttftExpired.get() || deadlineExpired.get(), trace)) {
            String requestId = response.header(adapter.requestIdHeader());
            trace.status(response.code(), requestId != null ? requestId : response.header("x-request-id"));
            recordRedirects(response, trace);
            readServerFigures(response, trace);
            if (!response.isSuccessful()) {
                failHttp(response, trace);
            } else if (!adapter.streamFormat().accepts(response.header("Content-Type"))) {
                failNotAStream(response.body(), trace);
            } else {
                readStream(response.body().source(), trace);
            }
        } catch (IOException e) {
            failIo(e, trace, ttftExpired.get(), deadlineExpired.get());
        } catch (RuntimeException e) {
            trace.fail(ErrorClass.PROTOCOL, "could not read the response: " + describe(e));
        }
    }

    /**
     * Executes {@code call}; when it went out on a pooled connection the server had already closed, sends the
     * request once more on a new connection. That resend is not a retry of a failure: the server never saw the
     * first attempt. It happens only when all of these hold, so the server cannot have processed the request:
     * the connection was reused, it delivered no byte at all for this request (counted on the socket, so only for
     * cleartext connections: over TLS a {@code close_notify} alert is bytes too), no response head was read, and
     * the failure was not a timeout or a cancellation. The new connection is guaranteed: it comes from a pool of its
     * own, and its request says {@code Connection: close}, so no connection is ever offered twice from there. Its
     * cost lands inside the request's latencies, which still count from the first attempt's {@code t_send}, as a
     * client that checks a pooled connection before using it (curl, Python's urllib3) pays it.
     */
    private Response execute(Request http, AtomicReference<Call> call, BooleanSupplier expired, RequestTrace trace)
            throws IOException {
        try {
            return call.get().execute();
        } catch (IOException e) {
            if (!trace.connectionReused() || !trace.unanswered() || trace.headersNanos() != RequestTrace.NONE
                    || e instanceof InterruptedIOException || call.get().isCanceled()) {
                throw e;
            }
            long left = benchmark.timeoutMs() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trace.sendNanos());
            if (left <= 0) {
                throw e;
            }
            trace.retryOnNewConnection(describe(e));
            Call fresh = freshConnections.newCall(http.newBuilder().header("Connection", "close").build());
            call.set(fresh);
            if (expired.getAsBoolean()) {
                fresh.cancel(); // the deadline fired between the failure and the set: it cancelled the old call
            }
            return fresh.execute();
        }
    }

    /**
     * A request ready to go, from {@link #build}: OkHttp's request and its call, or (both null) why it could not be
     * built.
     */
    record Built(Request http, Call call, String failure) {
    }

    /** The redirects OkHttp followed to reach {@code response}: their count and where it finally came from. */
    private static void recordRedirects(Response response, RequestTrace trace) {
        int redirects = 0;
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            redirects += prior.isRedirect() ? 1 : 0;
        }
        if (redirects > 0) {
            // No user-info, no query: a redirect to a signed URL carries its credential in the query.
            trace.redirected(redirects, response.request().url().newBuilder().username("").password("").query(null)
                    .fragment(null).build().toString());
        }
    }

    /** The figures the provider reports in its response headers ({@link ProviderAdapter#serverFigureHeaders()}). */
    private void readServerFigures(Response response, RequestTrace trace) {
        adapter.serverFigureHeaders().forEach((header, figure) -> {
            String value = response.header(header);
            if (value != null) {
                try {
                    trace.server(trace.headersNanos(), figure, Double.parseDouble(value.trim()));
                } catch (NumberFormatException notANumber) {
                    // a header we cannot read tells us nothing; the request is fine
                }
            }
        });
    }

    private void failIo(IOException e, RequestTrace trace, boolean ttftExpired, boolean deadlineExpired) {
        if (ttftExpired) {
            trace.fail(ErrorClass.TIMEOUT, "no first token within lens.ttftTimeoutMs=" + ttftTimeoutMs);
        } else if (deadlineExpired) {
            trace.fail(ErrorClass.TIMEOUT, "no complete response within timeoutMs=" + benchmark.timeoutMs());
        } else if (e instanceof SocketTimeoutException) {
            trace.fail(ErrorClass.TIMEOUT, "the stream was idle for longer than lens.idleTimeoutMs ("
                    + describe(e) + ")");
        } else if (e instanceof InterruptedIOException) {
            trace.fail(ErrorClass.TIMEOUT, "no complete response within timeoutMs=" + benchmark.timeoutMs()
                    + " (" + describe(e) + ")");
        } else if (e instanceof ConnectException || e instanceof UnknownHostException) {
            trace.fail(ErrorClass.CONNECTION, "could not connect to " + Endpoint.redact(endpoint.baseUrl()) + ": "
                    + describe(e));
        } else {
            trace.fail(ErrorClass.CONNECTION, (trace.headersNanos() == RequestTrace.NONE
                    ? "connection failed before the response: " : "connection dropped mid-stream after "
                    + trace.contentEvents() + " content events: ") + describe(e));
        }
    }

    private void readStream(BufferedSource source, RequestTrace trace) throws IOException {
        ProviderAdapter.StreamDecoder decoder = adapter.newDecoder();
        StreamFramer framer = Framers.of(adapter.streamFormat(), event -> decoder.onEvent(event, trace));
        byte[] buffer = new byte[READ_BUFFER];
        int n;
        while ((n = source.read(buffer)) != -1) {
            long stamp = System.nanoTime();
            framer.feed(buffer, 0, n, stamp);
        }
        framer.end();
        if (!decoder.complete()) {
            trace.fail(ErrorClass.PROTOCOL, "the stream ended before the provider said it was complete, after "
                    + trace.contentEvents() + " content events");
        }
    }

    private void failHttp(Response response, RequestTrace trace) throws IOException {
        int code = response.code();
        String body = readCapped(response.body());
        ErrorClass errorClass = code == 429 ? ErrorClass.RATE_LIMITED
                : code >= 500 ? ErrorClass.HTTP_5XX : ErrorClass.HTTP_4XX;
        StringBuilder message = new StringBuilder("HTTP ").append(code).append(": ")
                .append(errorMessage(code, body));
        String retryAfter = response.header("retry-after");
        if (retryAfter != null) {
            message.append(" (retry-after ").append(retryAfter).append(')');
        }
        RetryAfter.millis(response::header, java.time.Instant.now()).ifPresent(trace::retryAfter);
        trace.fail(errorClass, message.toString());
    }

    private void failNotAStream(ResponseBody body, RequestTrace trace) throws IOException {
        MediaType type = body.contentType();
        String text = readCapped(body);
        trace.fail(ErrorClass.PROTOCOL, "expected a " + adapter.streamFormat().contentType() + " stream but got "
                + (type == null ? "no content type" : type.toString()) + ": " + errorMessage(200, text));
    }

    /** At most about {@value #MAX_ERROR_BODY} bytes of a body that is not a stream: an error page can be huge. */
    private static String readCapped(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(MAX_ERROR_BODY);
        return source.getBuffer().snapshot().utf8();
    }

    /** The adapter's reading of an error body, else the generic one that knows every built-in provider's shapes. */
    private String errorMessage(int code, String body) {
        return adapter.errorMessage(code, body).orElseGet(() -> ErrorBodies.message(body));
    }

    private static long promptChars(ChatRequest request) {
        long chars = request.system().map(String::length).orElse(0);
        for (Message m : request.messages()) {
            chars += m.content().length();
        }
        return chars;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
