package dev.latencylens.internal.engine;

import dev.latencylens.results.AllFailed;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ProviderAdapter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link AllFailed} verdict of a measured phase in which no request succeeded: the causes seen (HTTP errors by
 * status, the other failures by class), most frequent first, and the setting to check for the most frequent one,
 * named as the user sets it: the key variable, {@code lens.<id>.baseUrl} or the base URL variable,
 * {@code lens.<id>.rpm}, {@code lens.retries}, the simulator.
 */
final class AllFailedDiagnosis {

    private AllFailedDiagnosis() {
    }

    /** One kind of failure: what it looks like, how many requests had it, what to check. */
    private record Cause(String label, long count, String remedy) {
    }

    /**
     * @param errorCounts    the failed requests by class
     * @param failedStatuses the failed requests by HTTP status, for those that got a response
     * @param simulated      the requests went to the embedded simulator
     * @return empty unless requests were attempted and none succeeded
     */
    static Optional<AllFailed> of(long attempted, long succeeded, Map<ErrorClass, Long> errorCounts,
                                  Map<Integer, Long> failedStatuses, ProviderAdapter adapter,
                                  BenchmarkDescriptor benchmark, boolean simulated) {
        if (attempted == 0 || succeeded > 0) {
            return Optional.empty();
        }
        List<Cause> causes = new ArrayList<>();
        // A failure with a 2xx head is not an HTTP error: the server answered, then the stream broke. It is told by
        // its class below, as a stream that broke, never as a wrong base URL.
        failedStatuses.forEach((status, n) -> {
            if (status >= 400) {
                causes.add(httpCause(status, n, adapter, benchmark, simulated));
            }
        });
        boolean answered = failedStatuses.keySet().stream().anyMatch(status -> status >= 200 && status < 300);
        errorCounts.forEach((c, n) -> {
            // HTTP classes were counted by status above; what is left of them had no status (cannot happen today)
            long withStatus = failedStatuses.entrySet().stream().filter(e -> e.getKey() >= 400)
                    .filter(e -> classOf(e.getKey()) == c).mapToLong(Map.Entry::getValue).sum();
            if (n > withStatus) {
                causes.add(answered && BROKEN_STREAM.containsKey(c)
                        ? new Cause(BROKEN_STREAM.get(c), n - withStatus, brokenStream(c, benchmark, simulated))
                        : otherCause(c, n - withStatus, adapter, benchmark, simulated));
            }
        });
        causes.sort(Comparator.comparingLong(Cause::count).reversed());
        String seen = String.join(", ", causes.stream().map(c -> c.count() + " × " + c.label()).toList());
        String remedy = causes.isEmpty() ? "see the error examples" : causes.get(0).remedy();
        return Optional.of(new AllFailed(attempted, seen.isEmpty() ? "no error recorded" : seen, remedy));
    }

    /** The failures that, after a 2xx head, mean the stream broke once it had begun. */
    private static final Map<ErrorClass, String> BROKEN_STREAM = Map.of(
            ErrorClass.CONNECTION, "connection dropped after the response began",
            ErrorClass.TIMEOUT, "stalled after the response began",
            ErrorClass.PROTOCOL, "unreadable stream after the response began");

    private static String brokenStream(ErrorClass c, BenchmarkDescriptor benchmark, boolean simulated) {
        if (simulated) {
            return checkSimulator();
        }
        return "the server answered, then the stream broke: check the server and any proxy between (its timeouts"
                + " and buffering)" + (c == ErrorClass.TIMEOUT ? ", or raise the benchmark's timeoutMs ("
                + benchmark.timeoutMs() + " ms), lens.ttftTimeoutMs or lens.idleTimeoutMs" : "");
    }

    private static ErrorClass classOf(int status) {
        return status == 429 ? ErrorClass.RATE_LIMITED : status >= 500 ? ErrorClass.HTTP_5XX
                : status >= 400 ? ErrorClass.HTTP_4XX : ErrorClass.PROTOCOL;
    }

    private static Cause httpCause(int status, long n, ProviderAdapter adapter, BenchmarkDescriptor benchmark,
                                   boolean simulated) {
        String http = "HTTP " + status;
        return switch (status) {
            case 401 -> new Cause(http + " (invalid API key)", n, checkKey(adapter));
            case 403 -> new Cause(http + " (forbidden)", n, checkKey(adapter) + " and what it may access");
            case 404 -> new Cause(http + " (not found)", n, "check the model '" + benchmark.model() + "' and "
                    + baseUrl(adapter));
            case 429 -> new Cause(http + " (rate limited)", n, rateLimit(adapter));
            default -> status >= 500
                    ? new Cause(http + " (server error)", n, simulated ? checkSimulator()
                            : "the provider failed; try again later, or allow retries with lens.retries")
                    : status >= 400 ? new Cause(http + " (request refused)", n, "check the request the provider"
                            + " refused (model, maxTokens, parameters): see the error examples")
                    : new Cause(http, n, "check " + baseUrl(adapter));
        };
    }

    private static Cause otherCause(ErrorClass c, long n, ProviderAdapter adapter, BenchmarkDescriptor benchmark,
                                    boolean simulated) {
        return switch (c) {
            case CONNECTION -> new Cause("connection failed", n, "check " + baseUrl(adapter)
                    + " and that the server is up" + (simulated ? "" : ", or run against the simulator with"
                    + " -Dlens.simulate=true"));
            case TIMEOUT -> new Cause("timed out", n, "check the server, or raise the benchmark's timeoutMs ("
                    + benchmark.timeoutMs() + " ms), lens.ttftTimeoutMs or lens.idleTimeoutMs");
            case RATE_LIMITED -> new Cause("rate limited", n, rateLimit(adapter));
            case HTTP_5XX -> new Cause("server error", n, "the provider failed; try again later, or raise"
                    + " lens.retries");
            case HTTP_4XX -> new Cause("request refused", n, "see the error examples");
            case PROTOCOL -> new Cause("unreadable response", n, "check that " + baseUrl(adapter) + " points at a "
                    + adapter.id() + " server (its wire format)");
            case PROVIDER_ERROR -> new Cause("error in the stream", n, simulated ? checkSimulator()
                    : "see the error examples: the provider failed mid-stream");
            case EMPTY_OUTPUT -> new Cause("empty answer", n, "check the prompt and maxTokens ("
                    + benchmark.maxTokens() + "): the model answered nothing");
            case CLIENT -> new Cause("the benchmark method threw", n, "fix the benchmark method: see the error"
                    + " examples");
        };
    }

    private static String checkKey(ProviderAdapter adapter) {
        return adapter.apiKeyVariable().map(v -> "check " + v + " (or the settings.xml server lens-" + adapter.id()
                + ")").orElse("check the credentials of provider " + adapter.id());
    }

    private static String baseUrl(ProviderAdapter adapter) {
        return "the base URL (lens." + adapter.id() + ".baseUrl or " + adapter.baseUrlVariable() + ")";
    }

    private static String rateLimit(ProviderAdapter adapter) {
        return "lower the rate or set a client-side limit (lens." + adapter.id() + ".rpm), and allow retries"
                + " (lens.retries)";
    }

    private static String checkSimulator() {
        return "check the simulator profile of the model: its fault rates";
    }
}
