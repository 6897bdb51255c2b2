package dev.latencylens.annotations;

/** In which order a {@link Workload#dataset()}'s records are sent. */
public enum DatasetOrder {

    /** As they are in the file, from the first; after the last, from the first again. */
    SEQUENTIAL,

    /** In an order shuffled from the run's seed ({@code lens.seed}), a different one per phase (warmup, measured). */
    SHUFFLED
}
