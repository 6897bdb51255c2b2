package dev.latencylens.internal.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;

import java.util.Locale;
import java.util.Objects;

/**
 * Counts tokens in text with one of OpenAI's byte-pair encodings, for requests whose provider reported no usage.
 *
 * <pre>{@code
 * TokenEstimator est = TokenEstimator.forModel("openai", "gpt-4o-mini");   // o200k_base
 * long n = est.count("In one sentence: why is the sky blue?");
 * long prompt = est.countChat(request);                                    // messages plus chat framing
 * }</pre>
 *
 * <p><b>Which encoding.</b> {@link #forModel} picks {@code cl100k_base} for the OpenAI models that use it
 * ({@code gpt-4} and {@code gpt-4-turbo} and their snapshots, {@code gpt-3.5-turbo}, {@code gpt-35-turbo} as Azure
 * names it, {@code text-embedding-3-*}, {@code text-embedding-ada-002}) and {@code o200k_base} for everything else:
 * exact for {@code gpt-4o}, {@code gpt-4.1}, {@code gpt-5}, {@code o1}/{@code o3}/{@code o4} and {@code gpt-oss};
 * an approximation for other vendors' models, whose tokenizers are different (Claude, Gemini, Llama, Mistral, …).
 * A vendor path prefix ({@code openai/gpt-4o} on OpenRouter) is ignored when choosing.
 *
 * <p><b>Special tokens.</b> Text is encoded as ordinary text: {@code <|endoftext|>} in a prompt counts as the
 * tokens of those characters, as the API does for user content, and never throws.
 *
 * <p><b>Concurrency and cost.</b> Instances are immutable and thread-safe; share them freely. Each encoding's
 * table (a few MB, in the JTokkit jar) loads once, on first use of that encoding, in about 100–300 ms; counting
 * then runs at several MB of text per second. Nothing is fetched from the network.
 */
public final class TokenEstimator {

    /** The encodings this estimator can use. */
    public enum Encoding {
        /** GPT-4o and later OpenAI models: 200k-token vocabulary. The default. */
        O200K_BASE("o200k_base"),
        /** GPT-4, GPT-4 Turbo, GPT-3.5 Turbo and the third-generation embeddings: 100k-token vocabulary. */
        CL100K_BASE("cl100k_base");

        private final String id;

        Encoding(String id) {
            this.id = id;
        }

        /** The encoding's name as tiktoken spells it, e.g. {@code o200k_base}. */
        public String id() {
            return id;
        }
    }

    /**
     * Tokens OpenAI adds around every chat message ({@code <|start|>role<|message|>…<|end|>}: three framing tokens
     * besides the role name), per OpenAI's published counting recipe for the GPT-4o / GPT-4 family.
     */
    public static final int TOKENS_PER_MESSAGE = 3;

    /** Tokens that prime the assistant's reply ({@code <|start|>assistant<|message|>}), once per request. */
    public static final int REPLY_PRIMING_TOKENS = 3;

    private static final TokenEstimator O200K = new TokenEstimator(Encoding.O200K_BASE);
    private static final TokenEstimator CL100K = new TokenEstimator(Encoding.CL100K_BASE);

    private final Encoding encoding;

    private TokenEstimator(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The default estimator: {@code o200k_base}. */
    public static TokenEstimator defaultEstimator() {
        return O200K;
    }

    /** The estimator for {@code encoding}. */
    public static TokenEstimator of(Encoding encoding) {
        return encoding == Encoding.CL100K_BASE ? CL100K : O200K;
    }

    /**
     * The estimator to use for {@code model} at {@code provider} (see the class notes for the rule). Provider ids
     * are not needed to choose today but are taken so that a vendor-specific tokenizer can be added without
     * changing callers.
     */
    public static TokenEstimator forModel(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        return of(encodingFor(model));
    }

    /**
     * Whether {@link #forModel} counts {@code model}'s tokens exactly: an OpenAI model ({@code gpt-*},
     * {@code chatgpt-*}, {@code o1}/{@code o3}/{@code o4}, {@code text-embedding-*}, also under a vendor prefix), whose
     * tokenizer it is. Other vendors' models tokenize differently, so their counts are approximate.
     */
    public static boolean isExactFor(String model) {
        String m = bareName(model);
        return m.startsWith("gpt-") || m.startsWith("chatgpt-") || m.matches("o[134]([-.].*)?")
                || m.startsWith("text-embedding-");
    }

    static Encoding encodingFor(String model) {
        String m = bareName(model);
        boolean gpt4Family = m.startsWith("gpt-4") && !m.startsWith("gpt-4o") && !m.startsWith("gpt-4.");
        if (gpt4Family || m.startsWith("gpt-3.5") || m.startsWith("gpt-35") || m.startsWith("text-embedding-3")
                || m.equals("text-embedding-ada-002")) {
            return Encoding.CL100K_BASE;
        }
        return Encoding.O200K_BASE;
    }

    /** The model name in lower case without a vendor path ({@code openai/gpt-4o} on OpenRouter is {@code gpt-4o}). */
    private static String bareName(String model) {
        String m = model.trim().toLowerCase(Locale.ROOT);
        return m.substring(m.lastIndexOf('/') + 1);
    }

    /** The encoding this estimator uses. */
    public Encoding encoding() {
        return encoding;
    }

    /** Tokens in {@code text}; 0 for an empty string. */
    public long count(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return 0;
        }
        return table().countTokensOrdinary(text);
    }

    /**
     * Prompt tokens of a chat request as OpenAI counts them: each message's content and role name plus
     * {@link #TOKENS_PER_MESSAGE}, the system prompt as one more message, plus {@link #REPLY_PRIMING_TOKENS}.
     * Other vendors frame messages differently; for them this is an estimate like {@link #count}.
     */
    public long countChat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        long n = REPLY_PRIMING_TOKENS;
        if (request.system().isPresent()) {
            n += TOKENS_PER_MESSAGE + count("system") + count(request.system().get());
        }
        for (Message m : request.messages()) {
            n += TOKENS_PER_MESSAGE + count(m.role().name().toLowerCase(Locale.ROOT)) + count(m.content());
        }
        return n;
    }

    private com.knuddels.jtokkit.api.Encoding table() {
        return encoding == Encoding.CL100K_BASE ? Cl100k.TABLE : O200k.TABLE;
    }

    @Override
    public String toString() {
        return "TokenEstimator[" + encoding.id() + "]";
    }

    /** Loaded on first use only: each table costs a few MB and a fraction of a second. */
    private static final class O200k {
        static final com.knuddels.jtokkit.api.Encoding TABLE =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static final class Cl100k {
        static final com.knuddels.jtokkit.api.Encoding TABLE =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
