package dev.latencylens.internal.junit;

import java.util.List;

/** A benchmark breached its {@code @Sla}: a test failure, and a gate the build may fail on. */
public final class SlaFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    public SlaFailure(String benchmark, List<String> violations) {
        super(benchmark + " breached its @Sla: " + String.join("; ", violations));
    }
}
