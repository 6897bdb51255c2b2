package dev.latencylens.results;

import java.util.Locale;
import java.util.Objects;

/**
 * The verdict on a benchmark none of whose measured requests succeeded: a wrong host, a closed port, a bad key, a
 * provider down. Such a result measures nothing, so it fails the build ({@code mvn lens:bench}, the JUnit engine) as
 * a failure of its own, not an {@code @Sla} breach, and says what was seen and what to check.
 *
 * <pre>{@code
 * result.allFailed().map(AllFailed::message)
 * // Optional[all 20 requests failed: 20 × HTTP 401 (invalid API key) — check OPENAI_API_KEY]
 * }</pre>
 *
 * @param attempted the measured requests, all failed (at least one)
 * @param causes    what failed, most frequent first: {@code 20 × HTTP 401 (invalid API key)}, ...
 * @param remedy    the setting to check for the most frequent cause: {@code check OPENAI_API_KEY}
 */
public record AllFailed(long attempted, String causes, String remedy) {

    public AllFailed {
        if (attempted < 1) {
            throw new IllegalArgumentException("attempted must be at least 1, was " + attempted);
        }
        Objects.requireNonNull(causes, "causes");
        Objects.requireNonNull(remedy, "remedy");
    }

    /** The one line every report and the build failure show. */
    public String message() {
        return String.format(Locale.ROOT, "all %d request%s failed: %s — %s", attempted, attempted == 1 ? "" : "s",
                causes, remedy);
    }
}
