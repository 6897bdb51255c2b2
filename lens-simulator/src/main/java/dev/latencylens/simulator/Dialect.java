package dev.latencylens.simulator;

/**
 * One provider's wire protocol as the simulator speaks it: how its requests are read, how its streamed responses,
 * errors and faults look on the wire. Stateless and shared; per-request state lives in the {@link StreamEncoder}
 * it builds. Implementations: {@link OpenAiWire} (Chat Completions, and Azure OpenAI's flavour of it),
 * {@link ResponsesWire}, {@link AnthropicWire}, {@link GeminiWire}, {@link BedrockWire}, {@link BedrockInvokeWire},
 * {@link CohereWire}, {@link OllamaWire}.
 */
interface Dialect {

    /** A short name for logs and errors, e.g. {@code anthropic}. */
    String name();

    /**
     * The parts of the request the simulator acts on.
     *
     * @param pathModel the model named in the path (Gemini, Bedrock, Azure deployments), or null when it is in the
     *                  body
     * @throws ChatCall.BadRequest what the provider would refuse with 400, in its words
     */
    ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest;

    /** Whether {@code stream: false} is served (a {@link CompletionExchange}); otherwise it is refused. */
    default boolean servesNonStreaming() {
        return false;
    }

    /**
     * Whether this format sends each tool call whole, in one event with its arguments as a JSON object (Gemini,
     * Ollama, neither of which gives calls an id), rather than a start with id and name, then argument fragments.
     */
    default boolean wholeToolCalls() {
        return false;
    }

    /**
     * Whether a response to {@code call} in this format can say reasoning and tool calls; when not, its plan has
     * neither, whatever the profile asks (Bedrock's invoke stream of models whose native stream is text only).
     */
    default boolean reasoningAndToolCalls(ChatCall call) {
        return true;
    }

    /** The response head of a stream, with the provider's headers. */
    void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs);

    /** The encoder of one streamed response, which says what {@code plan} says. */
    StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan);

    /** The complete response of an HTTP fault ({@link Fault#HTTP_429}, {@code _500}, {@code _503}). */
    byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId, long processingMs);

    /** The complete response refusing a request, in the provider's error format. */
    byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId);

    /** A request for the simulator's warm-up: method, path and body of a small streamed call to {@code model}. */
    String[] warmUpRequest(String model);
}
