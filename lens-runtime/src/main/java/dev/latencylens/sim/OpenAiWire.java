package dev.latencylens.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * The bytes of OpenAI's Chat Completions API: response heads, JSON bodies, error bodies, and the HTTP chunk
 * framing of server-sent events. Field order and spelling follow what api.openai.com sends, because clients in
 * the wild (and our own decoder) are tested against these bytes.
 */
final class OpenAiWire {

    static final String SYSTEM_FINGERPRINT = "fp_sim";
    static final byte[] TERMINATOR = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiWire() {
    }

    // ---------------------------------------------------------------- heads

    /** Status line and headers of a streamed (chunked) response, ending with the empty line. */
    static void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        out.ascii("HTTP/1.1 200 OK\r\n");
        out.ascii("Date: ").ascii(HttpDate.now()).ascii("\r\n");
        out.ascii("Content-Type: text/event-stream; charset=utf-8\r\n");
        out.ascii("Transfer-Encoding: chunked\r\n");
        out.ascii(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        commonHeaders(out, requestId, processingMs);
        out.ascii("\r\n");
    }

    /** A complete response with a JSON body and a Content-Length. */
    static byte[] jsonResponse(int status, byte[] body, boolean keepAlive, String requestId, long processingMs,
                               String extraHeaders) {
        ByteSink out = new ByteSink(body.length + 512);
        out.ascii("HTTP/1.1 ").ascii(Integer.toString(status)).ascii(" ").ascii(reason(status)).ascii("\r\n");
        out.ascii("Date: ").ascii(HttpDate.now()).ascii("\r\n");
        out.ascii("Content-Type: application/json\r\n");
        out.ascii("Content-Length: ").ascii(Integer.toString(body.length)).ascii("\r\n");
        out.ascii(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        commonHeaders(out, requestId, processingMs);
        out.ascii(extraHeaders);
        out.ascii("\r\n");
        out.put(body);
        return out.toByteArray();
    }

    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static void commonHeaders(ByteSink out, String requestId, long processingMs) {
        out.ascii("access-control-expose-headers: X-Request-ID\r\n");
        out.ascii("openai-organization: latency-lens-sim\r\n");
        out.ascii("openai-processing-ms: ").ascii(Long.toString(processingMs)).ascii("\r\n");
        out.ascii("openai-version: 2020-10-01\r\n");
        out.ascii("x-request-id: ").ascii(requestId).ascii("\r\n");
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

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    // ---------------------------------------------------------------- bodies

    static byte[] error(String message, String type, String param, String code) {
        return ("{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type)
                + ",\"param\":" + (param == null ? "null" : quote(param))
                + ",\"code\":" + (code == null ? "null" : quote(code)) + "}}")
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

    static String usage(int promptTokens, int completionTokens) {
        return "{\"prompt_tokens\":" + promptTokens
                + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + ((long) promptTokens + completionTokens)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}"
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
    }

    /** The {@code chat.completion} object of a non-streamed response. */
    static byte[] completion(String requestId, long created, String model, String content, String finishReason,
                             int promptTokens, int completionTokens) {
        return ("{\"id\":\"chatcmpl-" + requestId + "\",\"object\":\"chat.completion\",\"created\":" + created
                + ",\"model\":" + quote(model)
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(content)
                + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"" + finishReason
                + "\"}],\"usage\":" + usage(promptTokens, completionTokens)
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
        return "{\"id\":" + quote(id) + ",\"object\":\"model\",\"created\":" + created
                + ",\"owned_by\":\"latency-lens\"}";
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    // ---------------------------------------------------------------- chunk framing

    /** Frames {@code payload} as one HTTP/1.1 chunk: size in hex, CRLF, bytes, CRLF. */
    static void chunk(ByteSink out, ByteSink payload) {
        out.ascii(Integer.toHexString(payload.size())).ascii("\r\n").put(payload).ascii("\r\n");
    }

    /** {@code Date} header values, formatted once per second (many responses share a second). */
    static final class HttpDate {
        private record Cached(long second, String text) {
        }

        // RFC 9110 IMF-fixdate: two-digit day, always GMT (RFC_1123_DATE_TIME drops the leading zero).
        private static final DateTimeFormatter IMF_FIXDATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
        private static volatile Cached cached = new Cached(-1, "");

        static String now() {
            long second = System.currentTimeMillis() / 1000;
            Cached c = cached;
            if (c.second != second) {
                c = new Cached(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
                cached = c;
            }
            return c.text;
        }

        private HttpDate() {
        }
    }
}
