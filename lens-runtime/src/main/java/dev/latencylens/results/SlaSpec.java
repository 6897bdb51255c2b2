package dev.latencylens.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The service-level bounds of a benchmark: the values of its {@code @Sla}, or set in code. Every bound is
 * optional (empty = not checked); latency bounds are in milliseconds. Immutable: each {@code withX} returns a copy.
 *
 * <pre>{@code
 * SlaSpec sla = SlaSpec.none().withTtftP95Ms(900).withMaxErrorRate(0.01);
 * }</pre>
 */
public record SlaSpec(
        OptionalDouble ttftP50Ms,
        OptionalDouble ttftP95Ms,
        OptionalDouble ttftP99Ms,
        OptionalDouble tpotP95Ms,
        OptionalDouble e2eP95Ms,
        OptionalDouble e2eP99Ms,
        OptionalDouble maxErrorRate,
        OptionalDouble minOutputTokensPerSecond) {

    private static final OptionalDouble UNSET = OptionalDouble.empty();
    private static final SlaSpec NONE = new SlaSpec(UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET);

    public SlaSpec {
        for (Map.Entry<String, OptionalDouble> bound : boundsOf(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms,
                e2eP95Ms, e2eP99Ms, maxErrorRate, minOutputTokensPerSecond).entrySet()) {
            OptionalDouble v = bound.getValue();
            if (v.isPresent() && !(v.getAsDouble() >= 0)) {
                throw new IllegalArgumentException("SLA bound " + bound.getKey() + " must be >= 0, was " + v.getAsDouble());
            }
        }
        if (maxErrorRate.isPresent() && maxErrorRate.getAsDouble() > 1) {
            throw new IllegalArgumentException("SLA bound maxErrorRate is a share between 0 and 1, was "
                    + maxErrorRate.getAsDouble());
        }
    }

    /** No bound: nothing is checked. */
    public static SlaSpec none() {
        return NONE;
    }

    /** Whether no bound is set. */
    public boolean isEmpty() {
        return bounds().values().stream().noneMatch(OptionalDouble::isPresent);
    }

    /** Every bound by its {@code @Sla} attribute name, unset ones included, in declaration order. */
    public Map<String, OptionalDouble> bounds() {
        return boundsOf(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    private static Map<String, OptionalDouble> boundsOf(OptionalDouble... values) {
        String[] names = {"ttftP50Ms", "ttftP95Ms", "ttftP99Ms", "tpotP95Ms", "e2eP95Ms", "e2eP99Ms",
                "maxErrorRate", "minOutputTokensPerSecond"};
        Map<String, OptionalDouble> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i] == null ? UNSET : values[i]);
        }
        return map;
    }

    /**
     * A copy with the bound named {@code name} (an {@code @Sla} attribute, as {@link #bounds()} names them) set to
     * {@code value}: how a configuration file or a command line sets bounds by name.
     *
     * @throws IllegalArgumentException when {@code name} is no bound, naming the allowed ones, or {@code value} is
     *                                  out of range
     */
    public SlaSpec withBound(String name, double value) {
        return switch (name) {
            case "ttftP50Ms" -> withTtftP50Ms(value);
            case "ttftP95Ms" -> withTtftP95Ms(value);
            case "ttftP99Ms" -> withTtftP99Ms(value);
            case "tpotP95Ms" -> withTpotP95Ms(value);
            case "e2eP95Ms" -> withE2eP95Ms(value);
            case "e2eP99Ms" -> withE2eP99Ms(value);
            case "maxErrorRate" -> withMaxErrorRate(value);
            case "minOutputTokensPerSecond" -> withMinOutputTokensPerSecond(value);
            default -> throw new IllegalArgumentException("unknown SLA bound '" + name + "'; allowed: "
                    + String.join(", ", bounds().keySet()));
        };
    }

    public SlaSpec withTtftP50Ms(double ms) {
        return new SlaSpec(OptionalDouble.of(ms), ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withTtftP95Ms(double ms) {
        return new SlaSpec(ttftP50Ms, OptionalDouble.of(ms), ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withTtftP99Ms(double ms) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, OptionalDouble.of(ms), tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withTpotP95Ms(double ms) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, ttftP99Ms, OptionalDouble.of(ms), e2eP95Ms, e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withE2eP95Ms(double ms) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, OptionalDouble.of(ms), e2eP99Ms, maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withE2eP99Ms(double ms) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, OptionalDouble.of(ms), maxErrorRate,
                minOutputTokensPerSecond);
    }

    public SlaSpec withMaxErrorRate(double share) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, OptionalDouble.of(share),
                minOutputTokensPerSecond);
    }

    public SlaSpec withMinOutputTokensPerSecond(double tokensPerSecond) {
        return new SlaSpec(ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms, e2eP95Ms, e2eP99Ms, maxErrorRate,
                OptionalDouble.of(tokensPerSecond));
    }
}
