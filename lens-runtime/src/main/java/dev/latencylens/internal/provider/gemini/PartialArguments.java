package dev.latencylens.internal.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one Vertex AI function call streamed as {@code partialArgs} ({@code streamFunctionCallArguments}),
 * rebuilt into the object they describe. Each piece names a JSON path (RFC 9535's simple form:
 * {@code $.recipe.steps[2]}, {@code $['a key']}) and a value: {@code stringValue} pieces of one path are concatenated
 * (the model streams a long string in several), {@code numberValue}, {@code boolValue} and {@code nullValue} set it.
 * Objects and arrays on the way are created as the path needs them, keys in arrival order.
 *
 * <pre>{@code
 * PartialArguments args = new PartialArguments();
 * args.add(piece);                     // {"jsonPath":"$.city","stringValue":"Par","willContinue":true}
 * args.add(nextPiece);                 // {"jsonPath":"$.city","stringValue":"is"}
 * args.json();                         // {"city":"Paris"}
 * }</pre>
 * Not thread-safe: one per call being streamed.
 */
final class PartialArguments {

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    /**
     * Applies one {@code partialArgs} entry.
     *
     * @return whether it carried generated content: a non-empty string piece or a number, boolean or null value
     * @throws IllegalArgumentException when its path is not a JSON path this reader understands
     */
    boolean add(JsonNode piece) {
        String path = piece.path("jsonPath").asText("");
        JsonNode value;
        boolean content;
        if (piece.has("stringValue")) {
            String text = piece.path("stringValue").asText("");
            JsonNode existing = find(segments(path));
            value = new TextNode(existing != null && existing.isTextual() ? existing.textValue() + text : text);
            content = !text.isEmpty();
        } else if (piece.has("numberValue") || piece.has("boolValue")) {
            value = piece.has("numberValue") ? piece.get("numberValue") : piece.get("boolValue");
            content = true;
        } else if (piece.has("nullValue")) {
            value = JsonNodeFactory.instance.nullNode();
            content = true;
        } else {
            return false; // a path without a value yet
        }
        set(segments(path), value);
        return content;
    }

    /** The arguments so far as compact JSON (no spaces, keys in arrival order, non-ASCII kept). */
    String json() {
        return root.toString();
    }

    private JsonNode find(List<Object> path) {
        JsonNode node = root;
        for (Object segment : path) {
            node = segment instanceof Integer i ? node.get(i) : node.get((String) segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private void set(List<Object> path, JsonNode value) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a partial argument must name a member of the arguments, not $");
        }
        JsonNode parent = root;
        for (int i = 0; i < path.size(); i++) {
            Object segment = path.get(i);
            boolean last = i == path.size() - 1;
            JsonNode child = last ? value : existingOrNew(parent, segment, path.get(i + 1) instanceof Integer);
            if (segment instanceof Integer index) {
                if (!(parent instanceof ArrayNode array)) {
                    throw new IllegalArgumentException("index [" + index + "] applied to an object");
                }
                while (array.size() < index) {
                    array.addNull();
                }
                if (array.size() == index) {
                    array.add(child);
                } else {
                    array.set(index, child);
                }
            } else {
                if (!(parent instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("member '" + segment + "' applied to an array");
                }
                object.set((String) segment, child);
            }
            parent = child;
        }
    }

    private static JsonNode existingOrNew(JsonNode parent, Object segment, boolean array) {
        JsonNode existing = segment instanceof Integer i ? parent.get(i) : parent.get((String) segment);
        if (existing != null && existing.isContainerNode()) {
            return existing;
        }
        return array ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
    }

    /** {@code $.a.b[2]['c d']} → {@code ["a", "b", 2, "c d"]}. */
    static List<Object> segments(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("not a JSON path (no leading $): " + path);
        }
        List<Object> out = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty member name in JSON path: " + path);
                }
                out.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in JSON path: " + path);
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                    out.add(inside.substring(1, inside.length() - 1));
                } else {
                    int index;
                    try {
                        index = Integer.parseInt(inside);
                    } catch (NumberFormatException e) {
                        index = -1;
                    }
                    if (index < 0) {
                        throw new IllegalArgumentException("not an index or a quoted name in JSON path: " + path);
                    }
                    out.add(index);
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in JSON path: " + path);
            }
        }
        return out;
    }
}
