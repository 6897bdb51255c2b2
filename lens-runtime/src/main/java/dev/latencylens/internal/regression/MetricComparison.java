package dev.latencylens.internal.regression;

import java.util.OptionalDouble;

/**
 * One metric of one benchmark against its baseline.
 *
 * @param metric       where the value lives in {@code results.json}: a metric key ({@code ttft}, {@code icl},
 *                     {@code tpot}, {@code e2e}), {@code throughput}, {@code reliability} or {@code cost}
 * @param statistic    which value of it: {@code p50}, {@code p95}, {@code p99}, {@code outputTokensPerSecond},
 *                     {@code requestsPerSecond}, {@code errorRate} (1 − successRate), {@code perThousandSuccessful}
 * @param unit         {@code ms}, {@code tokens/s}, {@code req/s}, {@link #RATIO} (a fraction, shown in percent) or
 *                     a currency
 * @param baseline     empty when the baseline has no value (too few samples, nothing recorded)
 * @param current      empty when this run has no value
 * @param intervalLow  the lower end of the interval of the relative change, a one-sided
 *                     {@code 1 − }{@link RegressionAnalysis#ALPHA} confidence bound; empty where no noise model
 *                     applies
 * @param intervalHigh the upper end, likewise
 * @param pValue       the test's two-sided p-value, where a test gives one (the error rate's)
 * @param test         how the interval or p-value was computed ({@link RegressionAnalysis#QUANTILE_BOUNDS},
 *                     {@code two-proportion z}, ...), or empty when the verdict rests on the threshold alone
 * @param reason       why the verdict, in a phrase
 */
public record MetricComparison(String metric, String statistic, String unit, OptionalDouble baseline,
                               OptionalDouble current, OptionalDouble intervalLow, OptionalDouble intervalHigh,
                               OptionalDouble pValue, String test, Verdict verdict, String reason) {

    /** The unit of a fraction (error rate): values 0..1, shown in percent, changes in percentage points. */
    public static final String RATIO = "ratio";

    /** {@code (current − baseline) / baseline}; empty when a side is missing or the baseline is 0. */
    public OptionalDouble relativeChange() {
        if (baseline.isEmpty() || current.isEmpty()) {
            return OptionalDouble.empty();
        }
        double b = baseline.getAsDouble();
        double c = current.getAsDouble();
        if (b == 0) {
            return c == 0 ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        return OptionalDouble.of((c - b) / b);
    }

    /** {@code current − baseline} in {@link #unit()}; empty when a side is missing. */
    public OptionalDouble absoluteChange() {
        return baseline.isEmpty() || current.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(current.getAsDouble() - baseline.getAsDouble());
    }

    /** For people: "ttft p95", "output tokens/s", "requests/s", "error rate", "cost per 1k successful". */
    public String label() {
        return switch (metric) {
            case "throughput" -> statistic.equals("requestsPerSecond") ? "requests/s" : "output tokens/s";
            case "reliability" -> "error rate";
            case "cost" -> "cost per 1k successful";
            default -> metric + " " + statistic;
        };
    }

    /**
     * One line for a build failure: "Sample.x ttft p95: 120.0 ms → 180.0 ms (+50.0%, 98% interval +31.0% to
     * +70.0%)".
     */
    public String line(String benchmarkId) {
        StringBuilder s = new StringBuilder(benchmarkId).append(' ').append(label()).append(": ")
                .append(Format.value(baseline, unit)).append(" → ").append(Format.value(current, unit));
        String change = Format.change(this);
        String evidence = intervalLow.isPresent() ? Format.interval(this)
                : pValue.isPresent() ? Format.pValue(pValue.getAsDouble()) : "";
        if (!change.isEmpty() || !evidence.isEmpty()) {
            s.append(" (").append(change).append(!change.isEmpty() && !evidence.isEmpty() ? ", " : "")
                    .append(evidence).append(')');
        }
        return s.toString();
    }
}
