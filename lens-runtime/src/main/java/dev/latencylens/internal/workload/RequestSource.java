package dev.latencylens.internal.workload;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.internal.metrics.RequestShape;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where one benchmark's requests come from: its method, or its workload ({@link RequestSources#of}). The engine asks
 * it for each request right before sending it and tells it how the request went, which a conversation whose history
 * is the model's own answers needs. Thread-safe: a concurrent phase asks from several threads.
 */
public interface RequestSource {

    /** The benchmark, as run: a trace's iterations capped at its lines and its rate filled in. */
    BenchmarkDescriptor descriptor();

    /**
     * The request {@code index} of {@code phase}.
     *
     * @param instance the benchmark class's instance (for a method), or {@code BenchmarkHarness.STATIC_ONLY}
     * @throws Exception what the benchmark method threw
     */
    Planned next(Object instance, Phase phase, int index) throws Exception;

    /** When a {@code TRACE} benchmark's measured requests go, fresh for each phase; empty for every other. */
    default Optional<ArrivalSchedule> arrivals() {
        return Optional.empty();
    }

    /** The most requests one measured phase can send: a trace's lines; otherwise no limit. */
    default int limit() {
        return Integer.MAX_VALUE;
    }

    /** What the results should say about how the requests were made (approximate lengths, a length only capped). */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * One request to send, what the workload made of it, and what to do once it is over (after its last attempt).
     */
    record Planned(ChatRequest request, Optional<RequestShape> shape, Consumer<RequestTrace> done) {

        public Planned {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(done, "done");
        }

        /** A request that needs nothing after it is sent. */
        static Planned of(ChatRequest request, RequestShape shape) {
            return new Planned(request, Optional.of(shape), trace -> { });
        }
    }
}
