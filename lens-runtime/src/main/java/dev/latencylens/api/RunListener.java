package dev.latencylens.api;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;

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

    /** One listener calling each of {@code listeners} in order. */
    static RunListener all(RunListener... listeners) {
        java.util.List<RunListener> list = java.util.List.of(listeners);
        return new RunListener() {
            @Override
            public void benchmarkStarted(BenchmarkDescriptor benchmark) {
                list.forEach(l -> l.benchmarkStarted(benchmark));
            }

            @Override
            public void requestFinished(BenchmarkDescriptor benchmark, RequestOutcome outcome) {
                list.forEach(l -> l.requestFinished(benchmark, outcome));
            }

            @Override
            public void benchmarkFinished(BenchmarkResult result) {
                list.forEach(l -> l.benchmarkFinished(result));
            }

            @Override
            public void benchmarkCompleted(BenchmarkDescriptor benchmark, java.util.List<BenchmarkResult> results) {
                list.forEach(l -> l.benchmarkCompleted(benchmark, results));
            }
        };
    }

    /** A benchmark starts (before its setup). */
    default void benchmarkStarted(BenchmarkDescriptor benchmark) {
    }

    /** A request of {@code benchmark} is over. */
    default void requestFinished(BenchmarkDescriptor benchmark, RequestOutcome outcome) {
    }

    /** A result is ready: the benchmark's, or one step's of a {@code SWEEP}. */
    default void benchmarkFinished(BenchmarkResult result) {
    }

    /** A benchmark is over: all its results (one, or one per sweep step), after their {@link #benchmarkFinished}. */
    default void benchmarkCompleted(BenchmarkDescriptor benchmark, java.util.List<BenchmarkResult> results) {
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
