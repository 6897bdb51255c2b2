package dev.latencylens.cli;

import dev.latencylens.internal.config.LensConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lens run lens.yaml}: every benchmark of a configuration file (docs/CONFIG.md). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the benchmarks of a configuration file (YAML, JSON or TOML; docs/CONFIG.md) and write "
                + "every report.", "Settings: the file's run: and providers:, then the options, then -D, each "
                + "winning over the one before."},
        footer = {"", "Example: lens run lens.yaml --simulate --out lens-results",
            "Exit codes: 0 ok, 1 SLA breach or (with --fail-on-regression) regression, 2 usage or configuration "
                + "error."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file, e.g. lens.yaml.")
    Path file;

    @Mixin
    RunSettings settings;

    @Override
    public Integer call() {
        LensConfig config = LensConfig.read(file, System.getenv());
        Map<String, String> properties = new LinkedHashMap<>(config.properties());
        properties.putAll(settings.asProperties());
        return new BenchmarkRun(System.out, System.err).run(config.benchmarks(), properties);
    }
}
