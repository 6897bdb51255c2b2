package dev.latencylens.internal.regression;

/** The outcome of comparing one metric with its baseline; the rules are in {@link RegressionAnalysis}. */
public enum Verdict {
    /** Better by more than the threshold, and (where a test applies) significantly so. */
    IMPROVED,
    /** Within the threshold. */
    UNCHANGED,
    /** Worse by more than the threshold, and (where a test applies) significantly so. */
    REGRESSED,
    /** Changed by more than the threshold without significance, or too few samples to tell. */
    INCONCLUSIVE
}
