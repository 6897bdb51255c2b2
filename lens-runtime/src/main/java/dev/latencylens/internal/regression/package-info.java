/**
 * Baseline comparison: reads a previous run's {@code results.json} ({@link dev.latencylens.internal.regression.Baseline}),
 * compares a run with it metric by metric with noise-tolerant rules
 * ({@link dev.latencylens.internal.regression.RegressionAnalysis}) and writes the verdicts for people, tools and build
 * failures ({@link dev.latencylens.internal.regression.RegressionReport}).
 */
package dev.latencylens.internal.regression;
