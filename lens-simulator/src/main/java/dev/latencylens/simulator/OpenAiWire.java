package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * OpenAI's Chat Completions API as the simulator speaks it, and two flavours of it: Azure OpenAI's ({@link #AZURE}:
 * the deployment in the path, {@code prompt_filter_results} and {@code content_filter_results} annotations, Azure's
 * headers and error bodies) and llama.cpp's server's ({@link #LLAMACPP}: its headers, {@code Keep-Alive:
 * timeout=5, max=100} among them, and its {@code timings} object in the last chunk: {@code prompt_n},
 * {@code prompt_ms}, {@code predicted_n}, {@code predicted_ms} and the figures derived from them, from the
 * request's ground truth). Field order and spelling follow what api.openai.com sends, because clients in the wild
 * (and our own decoder) are tested against these bytes.
 */
final class OpenAiWire implements Dialect {

    private enum Flavour { OPENAI, AZURE, LLAMACPP }

    static final OpenAiWire CHAT = new OpenAiWire(Flavour.OPENAI);
    static final OpenAiWire AZURE = new OpenAiWire(Flavour.AZURE);
    static final OpenAiWire LLAMACPP = new OpenAiWire(Flavour.LLAMACPP);

    static final String SYSTEM_FINGERPRINT = "fp_sim";

    private final Flavour flavour;
    private final boolean azure;

    private OpenAiWire(Flavour flavour) {
        this.flavour = flavour;
        this.azure = flavour == Flavour.AZURE;
    }

    @Override
    public String name() {
        return switch (flavour) {
            case OPENAI -> "openai";
            case AZURE -> "azure-openai";
            case LLAMACPP -> "llamacpp";
        };
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        return ChatCall.parse(request.body(), pathModel);
    }

    @Override
    public boolean servesNonStreaming() {
        return true;
    }

    // ---------------------------------------------------------------- heads

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, "text/event-stream; charset=utf-8", keepAlive, headers(requestId, processingMs));
    }

    /** A complete JSON response with this flavour's headers. */
    byte[] jsonResponse(int status, byte[] body, boolean keepAlive, String requestId, long processingMs,
                        String extraHeaders) {
        return HttpWire.json(status, body, keepAlive, headers(requestId, processingMs) + extraHeaders);
    }

    private String headers(String requestId, long processingMs) {
        if (flavour == Flavour.LLAMACPP) {
            // What llama-server sends: it announces keep-alive (and then closes, see SimProfile.closeAfterResponse).
            return "Server: llama.cpp\r\n"
                    + "Access-Control-Allow-Origin: \r\n"
                    + "X-Accel-Buffering: no\r\n"
                    + "Keep-Alive: timeout=5, max=100\r\n"
                    + "x-request-id: " + requestId + "\r\n";
        }
        if (azure) {
            return "apim-request-id: " + requestId + "\r\n"
                    + "azureml-model-session: d-sim-1\r\n"
                    + "x-ms-region: Sim Central\r\n"
                    + "x-ratelimit-remaining-requests: 999\r\n"
                    + "x-ratelimit-remaining-tokens: 999000\r\n"
                    + "x-request-id: " + requestId + "\r\n";
        }
        return "access-control-expose-headers: X-Request-ID\r\n"
                + "openai-organization: latency-lens-sim\r\n"
                + "openai-processing-ms: " + processingMs + "\r\n"
                + "openai-version: 2020-10-01\r\n"
                + "x-request-id: " + requestId + "\r\n";
    }

    /** The headers OpenAI sends with a 429 (request limits exhausted, tokens left). */
    static String rateLimitHeaders(int retryAfterSeconds) {
        return "retry-after: " + retryAfterSeconds + "\r\n"
                + "retry-after-ms: " + retryAfterSeconds * 1000L + "\r\n"
                + "x-ratelimit-limit-requests: 500\r\n"
                + "x-ratelimit-limit-tokens: 200000\r\n"
                + "x-ratelimit-remaining-requests: 0\r\n"
                + "x-ratelimit-remaining-tokens: 199000\r\n"
                + "x-ratelimit-reset-requests: " + retryAfterSeconds + "s\r\n"
                + "x-ratelimit-reset-tokens: 300ms\r\n";
    }

    // ---------------------------------------------------------------- streams

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new StreamFrames(requestId, createdEpochSeconds, call.model(), call.includeUsage(), azure,
                flavour == Flavour.LLAMACPP, plan);
    }

    // ---------------------------------------------------------------- errors

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> jsonResponse(429, azure ? azureError("429", "Requests to the ChatCompletions_Create"
                            + " Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of"
                            + " your current OpenAI S0 pricing tier (simulated). Please retry after "
                            + script.retryAfterSeconds + " second.") : rateLimitError(call.model(),
                            script.retryAfterSeconds), keepAlive, requestId, processingMs,
                    rateLimitHeaders(script.retryAfterSeconds));
            case HTTP_500 -> jsonResponse(500, azure ? azureError("InternalServerError", "The server had an error"
                    + " while processing your request. Sorry about that!") : serverError(), keepAlive, requestId,
                    processingMs, "");
            case HTTP_503 -> jsonResponse(503, azure ? azureError("ServiceUnavailable", "The service is temporarily"
                    + " unable to process your request. Please try again later.") : overloaded(), keepAlive,
                    requestId, processingMs, "");
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return jsonResponse(status, error(problem.getMessage(), "invalid_request_error", problem.param, problem.code),
                keepAlive, requestId, 0, "");
    }

    static byte[] error(String message, String type, String param, String code) {
        return ("{\"error\":{\"message\":" + HttpWire.quote(message) + ",\"type\":" + HttpWire.quote(type)
                + ",\"param\":" + (param == null ? "null" : HttpWire.quote(param))
                + ",\"code\":" + (code == null ? "null" : HttpWire.quote(code)) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] azureError(String code, String message) {
        return ("{\"error\":{\"code\":" + HttpWire.quote(code) + ",\"message\":" + HttpWire.quote(message) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rateLimitError(String model, int retryAfterSeconds) {
        return error("Rate limit reached for " + model + " (simulated) in organization org-latency-lens-sim on"
                        + " requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in "
                        + retryAfterSeconds + "s. Visit https://platform.openai.com/account/rate-limits to learn"
                        + " more.", "requests", null, "rate_limit_exceeded");
    }

    static byte[] serverError() {
        return error("The server had an error while processing your request. Sorry about that!", "server_error",
                null, null);
    }

    static byte[] overloaded() {
        return error("The engine is currently overloaded, please try again later.", "server_error", null, null);
    }

    static byte[] notFound(String method, String path) {
        return error("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
    }

    @Override
    public String[] warmUpRequest(String model) {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]";
        return azure
                ? new String[] {"POST", "/openai/deployments/" + model + "/chat/completions?api-version=2024-10-21",
                    "{\"stream\":true,\"max_tokens\":3," + messages + "}"}
                : new String[] {"POST", flavour == Flavour.LLAMACPP ? "/chat/completions" : "/v1/chat/completions",
                    "{\"model\":\"" + model + "\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":3," + messages + "}"};
    }

    // ---------------------------------------------------------------- bodies

    /** The usage object; completion tokens include the reasoning ones, as OpenAI counts them. */
    static String usage(int promptTokens, long completionTokens, long reasoningTokens) {
        return "{\"prompt_tokens\":" + promptTokens
                + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (promptTokens + completionTokens)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}"
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoningTokens + ",\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
    }

    /**
     * The {@code chat.completion} object of a non-streamed response: every choice's answer text (null when it has
     * none) and tool calls; usage counts every choice, reasoning included.
     */
    static byte[] completion(String requestId, long created, String model, ResponsePlan plan, int promptTokens) {
        StringBuilder choices = new StringBuilder();
        for (int choice = 0; choice < plan.choices; choice++) {
            choices.append(choice == 0 ? "" : ",").append("{\"index\":").append(choice)
                    .append(",\"message\":{\"role\":\"assistant\",\"content\":")
                    .append(plan.text == 0 ? "null" : HttpWire.quote(plan.text(choice)))
                    .append(",\"refusal\":null,\"annotations\":[]");
            if (plan.toolCalls > 0) {
                choices.append(",\"tool_calls\":[");
                for (int call = 0; call < plan.toolCalls; call++) {
                    choices.append(call == 0 ? "" : ",").append("{\"id\":\"")
                            .append(ResponsePlan.toolCallId(requestId, call)).append("\",\"type\":\"function\","
                                    + "\"function\":{\"name\":\"").append(ResponsePlan.toolName(call))
                            .append("\",\"arguments\":").append(HttpWire.quote(plan.arguments(call, choice)))
                            .append("}}");
                }
                choices.append("]");
            }
            choices.append("},\"logprobs\":null,\"finish_reason\":\"").append(plan.finishReason).append("\"}");
        }
        return ("{\"id\":\"chatcmpl-" + requestId + "\",\"object\":\"chat.completion\",\"created\":" + created
                + ",\"model\":" + HttpWire.quote(model) + ",\"choices\":[" + choices + "],\"usage\":"
                + usage(promptTokens, plan.outputTokens(), plan.reasoningTokens())
                + ",\"service_tier\":\"default\",\"system_fingerprint\":\"" + SYSTEM_FINGERPRINT + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] modelList(Collection<String> models, long created) {
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        boolean first = true;
        for (String m : models) {
            sb.append(first ? "" : ",").append(model(m, created));
            first = false;
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String model(String id, long created) {
        return "{\"id\":" + HttpWire.quote(id) + ",\"object\":\"model\",\"created\":" + created
                + ",\"owned_by\":\"latency-lens\"}";
    }
}
