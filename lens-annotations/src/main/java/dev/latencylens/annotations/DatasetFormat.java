package dev.latencylens.annotations;

/** How a {@link Workload#dataset()} file is written. */
public enum DatasetFormat {

    /** From the file name's extension: {@code .jsonl} and {@code .ndjson} are {@link #JSONL}, {@code .csv} is
     *  {@link #CSV}, {@code .json} is {@link #SHAREGPT}. */
    AUTO,

    /**
     * One JSON object per line: {@code {"prompt": "..."}} (one user message), or
     * {@code {"messages": [{"role": "system" | "user" | "assistant", "content": "..."}, ...]}} (a conversation).
     * Blank lines are skipped; other fields are ignored.
     */
    JSONL,

    /**
     * Comma-separated values as RFC 4180 writes them (double quotes around a field that holds commas, quotes or line
     * breaks; a quote inside doubled), a header line first; each row's {@link Workload#column()} is one user message.
     */
    CSV,

    /**
     * ShareGPT's conversation JSON: an array of {@code {"conversations": [{"from": "human", "value": "..."},
     * {"from": "gpt", "value": "..."}, ...]}}; {@code from} is {@code system}, {@code human} (or {@code user}) or
     * {@code gpt} (or {@code assistant}, {@code chatgpt}, {@code bing}, {@code bard}).
     */
    SHAREGPT
}
