package dev.latencylens.annotations;

/** Which requests share the synthetic prefix of {@link Workload#prefixTokens()}. */
public enum PrefixScope {

    /** One prefix for every request of the benchmark: what a provider's prompt cache can serve after the first. */
    BENCHMARK,

    /**
     * A prefix of its own for every session (a conversation of a dataset; each request of a single-turn workload is a
     * session of its own): as many tokens, none shared across sessions. Against {@link #BENCHMARK} it shows what the
     * cache saves.
     */
    SESSION
}
