package dev.latencylens.internal.engine;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunListener;
import dev.latencylens.internal.load.RateLimiter;
import dev.latencylens.internal.metrics.BilledTokens;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.workload.RequestSource;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogWriter;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the requests of one benchmark, one at a time per calling thread: asks its {@link RequestSource} (the
 * benchmark method, or its workload) for the request,
 * waits for the provider's client-side rate limits ({@code lens.<provider>.rpm}, {@code .tpm}), sends it through the
 * {@link RequestExecutor}, and retries what may succeed later ({@code lens.retries}: 429, 5xx, connection failures,
 * timeouts) after the provider's stated wait or an exponential backoff with full jitter. Every attempt is written to
 * {@code requests.jsonl} and counted as billed when the provider bills it; only the last one is recorded and
 * reported to the {@link RunListener}.
 */
final class RequestSender {

    private final RequestSource requests;
    private final BenchmarkDescriptor benchmark;
    private final RequestExecutor executor;
    private final Settings settings;
    private final RequestLogWriter log;
    private final BilledTokens billed;

    /**
     * How requests are sent: whether text is captured, retries and backoff, the listener, the
     * client-side limits and when to stop.
     *
     * @param requestLimit the provider's client-side limit in requests per minute
     * @param tokenLimit   the provider's client-side limit in tokens per minute
     * @param redactor     masks the run's secrets in every request's messages
     */
    record Settings(boolean captureText, LoadOptions load, RunListener listener,
                    Optional<RateLimiter> requestLimit, Optional<RateLimiter> tokenLimit,
                    BooleanSupplier stopRequested, Redactor redactor) {
    }

    RequestSender(RequestSource requests, RequestExecutor executor, Settings settings, RequestLogWriter log,
                  BilledTokens billed) {
        this.requests = requests;
        this.benchmark = requests.descriptor();
        this.executor = executor;
        this.settings = settings;
        this.log = log;
        this.billed = billed;
    }

    /**
     * Sends request {@code index} of {@code phase} (retrying when asked to) and returns its last attempt, after
     * {@code record} has seen it.
     *
     * @param logName the name the request is filed under in {@code requests.jsonl}: the benchmark's, or a sweep
     *                step's
     */
    RequestTrace send(Object instance, String logName, Phase phase, int index, long scheduledNanos,
                      Consumer<RequestTrace> record) {
        return prepare(instance, logName, phase, index, scheduledNanos, record).get();
    }

    /**
     * Request {@code index} of {@code phase} made ready ahead of its instant, so that work is not in its schedule
     * lag: the benchmark (or its workload) asked for it, and its first attempt built. Getting the result sends it as
     * {@link #send} does; once.
     */
    Supplier<RequestTrace> prepare(Object instance, String logName, Phase phase, int index, long scheduledNanos,
                                   Consumer<RequestTrace> record) {
        RequestSource.Planned planned;
        Attempt first;
        try {
            planned = requests.next(instance, phase, index);
            first = attempt(planned, phase, index, scheduledNanos, 0);
        } catch (Exception e) {
            return () -> finish(logName, null, threw(phase, index, scheduledNanos, e), record);
        }
        return () -> {
            RequestTrace trace;
            try {
                trace = send(first, planned);
            } catch (RuntimeException e) {
                trace = threw(phase, index, scheduledNanos, e);
            }
            return finish(logName, planned, trace, record);
        };
    }

    /** Retries the request of {@code trace} when asked to, then records, logs and reports its last attempt. */
    private RequestTrace finish(String logName, RequestSource.Planned planned, RequestTrace first,
                                Consumer<RequestTrace> record) {
        RequestTrace trace = first;
        LoadOptions load = settings.load();
        int rateLimited = 0;
        for (int attempt = 1; planned != null && attempt <= load.retries() && retryable(trace)
                && !settings.stopRequested().getAsBoolean(); attempt++) {
            finished(logName, trace);
            rateLimited += trace.errorClass().filter(c -> c == ErrorClass.RATE_LIMITED).isPresent() ? 1 : 0;
            if (!backOff(trace, attempt)) {
                break;
            }
            trace = send(attempt(planned, trace.phase(), trace.index(), trace.scheduledNanos(), attempt), planned);
            trace.earlierRateLimitedAttempts(rateLimited);
        }
        record.accept(trace);
        finished(logName, trace);
        if (planned != null) {
            planned.done().accept(trace);
        }
        RequestTrace done = trace;
        RunListener.RequestOutcome outcome = new RunListener.RequestOutcome(done.phase(), done.index(),
                done.errorClass(), done.ttftNanos() == RequestTrace.NONE ? OptionalDouble.empty()
                        : OptionalDouble.of(done.ttftNanos() / 1e6));
        notify(() -> settings.listener().requestFinished(benchmark, outcome));
        return trace;
    }

    private RequestTrace threw(Phase phase, int index, long scheduledNanos, Exception e) {
        return failed(new RequestTrace(phase, index, scheduledNanos, settings.captureText(), 0, settings.redactor()),
                benchmark.name() + " threw " + e);
    }

    /** An attempt is over: counted as billed when it is, and written to the request log. */
    private void finished(String logName, RequestTrace attempt) {
        billed.add(attempt);
        log.write(RequestRecords.of(logName, attempt));
    }

    /** Attempt {@code attempt} of a request, built and not yet sent. */
    private Attempt attempt(RequestSource.Planned planned, Phase phase, int index, long scheduledNanos, int attempt) {
        RequestTrace trace = new RequestTrace(phase, index, scheduledNanos, settings.captureText(), attempt,
                settings.redactor());
        planned.shape().ifPresent(trace::workload);
        return new Attempt(trace, executor.build(planned.request(), trace));
    }

    /** One attempt of a request: its trace and what goes on the wire. */
    private record Attempt(RequestTrace trace, RequestExecutor.Built built) {
    }

    /** Waits for the client-side rate limits, sends {@code attempt}, and returns its filled trace. */
    private RequestTrace send(Attempt attempt, RequestSource.Planned planned) {
        RequestTrace trace = attempt.trace();
        try {
            acquireLimits(planned.request());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(trace, "interrupted while waiting for the client-side rate limit");
        }
        executor.execute(attempt.built(), trace);
        // Any tokenizer estimate runs now, on the request's own thread, not later under the recorder's lock.
        trace.countTokens();
        return trace;
    }

    private static RequestTrace failed(RequestTrace trace, String message) {
        trace.sent(System.nanoTime());
        trace.fail(ErrorClass.CLIENT, message);
        trace.end(System.nanoTime());
        return trace;
    }

    private void acquireLimits(ChatRequest request) throws InterruptedException {
        if (settings.requestLimit().isPresent()) {
            settings.requestLimit().get().acquire(1);
        }
        if (settings.tokenLimit().isPresent()) {
            long chars = request.system().map(String::length).orElse(0)
                    + request.messages().stream().mapToLong(m -> m.content().length()).sum();
            settings.tokenLimit().get().acquire(RequestTrace.estimateTokens(chars)
                    + request.maxTokens().orElse(benchmark.maxTokens()));
        }
    }

    private static boolean retryable(RequestTrace t) {
        return t.errorClass().map(c -> c == ErrorClass.RATE_LIMITED || c == ErrorClass.HTTP_5XX
                || c == ErrorClass.CONNECTION || c == ErrorClass.TIMEOUT).orElse(false);
    }

    /** Waits before attempt {@code attempt}: the provider's stated wait, else exponential backoff with full jitter. */
    private boolean backOff(RequestTrace failed, int attempt) {
        LoadOptions load = settings.load();
        long cap = load.retryMaxBackoffMs();
        long wait = failed.retryAfterMillis() >= 0 ? Math.min(cap, failed.retryAfterMillis())
                : ThreadLocalRandom.current().nextLong(
                        Math.min(cap, load.retryBackoffMs() << Math.min(20, attempt - 1)) + 1);
        try {
            TimeUnit.MILLISECONDS.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Calls a {@link RunListener} method; what it throws is logged and ignored, never stopping the run. */
    static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            System.err.println("[lens] a RunListener threw, ignored: " + e);
        }
    }
}
