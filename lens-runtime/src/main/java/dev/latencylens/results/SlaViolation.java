package dev.latencylens.results;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One bound of a benchmark's {@code @Sla} that its result breached, as {@link SlaCheck} judged it.
 *
 * @param bound    the bound's {@code @Sla} attribute ({@code ttftP95Ms}, {@code maxErrorRate}, ...)
 * @param limit    the bound's value
 * @param measured what was measured against it: a latency in ms, an error rate (0–1) or tokens/s; empty when
 *                 nothing could be measured (no successful request)
 * @param message  the breach in a sentence, e.g. {@code TTFT p95 950.0 ms is above ttftP95Ms 900.0 ms}
 */
public record SlaViolation(String bound, double limit, OptionalDouble measured, String message) {

    public SlaViolation {
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(message, "message");
    }
}
