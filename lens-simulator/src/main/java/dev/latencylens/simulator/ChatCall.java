package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of a chat request the simulator acts on, whatever the provider's format (each {@link Dialect} reads its
 * own; {@link #parse} reads OpenAI's Chat Completions). Everything else (temperature, tools, …) is accepted and
 * ignored, as a permissive provider would.
 *
 * @param maxTokens    the request's output limit ({@code max_completion_tokens}, else {@code max_tokens} for
 *                     OpenAI), else {@link Integer#MAX_VALUE}
 * @param promptTokens the characters of every text in the request / 4, at least 1
 * @param choices      how many choices to generate: OpenAI's {@code n} (1 to 128), 1 in every other format
 * @param minTokens    the fewest answer tokens before the model may stop on its own: vLLM's {@code min_tokens};
 *                     {@link Integer#MAX_VALUE} with {@code ignore_eos} and an output limit (it never stops on its
 *                     own, the limit ends it: finish reason {@code length}); 0 when the request asks for neither.
 *                     OpenAI's format only, as vLLM and llama.cpp take them
 */
record ChatCall(String model, boolean stream, boolean includeUsage, int maxTokens, int promptTokens, int choices,
                int minTokens) {

    /** The most choices OpenAI generates for one request. */
    static final int MAX_CHOICES = 128;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the API would refuse with 400, phrased as OpenAI phrases it. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final String param;
        final String code;

        BadRequest(String message, String param, String code) {
            super(message, null, false, false);
            this.param = param;
            this.code = code;
        }
    }

    /** A call for one choice, as every format but OpenAI's Chat Completions makes. */
    ChatCall(String model, boolean stream, boolean includeUsage, int maxTokens, int promptTokens) {
        this(model, stream, includeUsage, maxTokens, promptTokens, 1, 0);
    }

    /** The same call for another model (Azure's deployment, named in the path). */
    ChatCall withModel(String newModel) {
        return new ChatCall(newModel, stream, includeUsage, maxTokens, promptTokens, choices, minTokens);
    }

    static ChatCall parse(byte[] body) throws BadRequest {
        return parse(body, null);
    }

    /** @param pathModel the model when the path names it (the body's {@code model} is then optional) */
    static ChatCall parse(byte[] body, String pathModel) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) { // JacksonException is one
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("We could not parse the JSON body of your request. (HINT: This likely means you"
                    + " aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what"
                    + " was sent was not valid JSON. If you have trouble figuring out how to fix this, please"
                    + " contact us through our help center at help.openai.com.)", null, null);
        }
        JsonNode model = root.path("model");
        if (pathModel == null && (!model.isTextual() || model.asText().isEmpty())) {
            throw new BadRequest("you must provide a model parameter", null, null);
        }
        JsonNode messages = root.path("messages");
        if (!messages.isArray()) {
            throw new BadRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        boolean stream = bool(root, "stream");
        boolean includeUsage = stream && root.path("stream_options").isObject()
                && bool(root.path("stream_options"), "include_usage");
        int maxTokens = Integer.MAX_VALUE;
        for (String name : new String[] {"max_tokens", "max_completion_tokens"}) { // the newer name wins
            maxTokens = maxTokens(root, name, maxTokens);
        }
        return new ChatCall(pathModel != null ? pathModel : model.asText(), stream, includeUsage, maxTokens,
                promptTokens(textChars(messages)), choices(root), minTokens(root, maxTokens));
    }

    /**
     * The fewest answer tokens, as vLLM reads its extra sampling parameters: {@code min_tokens} (at most
     * {@code max_tokens}); with {@code ignore_eos: true} and an output limit, no end of its own (a request without a
     * limit keeps its sampled length rather than streaming forever).
     */
    static int minTokens(JsonNode root, int maxTokens) throws BadRequest {
        int min = 0;
        JsonNode n = root.path("min_tokens");
        if (!n.isMissingNode() && !n.isNull()) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw new BadRequest("min_tokens must be greater than or equal to 0, got " + n + ".", "min_tokens",
                        null);
            }
            if (n.asInt() > maxTokens) {
                throw new BadRequest("min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got "
                        + n.asInt() + ".", "min_tokens", null);
            }
            min = n.asInt();
        }
        if (bool(root, "ignore_eos") && maxTokens != Integer.MAX_VALUE) {
            min = Integer.MAX_VALUE;
        }
        return min;
    }

    /** OpenAI's {@code n}: 1 when absent, else an integer from 1 to {@value #MAX_CHOICES}. */
    static int choices(JsonNode root) throws BadRequest {
        JsonNode n = root.path("n");
        if (n.isMissingNode() || n.isNull()) {
            return 1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new BadRequest("Invalid type for 'n': expected an integer, but got "
                    + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " instead.", "n", "invalid_type");
        }
        if (n.asInt() < 1) {
            throw new BadRequest("Invalid 'n': integer below minimum value. Expected a value >= 1, but got "
                    + n.asInt() + " instead.", "n", "integer_below_min_value");
        }
        if (n.asInt() > MAX_CHOICES) {
            throw new BadRequest("Invalid 'n': integer above maximum value. Expected a value <= " + MAX_CHOICES
                    + ", but got " + n.asInt() + " instead.", "n", "integer_above_max_value");
        }
        return n.asInt();
    }

    /**
     * The body's {@code model}, a non-empty string, or the provider's 400 with {@code missing} as its message,
     * parameter {@code model} and {@code code} (null for none).
     */
    static String model(JsonNode root, String missing, String code) throws BadRequest {
        JsonNode model = root.path("model");
        if (!model.isTextual() || model.asText().isEmpty()) {
            throw new BadRequest(missing, "model", code);
        }
        return model.asText();
    }

    /** The body as a JSON object, or the provider's 400 with {@code notJson} as its message. */
    static JsonNode object(byte[] body, String notJson) throws BadRequest {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest(notJson, null, null);
        }
        return root;
    }

    /** The integer field {@code name} of {@code parent} (≥ 1) when present, else {@code absent}. */
    static int maxTokens(JsonNode parent, String name, int absent) throws BadRequest {
        JsonNode n = parent.path(name);
        if (n.isMissingNode() || n.isNull()) {
            return absent;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new BadRequest("Invalid type for '" + name + "': expected an integer, but got "
                    + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " instead.", name,
                    "invalid_type");
        }
        if (n.asInt() < 1) {
            throw new BadRequest("Invalid '" + name + "': integer below minimum value. Expected a value >= 1,"
                    + " but got " + n.asInt() + " instead.", name, "integer_below_min_value");
        }
        return n.asInt();
    }

    /** The characters of every {@code content} or {@code text} string under {@code node}, however nested. */
    static long textChars(JsonNode node) {
        long chars = 0;
        if (node.isArray()) {
            for (JsonNode item : node) {
                chars += textChars(item);
            }
        } else if (node.isObject()) {
            for (java.util.Map.Entry<String, JsonNode> f : node.properties()) {
                JsonNode v = f.getValue();
                if (v.isTextual()) {
                    if (f.getKey().equals("content") || f.getKey().equals("text")) {
                        chars += v.asText().length();
                    }
                } else {
                    chars += textChars(v);
                }
            }
        }
        return chars;
    }

    /** Input tokens as the simulator counts them: characters / 4, at least 1. */
    static int promptTokens(long chars) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, chars / 4));
    }

    static boolean bool(JsonNode parent, String name) throws BadRequest {
        JsonNode n = parent.path(name);
        if (n.isMissingNode() || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new BadRequest("Invalid type for '" + name + "': expected a boolean, but got "
                    + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " instead.", name,
                    "invalid_type");
        }
        return n.booleanValue();
    }
}
