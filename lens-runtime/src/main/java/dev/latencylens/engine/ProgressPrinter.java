package dev.latencylens.engine;

import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkResult;
import dev.latencylens.api.RunListener;
import java.util.Locale;

/** Prints one line when a benchmark starts and one when it ends, with its cold-start verdict and warnings. */
final class ProgressPrinter implements RunListener {

    @Override
    public void benchmarkStarted(BenchmarkDescriptor b) {
        System.out.printf(Locale.ROOT, "[lens] %s: %s/%s, %s, %d requests (+%d warmup, 1 cold probe)%n", b.name(),
                b.provider(), b.model(), b.pattern(), b.iterations(), b.warmup());
    }

    @Override
    public void benchmarkFinished(BenchmarkResult r) {
        System.out.printf(Locale.ROOT, "[lens] %s: %d/%d succeeded; %s%n", r.descriptor().name(),
                r.reliability().succeeded(), r.reliability().attempted(), r.coldStart().verdict());
        r.warnings().forEach(w -> System.out.println("[lens] " + r.descriptor().name() + ": WARNING " + w));
    }
}
