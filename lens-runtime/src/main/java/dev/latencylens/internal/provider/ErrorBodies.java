package dev.latencylens.internal.provider;

import dev.latencylens.spi.ProviderAdapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.function.Function;

/**
 * Helpers for {@link ProviderAdapter#errorMessage}: turning an error response body into one short line. Not on the
 * hot path (only failed requests get here).
 */
public final class ErrorBodies {

    /** How long a message made from a body that is not a known JSON error may get. */
    public static final int MAX_PLAIN = 300;
    /** How long a provider's own JSON error message may get. */
    public static final int MAX_MESSAGE = 1000;

    private ErrorBodies() {
    }

    /**
     * A readable line from a JSON value that describes an error: a string as is; a FastAPI/pydantic validation list
     * ({@code [{"loc":["body","x"],"msg":"..."}]}) as {@code body.x: ...}; an object by its {@code message},
     * {@code msg} or {@code detail}; anything else as compact JSON. Cut to {@link #MAX_MESSAGE}.
     */
    public static String describe(JsonNode node) {
        return cut(describeRaw(node), MAX_MESSAGE);
    }

    private static String describeRaw(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return collapse(node.asText());
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                String part = describeRaw(item);
                if (!part.isEmpty()) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(part);
                }
            }
            return sb.toString();
        }
        if (node.isObject()) {
            JsonNode msg = node.has("message") ? node.get("message") : node.has("msg") ? node.get("msg") : null;
            if (msg != null && !msg.isNull()) {
                String text = describeRaw(msg);
                JsonNode loc = node.get("loc");
                if (loc != null && loc.isArray() && !loc.isEmpty()) {
                    StringBuilder path = new StringBuilder();
                    for (Iterator<JsonNode> it = loc.elements(); it.hasNext(); ) {
                        path.append(it.next().asText()).append(it.hasNext() ? "." : "");
                    }
                    return path + ": " + text;
                }
                return text;
            }
            if (node.has("detail")) {
                return describeRaw(node.get("detail"));
            }
        }
        return node.toString();
    }

    /**
     * The provider's own message from a non-2xx response body, whatever its JSON shape:
     * {@code {"error":{"message":...,"type"|"status"|"code":...}}} (OpenAI, Anthropic, Gemini, Azure) as
     * {@code message [type/status/code]}, {@code {"error":"..."}} (Ollama), {@code {"message":...}} or
     * {@code {"Message":...}} (Cohere, Bedrock, Mistral), {@code {"detail":...}} (FastAPI servers), the first element
     * of an array; otherwise the body as plain text ({@link #plainText}).
     */
    public static String message(String body) {
        return message(body, ErrorBodies::fromJson);
    }

    /**
     * {@link #message(String)} with the JSON shapes read by {@code fromJson} (null or blank: none found), which gets
     * the body's JSON object, of an array its first element: an empty body is {@code (empty body)}, a body that is
     * not a JSON object or whose shape {@code fromJson} does not know is {@link #plainText}.
     */
    public static String message(String body, Function<JsonNode, String> fromJson) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode root = AdapterSupport.READER.readTree(trimmed);
                while (root != null && root.isArray()) {
                    root = root.isEmpty() ? null : root.get(0);
                }
                String message = root == null || !root.isObject() ? null : fromJson.apply(root);
                if (message != null && !message.isBlank()) {
                    return message;
                }
            } catch (java.io.IOException e) {
                // not JSON after all: fall through to plain text
            }
        }
        return plainText(body);
    }

    /** The message of a JSON error object, null when it has none. */
    private static String fromJson(JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            if (!error.isObject()) {
                return describe(error);
            }
            JsonNode message = error.has("message") ? error.get("message") : error.get("Message");
            String text = message == null || message.isNull() ? describe(error) : describe(message);
            return withTags(text, error);
        }
        for (String field : new String[] {"message", "Message", "msg"}) {
            JsonNode message = root.get(field);
            if (message != null && !message.isNull()) {
                return withTags(describe(message), root);
            }
        }
        JsonNode detail = root.get("detail");
        if (detail != null && !detail.isNull()) {
            return describe(detail);
        }
        return null;
    }

    /** {@code message [type/status/code]} with whichever of those fields {@code node} has as values. */
    public static String withTags(String message, JsonNode node) {
        return withTags(message, node, "type", "status", "code", "__type");
    }

    /** {@code message [a/b]} with the values of whichever of {@code fields} {@code node} has, in that order. */
    public static String withTags(String message, JsonNode node, String... fields) {
        StringBuilder tags = new StringBuilder();
        for (String field : fields) {
            JsonNode v = node.get(field);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                tags.append(tags.length() == 0 ? "" : "/").append(v.asText());
            }
        }
        return tags.length() == 0 ? message : message + " [" + tags + "]";
    }

    /**
     * A body that is not a known JSON error as one line: HTML tags, comments, scripts and styles removed, common
     * entities decoded, whitespace collapsed, cut to {@link #MAX_PLAIN} characters.
     */
    public static String plainText(String body) {
        return cut(collapse(stripHtml(body)), MAX_PLAIN);
    }

    /** {@code text} cut to at most {@code max} characters, the last one an ellipsis when cut. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Runs of whitespace (line breaks included) as one space, trimmed. */
    public static String collapse(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00A0') {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String stripHtml(String body) {
        if (body.indexOf('<') < 0 && body.indexOf('&') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c == '<' && i + 1 < n && isTagStart(body.charAt(i + 1))) {
                if (body.startsWith("<!--", i)) {
                    int close = body.indexOf("-->", i + 4);
                    i = close < 0 ? n : close + 3;
                    continue;
                }
                String skipUntil = startsWithTag(body, i, "script") ? "</script"
                        : startsWithTag(body, i, "style") ? "</style" : null;
                int close = body.indexOf('>', i + 1);
                if (close < 0) {
                    sb.append(body, i, n); // not a tag: a lone '<'
                    break;
                }
                i = close + 1;
                if (skipUntil != null) {
                    int endTag = indexOfIgnoreCase(body, skipUntil, i);
                    int endClose = endTag < 0 ? -1 : body.indexOf('>', endTag);
                    i = endClose < 0 ? n : endClose + 1;
                }
                sb.append(' ');
            } else if (c == '&') {
                int semi = body.indexOf(';', i);
                String entity = semi > i && semi - i <= 8 ? body.substring(i + 1, semi) : "";
                String decoded = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos", "#39" -> "'";
                    case "nbsp" -> " ";
                    default -> null;
                };
                if (decoded != null) {
                    sb.append(decoded);
                    i = semi + 1;
                } else {
                    sb.append(c);
                    i++;
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isTagStart(char c) {
        return c == '/' || c == '!' || c == '?' || (c < 128 && Character.isLetter(c));
    }

    private static boolean startsWithTag(String s, int at, String name) {
        int end = at + 1 + name.length();
        return end <= s.length() && s.regionMatches(true, at + 1, name, 0, name.length())
                && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)));
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        for (int i = from; i + needle.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
