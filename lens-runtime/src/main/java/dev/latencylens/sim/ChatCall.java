package dev.latencylens.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of a Chat Completions request body the simulator acts on. Everything else (temperature, tools, …) is
 * accepted and ignored, as a permissive provider would.
 *
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, else {@link Integer#MAX_VALUE}
 */
record ChatCall(String model, boolean stream, boolean includeUsage, int maxTokens, int promptTokens) {

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

    static ChatCall parse(byte[] body) throws BadRequest {
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
        if (!model.isTextual() || model.asText().isEmpty()) {
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
            JsonNode n = root.path(name);
            if (n.isMissingNode() || n.isNull()) {
                continue;
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
            maxTokens = n.asInt();
        }
        long chars = 0;
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                chars += content.asText().length();
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    chars += part.path("text").asText("").length();
                }
            }
        }
        int promptTokens = (int) Math.max(1, Math.min(Integer.MAX_VALUE, chars / 4));
        return new ChatCall(model.asText(), stream, includeUsage, maxTokens, promptTokens);
    }

    private static boolean bool(JsonNode parent, String name) throws BadRequest {
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
