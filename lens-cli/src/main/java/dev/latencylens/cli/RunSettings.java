package dev.latencylens.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code lens run} and {@code lens profile} share: where the reports go and the {@code lens.*} run
 * settings, each a shorthand for its property ({@code --seed 7} is {@code -D lens.seed=7}).
 */
final class RunSettings {

    static final Path DEFAULT_OUT = Path.of("lens-results");

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where the reports go (./lens-results; lens run: the file's run.reportsDirectory when set).")
    Path out;

    @Option(names = "--simulate", description = "Send every request to the embedded simulator (no key, no cost).")
    boolean simulate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of prompts, schedules and the simulator (42).")
    Long seed;

    @Option(names = "--baseline", paramLabel = "PATH",
            description = "A previous results.json, its directory, or a directory of runs to compare with.")
    Path baseline;

    @Option(names = "--fail-on-regression", description = "Exit 1 when the comparison with the baseline finds a "
            + "regression.")
    boolean failOnRegression;

    @Option(names = "--threshold", paramLabel = "FRACTION",
            description = "Relative change that counts as a regression (0.10).")
    Double threshold;

    @Option(names = "-D", paramLabel = "lens.KEY=VALUE", mapFallbackValue = "true",
            description = "Any lens.* property, e.g. -D lens.retries=2 -D lens.openai.baseUrl=http://...")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The settings these options give, as {@code lens.*} properties; {@code -D} last, so it wins. */
    Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (out != null) {
            p.put("lens.reportsDirectory", out.toString());
        }
        if (simulate) {
            p.put("lens.simulate", "true");
        }
        if (seed != null) {
            p.put("lens.seed", seed.toString());
        }
        if (baseline != null) {
            p.put("lens.baseline", baseline.toString());
        }
        if (failOnRegression) {
            p.put("lens.failOnRegression", "true");
        }
        if (threshold != null) {
            p.put("lens.regressionThreshold", threshold.toString());
        }
        properties.forEach((key, value) -> {
            if (!key.startsWith("lens.")) {
                throw new IllegalArgumentException("-D " + key + ": only lens.* properties are read (e.g. -D lens."
                        + key + "=" + value + ")");
            }
            p.put(key, value);
        });
        return p;
    }
}
