package dev.latencylens.simulator;

import java.util.Locale;

/**
 * How a streamed body ends. Providers are recorded ending their last event without the blank line that terminates
 * it ({@code data: [DONE]\n}, or {@code data: {...}} with no line end at all, with LF or CRLF): a client must still
 * read that event. The binary AWS event stream has no lines, so Bedrock ignores this.
 */
public enum StreamEnd {
    /** The last event ends as every other one: its last line, then a blank line. */
    BLANK_LINE(null),
    /** The last line ends with LF and no blank line follows ({@code data: [DONE]\n}). */
    LF("\n"),
    /** The last line ends with CRLF and no blank line follows. */
    CRLF("\r\n"),
    /** The body ends right after the last event's data: no line end at all. */
    NONE("");

    private final String lineEnd;

    StreamEnd(String lineEnd) {
        this.lineEnd = lineEnd;
    }

    /** What ends the last line instead of the usual terminator; null for {@link #BLANK_LINE}. */
    String lineEnd() {
        return lineEnd;
    }

    /** The value of {@code endWithoutBlankLine}: {@code lf}, {@code crlf} or {@code none}. */
    static StreamEnd of(String value) {
        for (StreamEnd end : values()) {
            if (end != BLANK_LINE && end.name().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return end;
            }
        }
        throw new IllegalArgumentException("expected lf, crlf or none");
    }
}
