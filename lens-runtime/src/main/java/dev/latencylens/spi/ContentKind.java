package dev.latencylens.spi;

/** What a content event carries. All three count for TTFT; only {@link #TEXT} counts for TTFO. */
public enum ContentKind {
    /** Visible output text. */
    TEXT,
    /** Reasoning ("thinking") text, e.g. {@code reasoning_content}. */
    REASONING,
    /** A fragment of a tool call (name or arguments). */
    TOOL_CALL
}
