package dev.latencylens.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a benchmark method asks the model: an optional system prompt, the conversation, and sampling limits.
 * Immutable; build one with {@link #builder()} or {@link #ofUser(String)}.
 *
 * <pre>{@code
 * ChatRequest.builder()
 *     .system("You triage support tickets.")
 *     .user(Tickets.sample(it.random()))
 *     .maxTokens(200)
 *     .build();
 * }</pre>
 *
 * <p>{@code maxTokens} and {@code temperature} left unset here fall back to the benchmark's
 * {@code @LlmBenchmark} values. {@link #extra()} holds provider-specific body parameters (e.g.
 * {@code "top_p"}, {@code "seed"}) that the adapter adds to the request body verbatim.
 */
public final class ChatRequest {

    private final Optional<String> system;
    private final List<Message> messages;
    private final OptionalInt maxTokens;
    private final OptionalDouble temperature;
    private final List<String> stop;
    private final Map<String, Object> extra;

    private ChatRequest(Builder b) {
        this.system = Optional.ofNullable(b.system);
        this.messages = List.copyOf(b.messages);
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.stop = List.copyOf(b.stop);
        this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(b.extra));
    }

    /** A request with one user message and everything else from the benchmark's annotation. */
    public static ChatRequest ofUser(String userMessage) {
        return builder().user(userMessage).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> system() {
        return system;
    }

    /** The conversation, oldest first; never empty. */
    public List<Message> messages() {
        return messages;
    }

    public OptionalInt maxTokens() {
        return maxTokens;
    }

    public OptionalDouble temperature() {
        return temperature;
    }

    public List<String> stop() {
        return stop;
    }

    /** Provider-specific body parameters, in insertion order. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** A builder holding this request's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.system = system.orElse(null);
        b.messages.addAll(messages);
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.stop.addAll(stop);
        b.extra.putAll(extra);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r
                && system.equals(r.system) && messages.equals(r.messages) && maxTokens.equals(r.maxTokens)
                && temperature.equals(r.temperature) && stop.equals(r.stop) && extra.equals(r.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(system, messages, maxTokens, temperature, stop, extra);
    }

    @Override
    public String toString() {
        return "ChatRequest[system=" + system + ", messages=" + messages + ", maxTokens=" + maxTokens
                + ", temperature=" + temperature + ", stop=" + stop + ", extra=" + extra.keySet() + "]";
    }

    /** Builds a {@link ChatRequest}; not thread-safe. */
    public static final class Builder {
        private String system;
        private final List<Message> messages = new ArrayList<>();
        private OptionalInt maxTokens = OptionalInt.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private final List<String> stop = new ArrayList<>();
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /** The system prompt (instructions), sent the way the provider expects it. */
        public Builder system(String system) {
            this.system = Objects.requireNonNull(system, "system");
            return this;
        }

        public Builder user(String content) {
            return message(Message.user(content));
        }

        public Builder assistant(String content) {
            return message(Message.assistant(content));
        }

        public Builder message(Message message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Maximum output tokens, at least 1; overrides {@code @LlmBenchmark.maxTokens}. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
            }
            this.maxTokens = OptionalInt.of(maxTokens);
            return this;
        }

        /** Sampling temperature, 0 to 2; overrides {@code @LlmBenchmark.temperature}. */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
            }
            this.temperature = OptionalDouble.of(temperature);
            return this;
        }

        /** Sequences at which the model stops generating. */
        public Builder stop(String... sequences) {
            for (String s : sequences) {
                stop.add(Objects.requireNonNull(s, "stop sequence"));
            }
            return this;
        }

        /** A provider-specific body parameter, added to the request body as is (JSON-serialisable value). */
        public Builder extra(String key, Object value) {
            extra.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @throws IllegalStateException when no message was added */
        public ChatRequest build() {
            if (messages.isEmpty()) {
                throw new IllegalStateException("a ChatRequest needs at least one message: call user(...)");
            }
            return new ChatRequest(this);
        }
    }
}
