package dev.latencylens.sim;

import java.nio.charset.StandardCharsets;

/**
 * The server-sent events of one streamed completion, each already framed as one HTTP chunk. The JSON around the
 * content is built once per request and the word bytes are spliced in, so a content event costs a few array
 * copies: the simulator must not be the bottleneck at tens of thousands of events per second.
 */
final class StreamFrames {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final String head;
    private final byte[] contentPrefix;
    private final byte[] contentSuffix;
    private final String usageNull;
    private final ByteSink payload = new ByteSink(512);

    /**
     * @param includeUsage OpenAI adds {@code "usage":null} to every chunk when the client asked for usage
     */
    StreamFrames(String requestId, long created, String model, boolean includeUsage) {
        this.head = "{\"id\":\"chatcmpl-" + requestId + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + created + ",\"model\":" + OpenAiWire.quote(model) + ",\"system_fingerprint\":\""
                + OpenAiWire.SYSTEM_FINGERPRINT + "\",";
        this.usageNull = includeUsage ? ",\"usage\":null" : "";
        this.contentPrefix = (head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.contentSuffix = ("\"},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The role-only first chunk, which carries no content (clients must not count it as the first token). */
    void role(ByteSink out) {
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}");
    }

    /** An SSE comment, which keeps proxies and idle timers from closing a connection waiting for a slow TTFT. */
    void keepAlive(ByteSink out) {
        payload.reset();
        payload.ascii(": keep-alive\n\n");
        OpenAiWire.chunk(out, payload);
    }

    void content(ByteSink out, int wordOffset, int firstToken, int tokens) {
        payload.reset();
        payload.put(DATA).put(contentPrefix);
        for (int i = firstToken; i < firstToken + tokens; i++) {
            payload.put(Vocabulary.token(wordOffset, i));
        }
        payload.put(contentSuffix).put(EVENT_END);
        OpenAiWire.chunk(out, payload);
    }

    /** A content event cut off inside its text: the JSON never closes. Carries no countable token. */
    void malformed(ByteSink out) {
        payload.reset();
        payload.put(DATA).put(contentPrefix).ascii("hel").put(EVENT_END);
        OpenAiWire.chunk(out, payload);
    }

    /** Finish chunk, usage chunk (when asked for), {@code [DONE]} and the chunked terminator. */
    void tail(ByteSink out, String finishReason, boolean includeUsage, int promptTokens, int completionTokens) {
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\""
                + finishReason + "\"}]" + usageNull + "}");
        if (includeUsage) {
            event(out, head + "\"choices\":[],\"usage\":" + OpenAiWire.usage(promptTokens, completionTokens) + "}");
        }
        event(out, "[DONE]");
        out.put(OpenAiWire.TERMINATOR);
    }

    private void event(ByteSink out, String data) {
        payload.reset();
        payload.put(DATA).utf8(data).put(EVENT_END);
        OpenAiWire.chunk(out, payload);
    }
}
