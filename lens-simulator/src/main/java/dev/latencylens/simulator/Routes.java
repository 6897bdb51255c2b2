package dev.latencylens.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Which wire format a request path speaks. Every provider is served at its own native path, and no two collide, so
 * one simulator serves them all at once and an official SDK finds it with nothing but a base URL:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>path</th><th>format</th><th>base URL to give a client</th></tr>
 *   <tr><td>{@code POST /v1/chat/completions}</td><td>OpenAI Chat Completions</td><td>{@code /v1}</td></tr>
 *   <tr><td>{@code POST /chat/completions}</td><td>llama.cpp's server (its headers and {@code timings}; it serves
 *       this path too)</td><td>the root</td></tr>
 *   <tr><td>{@code POST /v1/responses}</td><td>OpenAI Responses</td><td>{@code /v1}</td></tr>
 *   <tr><td>{@code POST /v1/messages}</td><td>Anthropic Messages</td><td>{@code /v1} (SDKs: the root)</td></tr>
 *   <tr><td>{@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}</td><td>Gemini</td>
 *       <td>{@code /v1beta}</td></tr>
 *   <tr><td>{@code POST /model/{modelId}/converse-stream}</td><td>Bedrock ConverseStream</td><td>the root</td></tr>
 *   <tr><td>{@code POST /model/{modelId}/invoke-with-response-stream}</td><td>Bedrock
 *       InvokeModelWithResponseStream, in the model family's native format</td><td>the root</td></tr>
 *   <tr><td>{@code POST /openai/deployments/{deployment}/chat/completions},
 *       {@code POST /openai/v1/chat/completions}</td><td>Azure OpenAI</td><td>the root</td></tr>
 *   <tr><td>{@code POST /v2/chat}</td><td>Cohere v2</td><td>{@code /v2}</td></tr>
 *   <tr><td>{@code POST /api/chat}</td><td>Ollama native</td><td>the root</td></tr>
 * </table>
 */
final class Routes {

    /** A matched route: the format, and the model when the path names it (else null). */
    record Route(Dialect dialect, String pathModel) {
    }

    /** Every format the simulator speaks, for its warm-up. */
    static final List<Dialect> DIALECTS = List.of(OpenAiWire.CHAT, OpenAiWire.AZURE, OpenAiWire.LLAMACPP,
            ResponsesWire.INSTANCE, AnthropicWire.INSTANCE, GeminiWire.INSTANCE, BedrockWire.INSTANCE,
            BedrockInvokeWire.INSTANCE, CohereWire.INSTANCE, OllamaWire.INSTANCE);

    private static final String GEMINI_ACTION = ":streamGenerateContent";

    private Routes() {
    }

    /** The chat route of {@code POST path}, or null when {@code path} is no provider's chat endpoint. */
    static Route match(String method, String path) {
        if (!method.equals("POST")) {
            return null;
        }
        switch (path) {
            case "/v1/chat/completions":
                return new Route(OpenAiWire.CHAT, null);
            case "/chat/completions":
                return new Route(OpenAiWire.LLAMACPP, null);
            case "/v1/responses":
                return new Route(ResponsesWire.INSTANCE, null);
            case "/v1/messages":
                return new Route(AnthropicWire.INSTANCE, null);
            case "/v2/chat":
                return new Route(CohereWire.INSTANCE, null);
            case "/api/chat":
                return new Route(OllamaWire.INSTANCE, null);
            case "/openai/v1/chat/completions":
                return new Route(OpenAiWire.AZURE, null);
            default:
                break;
        }
        String[] s = path.split("/", -1); // s[0] is the empty string before the leading slash
        if (s.length == 4 && s[1].equals("model") && s[3].equals("converse-stream") && !s[2].isEmpty()) {
            return new Route(BedrockWire.INSTANCE, decode(s[2]));
        }
        if (s.length == 4 && s[1].equals("model") && s[3].equals("invoke-with-response-stream") && !s[2].isEmpty()) {
            return new Route(BedrockInvokeWire.INSTANCE, decode(s[2]));
        }
        if (s.length == 6 && s[1].equals("openai") && s[2].equals("deployments") && s[4].equals("chat")
                && s[5].equals("completions") && !s[3].isEmpty()) {
            return new Route(OpenAiWire.AZURE, decode(s[3]));
        }
        if (s.length >= 4 && s[1].toLowerCase(Locale.ROOT).matches("v\\d+((alpha|beta)\\d*)?")
                && path.endsWith(GEMINI_ACTION)) {
            String model = path.substring(s[1].length() + 2, path.length() - GEMINI_ACTION.length());
            if (model.startsWith("models/") || model.startsWith("tunedModels/")) {
                return new Route(GeminiWire.INSTANCE, decode(model));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
