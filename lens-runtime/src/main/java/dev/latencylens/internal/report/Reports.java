package dev.latencylens.internal.report;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalDouble;

/**
 * What the report writers of this package format the same way: numbers, latencies, instants and durations, always
 * with {@link java.util.Locale#ROOT}, whatever the machine's locale. Which files a run gets is {@link RunReporter}'s.
 */
final class Reports {

    private Reports() {
    }

    /** Requests that failed, whatever the class. */
    static long failed(BenchmarkResult b) {
        return b.reliability().attempted() - b.reliability().succeeded();
    }

    /**
     * A plain decimal with at most {@code decimals} digits after the point and no trailing zeros ({@code 12.5},
     * {@code 3}, {@code 0.125}); empty for NaN and infinities.
     */
    static String plain(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "";
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }

    static String plain(OptionalDouble value, int decimals) {
        return value.isPresent() ? plain(value.getAsDouble(), decimals) : "";
    }

    /**
     * A latency in ms for people: three significant digits down to the microsecond ({@code 0.005}, {@code 0.326},
     * {@code 4.57}, {@code 45.8}, {@code 1234.5}).
     */
    static String ms(double value) {
        double a = Math.abs(value);
        String pattern = a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(java.util.Locale.ROOT, pattern, value);
    }

    /** {@code 2025-01-02 03:04:05 UTC}: an instant for a header line. */
    static String when(java.time.Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    /** {@code 1 h 2 min}, {@code 3 min 4 s}, {@code 12.3 s}: a run's duration for a header line. */
    static String duration(RunResult run) {
        double seconds = java.time.Duration.between(run.started(), run.ended()).toMillis() / 1000.0;
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
