package dev.latencylens.internal.regression;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.OptionalDouble;

/** How the report writes numbers for people (JSON keeps them raw). */
final class Format {

    private Format() {
    }

    static String value(OptionalDouble v, String unit) {
        return v.isPresent() ? value(v.getAsDouble(), unit) : "n/a";
    }

    static String value(double v, String unit) {
        if (MetricComparison.RATIO.equals(unit)) {
            return number(v * 100) + "%";
        }
        if (unit.equals("ms") || unit.equals("tokens/s") || unit.equals("req/s")) {
            return number(v) + " " + unit;
        }
        return String.format(Locale.ROOT, "%.4f %s", v, unit); // money
    }

    /** One decimal from 1 up, three significant digits below: 180.0, 2.5, 0.0523. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0 || Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** "+50.0%" (relative), "+11.0 pp" (a ratio's absolute change), "from 0" when the baseline is 0. */
    static String change(MetricComparison m) {
        if (MetricComparison.RATIO.equals(m.unit())) {
            if (m.absoluteChange().isEmpty()) {
                return "";
            }
            return signed(m.absoluteChange().getAsDouble() * 100) + " pp";
        }
        if (m.relativeChange().isPresent()) {
            return signed(m.relativeChange().getAsDouble() * 100) + "%";
        }
        return m.absoluteChange().isPresent() ? "from 0" : "";
    }

    /** "98% interval +31.0% to +70.0%": the relative change's two one-sided bounds. */
    static String interval(MetricComparison m) {
        return Format.percent(1 - 2 * RegressionAnalysis.ALPHA) + " interval " + intervalCell(m);
    }

    /** "+31.0% to +70.0%", or "" without an interval. */
    static String intervalCell(MetricComparison m) {
        if (m.intervalLow().isEmpty() || m.intervalHigh().isEmpty()) {
            return "";
        }
        return signedPercent(m.intervalLow().getAsDouble()) + " to " + signedPercent(m.intervalHigh().getAsDouble());
    }

    /** "+12.5%"; "+∞" for an interval open on that side; beyond +10,000 % (from nearly 0) just "+>10000%". */
    private static String signedPercent(double fraction) {
        if (Double.isInfinite(fraction)) {
            return fraction > 0 ? "+∞" : "-∞";
        }
        if (!(Math.abs(fraction) <= 100)) {
            return (fraction > 0 ? "+" : "-") + ">10000%";
        }
        return signed(fraction * 100) + "%";
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.1f", v);
    }

    static String pValue(double p) {
        return p < 0.0001 ? "p<0.0001" : String.format(Locale.ROOT, "p=%.4f", p);
    }

    static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100).round(new MathContext(4)).stripTrailingZeros().toPlainString() + "%";
    }
}
