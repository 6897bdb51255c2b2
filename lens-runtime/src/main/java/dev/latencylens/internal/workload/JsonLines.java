package dev.latencylens.internal.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.BiConsumer;

/** Reads a JSONL file: each non-blank line one JSON object, handed over with its line number (1-based). */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** Calls {@code each} with every line's object; a line that is not one is an error naming it. */
    static void read(WorkloadFile file, BiConsumer<JsonNode, Long> each) {
        try (BufferedReader in = file.open()) {
            long number = 0;
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file.at(number, "not JSON (" + e.getOriginalMessage() + ")"),
                            e);
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException(file.at(number, "expected a JSON object {...}, found "
                            + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
                }
                each.accept(node, number);
            }
        } catch (IOException e) {
            throw file.failed(e);
        }
    }

    /** A field that must be a non-empty string, else an error naming it and the line. */
    static String text(JsonNode node, String field, WorkloadFile file, long line) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file.at(line, "no \"" + field + "\""));
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(file.at(line, "\"" + field + "\" must be a string, found " + v));
        }
        if (v.textValue().isEmpty()) {
            throw new IllegalArgumentException(file.at(line, "\"" + field + "\" is empty"));
        }
        return v.textValue();
    }
}
