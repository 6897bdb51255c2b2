package dev.latencylens.spi;

/**
 * What a content event carries. Every kind is generated output: each counts for TTFT (the first content of the
 * response). Only the visible answer, {@link #TEXT} or {@link #REFUSAL}, counts for TTFO (time to first answer
 * token). Tool calls have their own sink call, {@link StreamSink#toolCall}, which says which call a fragment belongs
 * to.
 */
public enum ContentKind {
    /** The visible answer: the assistant's content ({@code delta.content}, {@code text_delta}, a text part). */
    TEXT,
    /**
     * Reasoning ("thinking") the provider streams apart from the answer: DeepSeek's {@code reasoning_content},
     * {@code reasoning} (vLLM, Groq, OpenRouter, Ollama), Anthropic's {@code thinking_delta}, Gemini's
     * {@code thought} parts, Responses reasoning summaries, Cohere's thinking and tool plans, Bedrock's
     * {@code reasoningContent}. Signatures and encrypted or redacted reasoning are not reasoning text: report nothing
     * for them.
     */
    REASONING,
    /**
     * A fragment of a tool call given without saying which call it belongs to. Kept for decoders written before
     * {@link StreamSink#toolCall}: it counts for TTFT and its text is appended to the arguments of the message's
     * first tool call. New decoders call {@code toolCall}.
     */
    TOOL_CALL,
    /**
     * The model declining in visible words, in a field of its own (OpenAI's {@code refusal}): what the user sees
     * instead of an answer, so it counts for TTFO, but it is not the answer's text.
     */
    REFUSAL
}
