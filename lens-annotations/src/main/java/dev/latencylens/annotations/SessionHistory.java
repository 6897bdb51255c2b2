package dev.latencylens.annotations;

/**
 * What a multi-turn conversation of a {@link Workload#dataset()} sends as the assistant's earlier answers, when it
 * sends its second user turn and every later one.
 */
public enum SessionHistory {

    /** The dataset's own assistant turns: every request is known before the run, whatever the model answers. */
    DATASET,

    /**
     * What the model actually answered to the earlier turns of this session: the conversation a user would have.
     * The requests then depend on the answers (their lengths, and so the later prompts' lengths, vary with the
     * model), and a turn that fails ends its session.
     */
    MODEL
}
