package dev.latencylens.internal.regression;

import java.util.List;
import java.util.Locale;

/**
 * One benchmark of the report: compared metric by metric, or present on one side only.
 *
 * @param baselineRuns how many baseline runs have this benchmark (0 when {@link Status#NEW})
 * @param metrics      empty unless {@link Status#COMPARED}
 * @param notes        things a reader should know, e.g. the model changed or a run was partial
 */
public record BenchmarkComparison(String id, String name, String provider, String model, Status status,
                                  int baselineRuns, List<MetricComparison> metrics, List<String> notes) {

    public BenchmarkComparison {
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }

    public enum Status {
        /** In both runs. */
        COMPARED,
        /** In this run only. */
        NEW,
        /** In the baseline only. */
        MISSING;

        /** The name in {@code regression.json}: compared, new, missing. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public List<MetricComparison> regressions() {
        return metrics.stream().filter(m -> m.verdict() == Verdict.REGRESSED).toList();
    }

    public long count(Verdict verdict) {
        return metrics.stream().filter(m -> m.verdict() == verdict).count();
    }
}
