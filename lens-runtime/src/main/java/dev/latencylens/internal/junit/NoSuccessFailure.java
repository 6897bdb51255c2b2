package dev.latencylens.internal.junit;

import java.util.List;

/**
 * No measured request of a benchmark succeeded ({@code AllFailed}): the benchmark measured nothing. A failure of its
 * own, not an {@code @Sla} breach: {@code lens.failOnSlaViolation=false} does not excuse it.
 */
public final class NoSuccessFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    public NoSuccessFailure(String benchmark, List<String> messages) {
        super(benchmark + ": " + String.join("; ", messages));
    }
}
