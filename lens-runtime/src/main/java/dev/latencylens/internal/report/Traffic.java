package dev.latencylens.internal.report;

import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.results.TokenCounts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic a {@link Recommendation} is sized for: requests per 30-day month (the month of the cost projection,
 * {@link CostSummaries#SECONDS_PER_MONTH}), optionally the tokens of one request, and how far above the average the
 * busiest moments go.
 *
 * <pre>{@code
 * Traffic t = Traffic.parse("100000/day").withTokens(500, 200).withPeakFactor(BigDecimal.valueOf(2));
 * t.requestsPerMonth();   // 3000000
 * t.peakPerSecond();      // 2.3148... (the average, 1.157 req/s, times 2)
 * }</pre>
 *
 * @param stated           the traffic as the user wrote it, {@code 100000/day}
 * @param requestsPerMonth requests in 30 days, exact
 * @param tokensPerRequest input and output tokens of one request; empty to price each benchmark's measured cost
 *                         per successful request instead
 * @param peakFactor       the peak rate over the average rate, at least 1: what replicas and rate limits are sized
 *                         for, since traffic is never flat
 */
public record Traffic(String stated, BigDecimal requestsPerMonth, Optional<TokenCounts> tokensPerRequest,
                      BigDecimal peakFactor) {

    /** The peak factor assumed unless told otherwise: the busiest hour at twice the average. */
    public static final BigDecimal DEFAULT_PEAK_FACTOR = BigDecimal.valueOf(2);

    private static final Pattern FORM = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(day|hour|month)$");

    public Traffic {
        Objects.requireNonNull(stated, "stated");
        Objects.requireNonNull(requestsPerMonth, "requestsPerMonth");
        Objects.requireNonNull(tokensPerRequest, "tokensPerRequest");
        Objects.requireNonNull(peakFactor, "peakFactor");
        if (requestsPerMonth.signum() <= 0) {
            throw new IllegalArgumentException("traffic " + stated + ": needs more than 0 requests");
        }
        if (peakFactor.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("peak factor must be 1 or more (the peak rate over the average), was "
                    + peakFactor.toPlainString());
        }
    }

    /**
     * {@code N/day}, {@code N/hour} or {@code N/month} requests (N a decimal number), as a 30-day month of them,
     * without tokens per request, at the {@linkplain #DEFAULT_PEAK_FACTOR default peak factor}.
     *
     * @throws IllegalArgumentException when {@code text} is not of that form, saying which forms are allowed
     */
    public static Traffic parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("traffic '" + text + "': expected requests per day, hour or month,"
                    + " e.g. 100000/day, 5000/hour or 3000000/month");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        BigDecimal perMonth = switch (m.group(2)) {
            case "day" -> n.multiply(BigDecimal.valueOf(30));
            case "hour" -> n.multiply(BigDecimal.valueOf(30 * 24));
            default -> n;
        };
        return new Traffic(text.trim(), perMonth, Optional.empty(), DEFAULT_PEAK_FACTOR);
    }

    /** This traffic with {@code input} and {@code output} tokens per request (uncached input, no reasoning). */
    public Traffic withTokens(long input, long output) {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("tokens per request must be 0 or more, were " + input + " in and "
                    + output + " out");
        }
        return new Traffic(stated, requestsPerMonth, Optional.of(TokenCounts.of(input, output)), peakFactor);
    }

    /** This traffic with another peak factor. */
    public Traffic withPeakFactor(BigDecimal factor) {
        return new Traffic(stated, requestsPerMonth, tokensPerRequest, factor);
    }

    /** The average rate: requests per month over the month's seconds. */
    public double averagePerSecond() {
        return requestsPerMonth.divide(BigDecimal.valueOf(CostSummaries.SECONDS_PER_MONTH), MathContext.DECIMAL64)
                .doubleValue();
    }

    /** The rate replicas and rate limits are sized for: the average times the peak factor. */
    public double peakPerSecond() {
        return requestsPerMonth.multiply(peakFactor)
                .divide(BigDecimal.valueOf(CostSummaries.SECONDS_PER_MONTH), MathContext.DECIMAL64).doubleValue();
    }
}
