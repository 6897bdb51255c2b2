package dev.latencylens.internal.metrics;

import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ToolCallDelta;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the model generated in one response, as its stream delivered it: choice 0's answer text, reasoning text,
 * refusal, the tool calls the caller must run and those the provider ran itself; how many choices there were; and,
 * for counting tokens only, the text of the other choices. Pieces of a tool call are joined by their index, in order
 * of first appearance: the first id and name given win, argument fragments are concatenated.
 *
 * <p>Owned by one {@link RequestTrace}: one thread, not thread-safe. What is rarely there (reasoning, refusals,
 * tool calls, other choices) costs nothing until it is.
 */
public final class ModelOutput {

    /** A tool call as the stream gave it; {@code id} is empty when the provider sends none. */
    public record ToolCall(String id, String name, String arguments) {
    }

    private final StringBuilder text = new StringBuilder();
    private StringBuilder reasoning;
    private StringBuilder refusal;
    private Map<Integer, Builder> toolCalls;
    private Map<Integer, Builder> serverToolCalls;
    private StringBuilder otherChoices;
    private final BitSet choices = new BitSet(1);

    /** Choice {@code choice} sent something (content or its finish). */
    void choice(int choice) {
        choices.set(choice);
    }

    void add(int choice, ContentKind kind, String fragment) {
        choices.set(choice);
        if (choice != 0) {
            other().append(fragment);
            return;
        }
        switch (kind) {
            case TEXT -> text.append(fragment);
            case REASONING -> (reasoning == null ? reasoning = new StringBuilder() : reasoning).append(fragment);
            case REFUSAL -> (refusal == null ? refusal = new StringBuilder() : refusal).append(fragment);
            case TOOL_CALL -> add(0, ToolCallDelta.arguments(0, fragment));
        }
    }

    void add(int choice, ToolCallDelta delta) {
        choices.set(choice);
        if (choice != 0) {
            other().append(delta.name()).append(delta.arguments());
            return;
        }
        Map<Integer, Builder> calls;
        if (delta.serverSide()) {
            calls = serverToolCalls == null ? serverToolCalls = new LinkedHashMap<>() : serverToolCalls;
        } else {
            calls = toolCalls == null ? toolCalls = new LinkedHashMap<>() : toolCalls;
        }
        calls.computeIfAbsent(delta.index(), i -> new Builder()).add(delta);
    }

    private StringBuilder other() {
        return otherChoices == null ? otherChoices = new StringBuilder() : otherChoices;
    }

    /** Choice 0's answer text (without reasoning, refusal or tool calls). */
    public String text() {
        return text.toString();
    }

    /** Choice 0's reasoning text; empty when none was streamed. */
    public String reasoningText() {
        return reasoning == null ? "" : reasoning.toString();
    }

    /** Whether choice 0 streamed any reasoning text. */
    public boolean reasoningStreamed() {
        return reasoning != null && !reasoning.isEmpty();
    }

    /** Choice 0's refusal; empty when it did not refuse. */
    public String refusal() {
        return refusal == null ? "" : refusal.toString();
    }

    /** Choice 0's tool calls to be run by the caller, in order of appearance. */
    public List<ToolCall> toolCalls() {
        return build(toolCalls);
    }

    /** Choice 0's tool calls the provider ran itself (e.g. Anthropic's web search), in order of appearance. */
    public List<ToolCall> serverToolCalls() {
        return build(serverToolCalls);
    }

    /** Distinct choices the stream sent something for; at least 1, as every response is one choice or more. */
    public int choices() {
        return Math.max(1, choices.cardinality());
    }

    /** Every generated character of choice 0 (answer, reasoning, refusal, tool names and arguments). */
    String choiceZero() {
        StringBuilder all = new StringBuilder(text);
        if (reasoning != null) {
            all.append(reasoning);
        }
        if (refusal != null) {
            all.append(refusal);
        }
        append(all, toolCalls);
        append(all, serverToolCalls);
        return all.toString();
    }

    private static void append(StringBuilder all, Map<Integer, Builder> calls) {
        if (calls != null) {
            calls.values().forEach(b -> all.append(b.name).append(b.arguments));
        }
    }

    /** Every generated character of every choice, for counting output tokens the provider did not report. */
    String all() {
        String zero = choiceZero();
        return otherChoices == null ? zero : zero + otherChoices;
    }

    private static List<ToolCall> build(Map<Integer, Builder> calls) {
        if (calls == null) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>(calls.size());
        calls.values().forEach(b -> out.add(new ToolCall(b.id, b.name, b.arguments.toString())));
        return List.copyOf(out);
    }

    /** One call's pieces so far. */
    private static final class Builder {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();

        void add(ToolCallDelta delta) {
            if (id.isEmpty()) {
                id = delta.id();
            }
            if (name.isEmpty()) {
                name = delta.name();
            }
            arguments.append(delta.arguments());
        }
    }
}
