package dev.latencylens.api;

import java.util.Objects;

/**
 * One turn of a conversation. System prompts are not messages: set them with {@link ChatRequest.Builder#system}.
 *
 * @param role    who speaks
 * @param content the text of the turn
 */
public record Message(Role role, String content) {

    /** Who speaks a message. */
    public enum Role { USER, ASSISTANT }

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }
}
