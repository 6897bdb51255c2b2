package dev.latencylens.internal.workload;

import dev.latencylens.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a dataset: a system prompt, if any, and its messages, at least one of them the user's. Each user
 * message is a turn: one request, sent with what came before it. A record of one user message is one request.
 *
 * @param source where the record is, for requests.jsonl and messages: {@code prompts.jsonl:3}
 */
record Conversation(Optional<String> system, List<Message> messages, String source) {

    Conversation {
        Objects.requireNonNull(system, "system");
        messages = List.copyOf(messages);
        Objects.requireNonNull(source, "source");
        if (userTurns(messages).isEmpty()) {
            throw new IllegalArgumentException(source + " has no user message");
        }
    }

    /** A record of a single user message. */
    static Conversation prompt(String prompt, String source) {
        return new Conversation(Optional.empty(), List.of(Message.user(prompt)), source);
    }

    /** How many requests the record makes: its user messages. */
    int turns() {
        return userTurns(messages).size();
    }

    /** The user message of turn {@code turn} (1-based). */
    String user(int turn) {
        return userTurns(messages).get(turn - 1);
    }

    /** The record's messages up to and including turn {@code turn}'s (1-based): its own history, as the dataset
     *  has it. */
    List<Message> through(int turn) {
        int seen = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role() == Message.Role.USER && ++seen == turn) {
                return messages.subList(0, i + 1);
            }
        }
        throw new IllegalArgumentException(source + " has " + seen + " turns, not " + turn);
    }

    private static List<String> userTurns(List<Message> messages) {
        List<String> turns = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Message.Role.USER) {
                turns.add(m.content());
            }
        }
        return turns;
    }
}
