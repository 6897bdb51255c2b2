package dev.latencylens.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a provider asks a client to wait, from its response headers: {@code Retry-After} (seconds or an HTTP
 * date), {@code retry-after-ms}, OpenAI's {@code x-ratelimit-reset-requests}/{@code -tokens} (durations such as
 * {@code 1s}, {@code 6m0s}, {@code 20ms}) and Anthropic's {@code anthropic-ratelimit-requests-reset} (an RFC 3339
 * time). The longest stated wait wins.
 */
final class RetryAfter {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {
    }

    static OptionalLong millis(UnaryOperator<String> header, Instant now) {
        long best = -1;
        best = Math.max(best, seconds(header.apply("retry-after"), now));
        best = Math.max(best, parseLong(header.apply("retry-after-ms")));
        best = Math.max(best, goDuration(header.apply("x-ratelimit-reset-requests")));
        best = Math.max(best, goDuration(header.apply("x-ratelimit-reset-tokens")));
        best = Math.max(best, until(header.apply("anthropic-ratelimit-requests-reset"), now));
        best = Math.max(best, until(header.apply("anthropic-ratelimit-tokens-reset"), now));
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    private static long seconds(String v, Instant now) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            return Math.round(Double.parseDouble(v.trim()) * 1000);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(now, at).toMillis());
            } catch (DateTimeParseException ignored) {
                return -1;
            }
        }
    }

    private static long parseLong(String v) {
        try {
            return v == null ? -1 : Math.round(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static long goDuration(String v) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        Matcher m = GO_DURATION.matcher(v.trim());
        double ms = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            double n = Double.parseDouble(m.group(1));
            ms += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
        }
        return any ? Math.round(ms) : -1;
    }

    private static long until(String v, Instant now) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, Duration.between(now, OffsetDateTime.parse(v.trim()).toInstant()).toMillis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
