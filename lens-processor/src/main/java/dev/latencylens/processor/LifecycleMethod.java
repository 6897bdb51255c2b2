package dev.latencylens.processor;

/**
 * A validated {@code @Setup} or {@code @TearDown} method: enough to call it directly from the harness.
 *
 * @param name     the method's simple name
 * @param isStatic whether it is called on the class rather than on the benchmark instance
 */
record LifecycleMethod(String name, boolean isStatic) {
}
