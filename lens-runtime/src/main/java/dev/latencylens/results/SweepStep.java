package dev.latencylens.results;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Which step of a {@code SWEEP} a result is. A sweep measures the synchronous rate (one request at a time, step 0),
 * the saturated rate (the benchmark's concurrency in flight, step 1), then Poisson rates evenly between (steps 2,
 * 3, ...: Poisson 1, 2, ...), each step a result of its own. Read down the steps, achieved rate against latency is
 * the latency-versus-throughput curve.
 *
 * <p>The last step of a sweep carries the sweep's verdict: its capacity at SLO, the highest achieved rate of a step
 * that met the {@code @Sla} (judged by {@link SlaCheck}), or none when no step did.
 *
 * @param sweep         the swept benchmark's name
 * @param index         0-based position of the step in its sweep
 * @param kind          synchronous, saturated or Poisson
 * @param targetRate    the rate a Poisson step asked for, in requests per second; empty for the other two
 * @param last          whether this is the sweep's last step (the last that ran, when it was interrupted)
 * @param capacityAtSlo on the last step: the sweep's capacity at SLO in requests per second, empty when no step met
 *                      the {@code @Sla}; always empty on the other steps
 */
public record SweepStep(String sweep, int index, Kind kind, OptionalDouble targetRate, boolean last,
                        OptionalDouble capacityAtSlo) {

    /** What a step measures. */
    public enum Kind {
        /** One request at a time ({@code SEQUENTIAL}): the synchronous rate. Always step 0. */
        SYNCHRONOUS,
        /** The benchmark's concurrency in flight ({@code CONCURRENT}): the saturated rate. Always step 1. */
        SATURATED,
        /** A Poisson rate between the two ({@code POISSON}). Steps 2 and up. */
        POISSON
    }

    public SweepStep {
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(targetRate, "targetRate");
        Objects.requireNonNull(capacityAtSlo, "capacityAtSlo");
        Kind expected = index == 0 ? Kind.SYNCHRONOUS : index == 1 ? Kind.SATURATED : Kind.POISSON;
        if (index < 0 || kind != expected) {
            throw new IllegalArgumentException("sweep step " + index + " of " + sweep + " must be " + expected
                    + " (0 synchronous, 1 saturated, then Poisson), was " + kind);
        }
        if ((kind == Kind.POISSON) != targetRate.isPresent()) {
            throw new IllegalArgumentException("sweep step " + index + " of " + sweep + ": a target rate is for"
                    + " Poisson steps, and every Poisson step has one");
        }
        if (!last && capacityAtSlo.isPresent()) {
            throw new IllegalArgumentException("sweep step " + index + " of " + sweep + ": only the last step carries"
                    + " the capacity at SLO");
        }
    }

    /** Step {@code index} of {@code sweep}, not the last; {@code targetRate} is ignored unless it is a Poisson step. */
    public static SweepStep of(String sweep, int index, double targetRate) {
        Kind kind = index == 0 ? Kind.SYNCHRONOUS : index == 1 ? Kind.SATURATED : Kind.POISSON;
        return new SweepStep(sweep, index, kind,
                kind == Kind.POISSON ? OptionalDouble.of(targetRate) : OptionalDouble.empty(), false,
                OptionalDouble.empty());
    }

    /** This step as the sweep's last, with the sweep's capacity at SLO (empty: no step met the {@code @Sla}). */
    public SweepStep asLast(OptionalDouble capacityAtSlo) {
        return new SweepStep(sweep, index, kind, targetRate, true, capacityAtSlo);
    }

    /** The step's key, the same from run to run: {@code sync}, {@code max}, {@code poisson-1}, {@code poisson-2}. */
    public String key() {
        return switch (kind) {
            case SYNCHRONOUS -> "sync";
            case SATURATED -> "max";
            case POISSON -> "poisson-" + (index - 1);
        };
    }

    /** The step as reports label it: {@code sync}, {@code max}, or a Poisson step's target rate, {@code 2.50 req/s}. */
    public String label() {
        return kind == Kind.POISSON ? String.format(Locale.ROOT, "%.2f req/s", targetRate.getAsDouble()) : key();
    }
}
