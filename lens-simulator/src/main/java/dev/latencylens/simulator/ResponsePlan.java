package dev.latencylens.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * What one response says and in which content events, whatever the wire format: streamed reasoning, then the answer
 * text, then tool calls (see {@link SimProfile}), each event carrying up to {@code tokensPerEvent} tokens of one
 * part. A tool call is a name (one token) and {@value #ARGUMENT_WORDS} words of arguments,
 * {@code {"query":"<words>"}}: formats that stream calls send the name in one event and the arguments in fragments;
 * those that send calls whole (Gemini, Ollama: {@link Dialect#wholeToolCalls()}) send each call in one event. With
 * {@code n > 1} choices every choice says the same number of tokens in other words, in the same events.
 *
 * <p>Every word is a {@link Vocabulary} word, and so needs no JSON escaping: the answer's words start at the
 * request's word offset, reasoning and each call's arguments at offsets of their own, and choice {@code k} shifts
 * them all. Immutable.
 */
final class ResponsePlan {

    /** Words in the arguments of every tool call. */
    static final int ARGUMENT_WORDS = 6;
    /** Tokens of one tool call: its name and its argument words. */
    static final int TOOL_CALL_TOKENS = 1 + ARGUMENT_WORDS;
    private static final String[] TOOL_NAMES = {"get_weather", "search_docs", "lookup_order"};
    private static final String ARGUMENTS_HEAD = "{\"query\":\"";
    private static final String ARGUMENTS_TAIL = "\"}";

    /** The parts of a response, in the order they are streamed. */
    enum Part {
        REASONING, TEXT,
        /** A tool call's id and name, before its arguments. */
        TOOL_START,
        /** A fragment of a tool call's arguments. */
        TOOL_ARGUMENTS,
        /** A whole tool call in one event. */
        TOOL_CALL
    }

    /**
     * What one content event carries: {@code count} words from word {@code first} of a part ({@code call}: which
     * tool call, for the tool parts).
     */
    record Piece(Part part, int call, int first, int count) {

        /** Tokens this event carries: its words, plus the name for a call's start or a whole call. */
        int tokens() {
            return switch (part) {
                case TOOL_START -> 1;
                case TOOL_CALL -> 1 + count;
                default -> count;
            };
        }
    }

    final int wordOffset;
    final int choices;
    final int hiddenReasoning;
    final int reasoning;
    final int text;
    final int toolCalls;
    final boolean wholeToolCalls;
    /** {@code stop}, {@code length} (the output limit cut the response) or {@code tool_calls}. */
    final String finishReason;
    final StreamEnd streamEnd;
    final boolean contentParts;
    final int events;
    private final int tokensPerEvent;
    private final int reasoningEvents;
    private final int textEvents;
    private final int eventsPerCall;

    /**
     * @param answerTokens          the answer's sampled length, before the request's output limit
     * @param maxTokens             the request's output limit, which every part counts against, in order
     * @param reasoningAndToolCalls whether the format can say the profile's streamed reasoning and tool calls;
     *                              when not, the response has neither ({@link Dialect#reasoningAndToolCalls})
     */
    ResponsePlan(SimProfile profile, int answerTokens, int maxTokens, int choices, int wordOffset,
                 boolean wholeToolCalls, boolean reasoningAndToolCalls) {
        this.wordOffset = wordOffset;
        this.choices = choices;
        this.wholeToolCalls = wholeToolCalls;
        this.tokensPerEvent = profile.tokensPerEvent();
        this.streamEnd = profile.streamEnd();
        this.contentParts = profile.contentParts();
        int askedReasoning = reasoningAndToolCalls ? profile.reasoningTokens() : 0;
        int askedToolCalls = reasoningAndToolCalls ? profile.toolCalls() : 0;
        long left = maxTokens;
        this.hiddenReasoning = (int) Math.min(profile.hiddenReasoningTokens(), left);
        left -= hiddenReasoning;
        this.reasoning = (int) Math.min(askedReasoning, left);
        left -= reasoning;
        this.text = (int) Math.min(answerTokens, left);
        left -= text;
        this.toolCalls = (int) Math.min(askedToolCalls, left / TOOL_CALL_TOKENS);
        boolean cut = hiddenReasoning < profile.hiddenReasoningTokens() || reasoning < askedReasoning
                || text < answerTokens || toolCalls < askedToolCalls;
        this.finishReason = cut ? "length" : toolCalls > 0 ? "tool_calls" : "stop";
        this.reasoningEvents = eventsFor(reasoning);
        this.textEvents = eventsFor(text);
        this.eventsPerCall = wholeToolCalls ? 1 : 1 + eventsFor(ARGUMENT_WORDS);
        this.events = reasoningEvents + textEvents + toolCalls * eventsPerCall;
    }

    private int eventsFor(int tokens) {
        return (tokens + tokensPerEvent - 1) / tokensPerEvent;
    }

    /** What content event {@code event} ({@code 0 <= event < events}) carries. */
    Piece piece(int event) {
        if (event < reasoningEvents) {
            return run(Part.REASONING, 0, event, reasoning);
        }
        int e = event - reasoningEvents;
        if (e < textEvents) {
            return run(Part.TEXT, 0, e, text);
        }
        e -= textEvents;
        int call = e / eventsPerCall;
        int k = e % eventsPerCall;
        if (wholeToolCalls) {
            return new Piece(Part.TOOL_CALL, call, 0, ARGUMENT_WORDS);
        }
        return k == 0 ? new Piece(Part.TOOL_START, call, 0, 0) : run(Part.TOOL_ARGUMENTS, call, k - 1, ARGUMENT_WORDS);
    }

    private Piece run(Part part, int call, int index, int length) {
        int first = index * tokensPerEvent;
        return new Piece(part, call, first, Math.min(tokensPerEvent, length - first));
    }

    /** Output tokens of one choice: hidden reasoning and every event's tokens. */
    int tokensPerChoice() {
        return hiddenReasoning + reasoning + text + toolCalls * TOOL_CALL_TOKENS;
    }

    /** Output tokens of every choice, as usage reports them. */
    long outputTokens() {
        return (long) choices * tokensPerChoice();
    }

    /** Reasoning tokens of every choice, hidden and streamed. */
    long reasoningTokens() {
        return (long) choices * (hiddenReasoning + reasoning);
    }

    /** The whole answer text of choice {@code choice}. */
    String text(int choice) {
        return Vocabulary.text(offset(Part.TEXT, 0, choice), 0, text);
    }

    /** Appends the words of a reasoning or text piece, as they appear in choice {@code choice}. */
    void appendWords(ByteSink out, Piece piece, int choice) {
        Vocabulary.append(out, offset(piece.part(), piece.call(), choice), piece.first(), piece.count());
    }

    /** The words of a reasoning or text piece as a string. */
    String words(Piece piece, int choice) {
        return Vocabulary.text(offset(piece.part(), piece.call(), choice), piece.first(), piece.count());
    }

    /** The fragment of a call's arguments JSON a {@link Part#TOOL_ARGUMENTS} piece carries (raw, not escaped). */
    String argumentsFragment(Piece piece, int choice) {
        return (piece.first() == 0 ? ARGUMENTS_HEAD : "") + words(piece, choice)
                + (piece.first() + piece.count() == ARGUMENT_WORDS ? ARGUMENTS_TAIL : "");
    }

    /** A call's whole arguments JSON. */
    String arguments(int call, int choice) {
        return ARGUMENTS_HEAD + Vocabulary.text(offset(Part.TOOL_ARGUMENTS, call, choice), 0, ARGUMENT_WORDS)
                + ARGUMENTS_TAIL;
    }

    static String toolName(int call) {
        return TOOL_NAMES[call % TOOL_NAMES.length];
    }

    /** The id of a call in formats that give one: {@code call_<request id>_<call>}. */
    static String toolCallId(String requestId, int call) {
        return "call_" + requestId + "_" + call;
    }

    private int offset(Part part, int call, int choice) {
        int base = wordOffset + 3 * choice;
        return switch (part) {
            case REASONING -> base + 11;
            case TEXT -> base;
            default -> base + 5 + 7 * call;
        };
    }

    /** What choice 0 said in its first {@code eventsWritten} events: the ground truth of a stream. */
    Sent sent(int eventsWritten, String requestId) {
        StringBuilder reasoningText = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        List<StringBuilder> arguments = new ArrayList<>();
        int tokens = 0;
        for (int e = 0; e < Math.min(eventsWritten, events); e++) {
            Piece p = piece(e);
            tokens += p.tokens();
            switch (p.part()) {
                case REASONING -> reasoningText.append(words(p, 0));
                case TEXT -> answer.append(words(p, 0));
                case TOOL_START -> arguments.add(new StringBuilder());
                case TOOL_ARGUMENTS -> arguments.get(p.call()).append(argumentsFragment(p, 0));
                case TOOL_CALL -> arguments.add(new StringBuilder(arguments(p.call(), 0)));
            }
        }
        List<ServedRequest.ToolCall> calls = new ArrayList<>(arguments.size());
        for (int c = 0; c < arguments.size(); c++) {
            calls.add(new ServedRequest.ToolCall(wholeToolCalls ? "" : toolCallId(requestId, c), toolName(c),
                    arguments.get(c).toString()));
        }
        return new Sent(answer.toString(), reasoningText.toString(), List.copyOf(calls), tokens);
    }

    /** Choice 0's words of the events written, and their tokens. */
    record Sent(String text, String reasoningText, List<ServedRequest.ToolCall> toolCalls, int tokens) {
    }
}
