package dev.latencylens.internal.config;

import dev.latencylens.api.BenchmarkHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A configuration file, read and checked: its benchmarks, ready to run, and the {@code lens.*} properties of its
 * {@code run:} and {@code providers:} sections.
 *
 * <pre>{@code
 * LensConfig config = LensConfig.read(Path.of("lens.yaml"), System.getenv());
 * config.applyTo(System.getProperties());             // what -D set already wins
 * LatencyLens.run(config.benchmarks(), RunOptions.fromSystemProperties());
 * }</pre>
 *
 * @param file       the file read
 * @param properties {@code lens.*} keys and values, in file order
 * @param benchmarks one harness per entry of {@code benchmarks:}, in file order
 */
public record LensConfig(Path file, Map<String, String> properties, List<BenchmarkHarness> benchmarks) {

    /** The property that names a configuration file for {@code mvn lens:bench} and the JUnit engine. */
    public static final String PROPERTY = "lens.config";

    public LensConfig {
        properties = Map.copyOf(properties);
        benchmarks = List.copyOf(benchmarks);
    }

    /**
     * Reads and checks {@code file}: YAML ({@code .yaml}, {@code .yml}), JSON or TOML, {@code ${ENV}} substituted
     * from {@code environment}, relative paths resolved against the file's directory.
     *
     * @throws ConfigException naming the key, the file, line and column, and what is allowed
     */
    public static LensConfig read(Path file, Map<String, String> environment) {
        return ConfigReader.read(file, environment);
    }

    /** Sets each of this file's properties in {@code target} unless it is set there already (-D wins). */
    public void applyTo(Properties target) {
        properties.forEach(target::putIfAbsent);
    }
}
