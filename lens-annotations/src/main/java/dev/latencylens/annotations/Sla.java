package dev.latencylens.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Service-level bounds a benchmark must meet; checked after its measured phase. Put it on the same method as
 * {@link LlmBenchmark}. A breached bound fails the benchmark (and, by default, the build under
 * {@code mvn lens:bench}); the same bounds decide which requests count towards goodput.
 *
 * <p>Every bound is optional: {@code NaN} (the default) means "not checked". Latency bounds are in milliseconds
 * and refer to the metric definitions of the README (TTFT: first content event minus send; TPOT: decode time per
 * output token; E2E: end of stream minus send). A bound must not be negative.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Sla {

    /** Upper bound for the median time to first token, in ms. */
    double ttftP50Ms() default Double.NaN;

    /** Upper bound for the 95th percentile of time to first token, in ms. */
    double ttftP95Ms() default Double.NaN;

    /** Upper bound for the 99th percentile of time to first token, in ms; needs at least 100 requests to be
     *  meaningful. */
    double ttftP99Ms() default Double.NaN;

    /** Upper bound for the 95th percentile of time per output token (after the first), in ms. */
    double tpotP95Ms() default Double.NaN;

    /** Upper bound for the 95th percentile of end-to-end latency, in ms. */
    double e2eP95Ms() default Double.NaN;

    /** Upper bound for the 99th percentile of end-to-end latency, in ms. */
    double e2eP99Ms() default Double.NaN;

    /** Highest acceptable share of failed requests, 0 to 1 (0.01 = 1 %). Rate-limited (429) requests count. */
    double maxErrorRate() default Double.NaN;

    /** Lower bound for the output tokens per second over the measured window (all requests together). */
    double minOutputTokensPerSecond() default Double.NaN;
}
