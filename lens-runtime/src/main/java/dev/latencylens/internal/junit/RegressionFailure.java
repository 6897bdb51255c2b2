package dev.latencylens.internal.junit;

import java.util.List;

/** Benchmarks regressed against the baseline and {@code lens.failOnRegression} is on. */
public final class RegressionFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    public RegressionFailure(List<String> regressions) {
        super("regressed against the baseline:\n  " + String.join("\n  ", regressions));
    }
}
