package dev.latencylens.internal.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.DatasetFormat;
import dev.latencylens.api.Message;
import dev.latencylens.results.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a workload's dataset into conversations, in file order: JSONL ({@code {"prompt"}} or {@code {"messages"}}
 * a line), CSV (one column of prompts) or ShareGPT's JSON. Everything is checked before the run sends anything: a
 * file that cannot be read or a record that is wrong is an error naming the file, the line and what is wrong.
 *
 * <p>ShareGPT dumps are third-party data, read as vLLM reads them: a record without a human turn is skipped (the
 * result says how many), while a record that is not shaped like ShareGPT's is an error.
 */
final class Datasets {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records, and how many of a ShareGPT file were skipped for having no human turn. */
    record Contents(List<Conversation> conversations, int skipped) {
    }

    private Datasets() {
    }

    static Contents read(Workload workload, ClassLoader loader) {
        WorkloadFile file = new WorkloadFile("dataset", workload.dataset(), loader);
        Contents contents = switch (workload.datasetFormat()) {
            case JSONL -> new Contents(jsonl(file), 0);
            case CSV -> new Contents(csv(file, workload.column()), 0);
            case SHAREGPT -> shareGpt(file);
            case AUTO -> throw new IllegalStateException("AUTO is resolved by Workload.datasetFormat()");
        };
        if (contents.conversations().isEmpty()) {
            throw new IllegalArgumentException(file.describe() + " has no records"
                    + (contents.skipped() > 0 ? " with a human turn (" + contents.skipped() + " without)" : ""));
        }
        return contents;
    }

    // ---- JSONL --------------------------------------------------------------------------------------------------

    private static List<Conversation> jsonl(WorkloadFile file) {
        List<Conversation> records = new ArrayList<>();
        JsonLines.read(file, (node, line) -> {
            String source = file.location() + ":" + line;
            if (node.has("prompt")) {
                records.add(Conversation.prompt(JsonLines.text(node, "prompt", file, line), source));
            } else if (node.has("messages")) {
                records.add(messages(node.get("messages"), file, line, source));
            } else {
                throw new IllegalArgumentException(file.at(line, "neither \"prompt\" nor \"messages\": write "
                        + "{\"prompt\": \"...\"} or {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}"));
            }
        });
        return records;
    }

    private static Conversation messages(JsonNode messages, WorkloadFile file, long line, String source) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException(file.at(line, "\"messages\" must be a non-empty array of "
                    + "{\"role\", \"content\"}, found " + messages));
        }
        Optional<String> system = Optional.empty();
        List<Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw new IllegalArgumentException(file.at(line, where + " must be an object {\"role\", "
                        + "\"content\"}, found " + m));
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isTextual()) {
                throw new IllegalArgumentException(file.at(line, where + ".content must be a string, found "
                        + content));
            }
            String role = m.path("role").asText("");
            switch (role) {
                case "system" -> {
                    if (i != 0) {
                        throw new IllegalArgumentException(file.at(line, where + " is a system message; only the "
                                + "first message may be one"));
                    }
                    system = Optional.of(content.textValue());
                }
                case "user" -> turns.add(Message.user(content.textValue()));
                case "assistant" -> turns.add(Message.assistant(content.textValue()));
                default -> throw new IllegalArgumentException(file.at(line, where + ".role must be system, user or "
                        + "assistant, found " + m.get("role")));
            }
        }
        if (turns.stream().noneMatch(m -> m.role() == Message.Role.USER)) {
            throw new IllegalArgumentException(file.at(line, "\"messages\" has no user message"));
        }
        return new Conversation(system, turns, source);
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    private static List<Conversation> csv(WorkloadFile file, String column) {
        List<Conversation> records = new ArrayList<>();
        try (BufferedReader in = file.open()) {
            CsvRecords rows = new CsvRecords(in, file);
            CsvRecords.Row header = rows.next();
            if (header == null) {
                throw new IllegalArgumentException(file.describe() + " is empty: it needs a header line naming its "
                        + "columns, one of them '" + column + "'");
            }
            int index = header.fields().indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException(file.at(header.line(), "no column '" + column + "' in the header "
                        + header.fields() + " (set the workload's column)"));
            }
            CsvRecords.Row row;
            while ((row = rows.next()) != null) {
                if (row.fields().size() != header.fields().size()) {
                    throw new IllegalArgumentException(file.at(row.line(), row.fields().size() + " fields, the "
                            + "header has " + header.fields().size() + " (a field holding a comma or a line break "
                            + "is written in double quotes)"));
                }
                String prompt = row.fields().get(index);
                if (prompt.isBlank()) {
                    throw new IllegalArgumentException(file.at(row.line(), "column '" + column + "' is empty"));
                }
                records.add(Conversation.prompt(prompt, file.location() + ":" + row.line()));
            }
        } catch (IOException e) {
            throw file.failed(e);
        }
        return records;
    }

    // ---- ShareGPT -----------------------------------------------------------------------------------------------

    private static Contents shareGpt(WorkloadFile file) {
        List<Conversation> records = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader in = file.open(); JsonParser parser = JSON.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(file.at(parser.currentLocation().getLineNr(), "expected a JSON "
                        + "array of {\"conversations\": [...]} (ShareGPT), found " + parser.currentToken()));
            }
            int record = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                long line = parser.currentLocation().getLineNr();
                JsonNode node = parser.readValueAsTree();
                Conversation c = conversation(node, file, line, record);
                if (c == null) {
                    skipped++;
                } else {
                    records.add(c);
                }
                record++;
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file.at(line, "not JSON (" + e.getOriginalMessage() + ")"), e);
        } catch (IOException e) {
            throw file.failed(e);
        }
        return new Contents(records, skipped);
    }

    /** One ShareGPT record; null when it has no human turn with text (skipped). */
    private static Conversation conversation(JsonNode node, WorkloadFile file, long line, int record) {
        String where = "record " + record;
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file.at(line, where + " must be an object {\"conversations\": [...]}, "
                    + "found " + node));
        }
        JsonNode turns = node.get("conversations");
        if (turns == null || !turns.isArray()) {
            throw new IllegalArgumentException(file.at(line, where + " has no \"conversations\" array"));
        }
        Optional<String> system = Optional.empty();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            String at = where + ", conversations[" + i + "]";
            JsonNode value = turn.get("value");
            if (!turn.isObject() || value == null || !value.isTextual()) {
                throw new IllegalArgumentException(file.at(line, at + " must be {\"from\": ..., \"value\": \"...\"}, "
                        + "found " + turn));
            }
            String from = turn.path("from").asText("").toLowerCase(Locale.ROOT);
            switch (from) {
                case "system" -> system = Optional.of(value.textValue());
                case "human", "user" -> messages.add(Message.user(value.textValue()));
                case "gpt", "assistant", "chatgpt", "bing", "bard" ->
                        messages.add(Message.assistant(value.textValue()));
                default -> throw new IllegalArgumentException(file.at(line, at + ".from must be system, human or gpt, "
                        + "found " + turn.get("from")));
            }
        }
        boolean asks = messages.stream().anyMatch(m -> m.role() == Message.Role.USER && !m.content().isBlank());
        return asks ? new Conversation(system, messages, file.location() + "[" + record + "]") : null;
    }
}
