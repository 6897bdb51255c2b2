package dev.latencylens.api;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Receives progress while a run goes on, e.g. to drive a progress bar. Methods are called from the threads that
 * send requests, possibly several at once: keep them short and thread-safe. An exception thrown here is logged and
 * ignored; it never stops the run.
 */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** A benchmark starts (before its setup). */
    default void benchmarkStarted(BenchmarkDescriptor benchmark) {
    }

    /** A request of {@code benchmark} is over. */
    default void requestFinished(BenchmarkDescriptor benchmark, RequestOutcome outcome) {
    }

    /** A benchmark is over and summarised. */
    default void benchmarkFinished(BenchmarkResult result) {
    }

    /**
     * One finished request.
     *
     * @param ttftMs empty when no content arrived
     */
    record RequestOutcome(Phase phase, int index, Optional<ErrorClass> error, OptionalDouble ttftMs) {
        public boolean succeeded() {
            return error.isEmpty();
        }
    }
}
