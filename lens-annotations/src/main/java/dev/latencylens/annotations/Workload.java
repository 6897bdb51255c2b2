package dev.latencylens.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the requests of an {@link LlmBenchmark} from data instead of from the method: synthetic prompts of a chosen
 * length, a dataset, or a production trace replayed at its own timestamps.
 *
 * <p><b>The rule.</b> A benchmark either returns its request (a {@code String} or a {@code ChatRequest}, as without
 * this annotation) or has a {@code @Workload}, on a method that returns {@code void} and takes no parameter. The
 * method only carries the two annotations: its body is never called. Every other combination is a compile error.
 *
 * <pre>{@code
 * @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 200)
 * @Workload(inputTokens = 400, inputStddev = 40, outputTokens = 128)
 * public void mediumPrompts() {
 * }
 * }</pre>
 *
 * <p><b>Where the prompts come from</b>: exactly one of
 * <ul>
 *   <li>{@link #inputTokens()} (or {@link #inputMin()}/{@link #inputMax()} with {@link LengthDistribution#UNIFORM}):
 *       synthetic prompts of that many tokens, counted with the model's tokenizer where Latency Lens has it (OpenAI's
 *       models: {@code o200k_base}, {@code cl100k_base}) and with {@code o200k_base} otherwise (the result then warns
 *       that the lengths are approximate). Each prompt is different (seeded by {@code lens.seed}), so a provider's
 *       prompt cache cannot serve it, and re-counts to exactly the drawn length;</li>
 *   <li>{@link #dataset()}: the prompts of a JSONL, CSV or ShareGPT file ({@link DatasetFormat}); a conversation
 *       with several user turns is a session, each turn a request sent with the history before it
 *       ({@link #history()});</li>
 *   <li>{@link #trace()}: a JSONL trace, one {@code {"timestamp": <ms>, "inputTokens": n, "outputTokens": m}} a
 *       line, each request sent at its timestamp (pattern {@code TRACE}, set by this attribute) with a synthetic
 *       prompt of its input length and its output length as the limit.</li>
 * </ul>
 * A file is read from the class path with the prefix {@code classpath:} ({@code classpath:prompts.jsonl}), else
 * from the file system, relative to the working directory. A file that cannot be read, or a line that is wrong,
 * stops the run before any request is sent, naming the file, the line and what is wrong.
 *
 * <p><b>Output length.</b> {@link #outputTokens()} (drawn like the input) is sent as each request's
 * {@code max_tokens}; where the provider can be told to generate exactly that many (vLLM's {@code ignore_eos} and
 * {@code min_tokens}, llama.cpp's {@code ignore_eos}, the simulator), it is. Elsewhere (OpenAI, Anthropic, Gemini,
 * ...) it is only a cap, and the result says so. With it, {@code @LlmBenchmark.maxTokens} is not used.
 *
 * <p>The same keys, with the same meaning, are the builder methods of {@code dev.latencylens.results.Workload} and the
 * keys of a configuration file's {@code workload:} section. The values are checked at compile time; each misuse is
 * an error on the value to change.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Workload {

    /**
     * Synthetic prompts of this many tokens, the whole prompt (a {@link #prefixTokens()} prefix included); with
     * {@link #inputStddev()}, the mean. 0 (the default) means no synthetic prompts.
     */
    int inputTokens() default 0;

    /** The standard deviation of the input lengths, 0 or more; 0 (the default) gives every prompt
     *  {@link #inputTokens()} tokens. */
    double inputStddev() default 0;

    /** The smallest input length: {@link LengthDistribution#UNIFORM}'s lower end, or a bound on the others; 0 =
     *  none. */
    int inputMin() default 0;

    /** The largest input length: {@link LengthDistribution#UNIFORM}'s upper end, or a bound on the others; 0 = none. */
    int inputMax() default 0;

    /** How input lengths are drawn. */
    LengthDistribution inputDistribution() default LengthDistribution.NORMAL;

    /**
     * Output tokens per request, sent as its {@code max_tokens} and forced where the provider allows; with
     * {@link #outputStddev()}, the mean. 0 (the default): {@code @LlmBenchmark.maxTokens} limits the output.
     */
    int outputTokens() default 0;

    /** The standard deviation of the output lengths, 0 or more. */
    double outputStddev() default 0;

    /** The smallest output length ({@link LengthDistribution#UNIFORM}'s lower end, or a bound); 0 = none. */
    int outputMin() default 0;

    /** The largest output length ({@link LengthDistribution#UNIFORM}'s upper end, or a bound); 0 = none. */
    int outputMax() default 0;

    /** How output lengths are drawn. */
    LengthDistribution outputDistribution() default LengthDistribution.NORMAL;

    /**
     * A synthetic system prompt of this many tokens before every request's messages, the same for the requests that
     * {@link #prefixScope()} says: the part a provider's prompt cache can serve. Counted in {@link #inputTokens()}
     * (and in a trace's input lengths), so it must be shorter than they are. 0 (the default): none.
     */
    int prefixTokens() default 0;

    /** Which requests share one prefix: all of the benchmark's (the default), or those of one session. */
    PrefixScope prefixScope() default PrefixScope.BENCHMARK;

    /** A dataset of prompts: {@code classpath:<resource>} or a file path. Empty (the default): none. */
    String dataset() default "";

    /** How {@link #dataset()} is written; by default from its extension. */
    DatasetFormat format() default DatasetFormat.AUTO;

    /** The CSV column holding the prompts (a CSV dataset only). */
    String column() default "prompt";

    /** The order in which the dataset's records are sent. */
    DatasetOrder order() default DatasetOrder.SEQUENTIAL;

    /** The assistant's earlier turns in a multi-turn conversation: the dataset's, or the model's own answers. */
    SessionHistory history() default SessionHistory.DATASET;

    /**
     * A trace to replay: {@code classpath:<resource>} or a file path, JSONL with {@code timestamp} (milliseconds,
     * not decreasing), {@code inputTokens} and {@code outputTokens} on every line (other fields are ignored). The
     * benchmark's {@code iterations} are the trace's lines unless set lower. Empty (the default): none.
     */
    String trace() default "";

    /**
     * Multiplies the gaps between a trace's timestamps: 0.5 replays it twice as fast, 2 half as fast. Above 0; a
     * trace only.
     */
    double timeScale() default 1.0;
}
