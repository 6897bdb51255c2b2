package dev.latencylens.spi;

import java.util.Objects;

/**
 * A piece of one tool call as a stream delivers it: the call's identity when the provider says it (usually in the
 * first piece), and a fragment of its arguments. The fragments of one call, concatenated in order, are the
 * arguments' JSON text. Providers that send a whole call at once (Gemini, Ollama, Mistral) give everything in one
 * delta; where arguments arrive as a JSON object rather than text, a decoder passes the object's compact JSON.
 *
 * <pre>{@code
 * sink.toolCall(t, 0, ToolCallDelta.start(0, "call_abc", "get_weather"), -1);    // id and name
 * sink.toolCall(t, 0, ToolCallDelta.arguments(0, "{\"city\":"), -1);            // argument fragments
 * sink.toolCall(t, 0, ToolCallDelta.arguments(0, "\"Paris\"}"), -1);
 * }</pre>
 *
 * @param index      which call of the message this piece belongs to: the provider's own index (OpenAI's
 *                   {@code tool_calls[].index}, Anthropic's and Bedrock's content block index, the Responses output
 *                   index, Cohere's {@code index}), or the decoder's count of calls where the provider has none;
 *                   pieces of one call share it, different calls of a message never do
 * @param id         the provider's id of the call, or empty when this piece does not carry it (or the provider has
 *                   none, as Gemini and Ollama)
 * @param name       the function's name, or empty when this piece does not carry it
 * @param arguments  the next fragment of the arguments' JSON text, possibly empty
 * @param serverSide whether the provider runs the tool itself (Anthropic's {@code server_tool_use}, e.g. web
 *                   search): such calls are reported apart from those the caller must run
 */
public record ToolCallDelta(int index, String id, String name, String arguments, boolean serverSide) {

    /** Validates the index; a null string is taken as empty (not in this piece). */
    public ToolCallDelta {
        if (index < 0) {
            throw new IllegalArgumentException("tool call index must be >= 0, was " + index);
        }
        id = Objects.requireNonNullElse(id, "");
        name = Objects.requireNonNullElse(name, "");
        arguments = Objects.requireNonNullElse(arguments, "");
    }

    /** The first piece of a call run by the caller: its id (may be empty) and name, no arguments yet. */
    public static ToolCallDelta start(int index, String id, String name) {
        return new ToolCallDelta(index, id, name, "", false);
    }

    /** A later piece of a call: the next fragment of its arguments. */
    public static ToolCallDelta arguments(int index, String fragment) {
        return new ToolCallDelta(index, "", "", fragment, false);
    }

    /** This piece, of a call the provider runs itself. */
    public ToolCallDelta onServer() {
        return new ToolCallDelta(index, id, name, arguments, true);
    }
}
