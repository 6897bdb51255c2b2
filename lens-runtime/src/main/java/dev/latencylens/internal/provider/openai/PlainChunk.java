package dev.latencylens.internal.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.ContentKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the plain chunk that nearly every event of a Chat Completions stream is, token by token, without building a
 * JSON tree:
 * <pre>{@code {"id":"…","object":"chat.completion.chunk","created":…,"model":"…","system_fingerprint":"…",
 *  "choices":[{"index":0,"delta":{"content":"…"},"logprobs":null,"finish_reason":null}]}}</pre>
 * with text, reasoning ({@code reasoning_content} or {@code reasoning}), refusal and finish reasons, per choice.
 *
 * <p>Why: parsing every event into a tree was the largest share of the client's own CPU per content event at
 * thousands of streams (docs/PERFORMANCE.md, "Where the client's CPU goes"). Anything else, such as usage, tool
 * calls, typed content parts, errors, server timings, content filters, a field this reader does not know or a value
 * of another type, makes {@link #read} return false having reported nothing, and {@link OpenAiStreamDecoder} reads
 * the event as a tree, as it always did. The two readings agree on every chunk this one accepts
 * ({@code PlainChunkTest}).
 */
final class PlainChunk {

    /** Receives one piece of content of a choice; null text is no piece (as in the tree reading). */
    interface Content {
        void add(int choice, ContentKind kind, String text);
    }

    /** Receives a choice's finish reason. */
    interface Finish {
        void finish(int choice, String reason);
    }

    private static final JsonFactory JSON = AdapterSupport.MAPPER.getFactory();
    /** Top-level fields with scalar values that say nothing the decoder needs. */
    private static final Set<String> IGNORED = Set.of("id", "object", "created", "model", "system_fingerprint",
            "service_tier", "obfuscation");

    /** One choice's delta. */
    private record Choice(int index, String reasoning, String text, String refusal, String finish) {
    }

    /** Thrown inside the reader when the event is not a plain chunk: the tree reading takes over. */
    private static final class NotPlain extends Exception {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false); // no stack trace: this is control flow, not an error
        }
    }

    private PlainChunk() {
    }

    /** Reports the chunk's pieces and finishes and returns true, or reports nothing and returns false. */
    static boolean read(String data, Content content, Finish finish) {
        List<Choice> choices;
        try (JsonParser p = JSON.createParser(data)) {
            choices = chunk(p);
        } catch (IOException | NotPlain notPlain) {
            return false;
        }
        for (Choice c : choices) {
            content.add(c.index(), ContentKind.REASONING, c.reasoning());
            content.add(c.index(), ContentKind.TEXT, c.text());
            content.add(c.index(), ContentKind.REFUSAL, c.refusal());
            if (c.finish() != null) {
                finish.finish(c.index(), c.finish());
            }
        }
        return true;
    }

    private static List<Choice> chunk(JsonParser p) throws IOException, NotPlain {
        expect(p.nextToken() == JsonToken.START_OBJECT);
        List<Choice> choices = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("choices")) {
                expect(value == JsonToken.START_ARRAY);
                choices = new ArrayList<>(1);
                int position = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    expect(p.currentToken() == JsonToken.START_OBJECT);
                    choices.add(choice(p, position++));
                }
            } else if (name.equals("usage")) {
                expect(value == JsonToken.VALUE_NULL); // every chunk's "usage":null with stream_options.include_usage
            } else {
                expect(IGNORED.contains(name) && value.isScalarValue());
            }
        }
        expect(p.currentToken() == JsonToken.END_OBJECT);
        return choices;
    }

    private static Choice choice(JsonParser p, int position) throws IOException, NotPlain {
        int index = position;
        String reasoningContent = null;
        String reasoning = null;
        String text = null;
        String refusal = null;
        String finish = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> {
                    expect(value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
                    index = p.getIntValue();
                }
                case "finish_reason" -> finish = string(p, value);
                case "logprobs" -> expect(value == JsonToken.VALUE_NULL);
                case "delta" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    expect(value == JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (field) {
                            case "role" -> string(p, v);
                            case "content" -> text = string(p, v);
                            case "reasoning_content" -> reasoningContent = string(p, v);
                            case "reasoning" -> reasoning = string(p, v);
                            case "refusal" -> refusal = string(p, v);
                            default -> throw NotPlain.INSTANCE;
                        }
                    }
                }
                default -> throw NotPlain.INSTANCE;
            }
        }
        return new Choice(index, reasoningContent != null ? reasoningContent : reasoning, text, refusal, finish);
    }

    /** A string value, null when empty or null (as {@link AdapterSupport#text}); any other value is not plain. */
    private static String string(JsonParser p, JsonToken value) throws IOException, NotPlain {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value == JsonToken.VALUE_STRING);
        String s = p.getText();
        return s.isEmpty() ? null : s;
    }

    private static void expect(boolean plain) throws NotPlain {
        if (!plain) {
            throw NotPlain.INSTANCE;
        }
    }
}
