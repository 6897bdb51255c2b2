package dev.latencylens.cli;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.export.Monitor;
import dev.latencylens.export.MonitorOptions;
import dev.latencylens.internal.config.LensConfig;
import dev.latencylens.internal.junit.BenchmarkSelection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lens monitor lens.yaml}: the benchmarks of a configuration file probed on a schedule, as
 * {@code mvn lens:monitor} does (README, "Continuous monitoring"): {@code /metrics} for Prometheus, an interval log,
 * drift alerts. Runs until stopped (Ctrl-C, SIGTERM) or for {@code --duration}.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Probe the benchmarks of a configuration file on a schedule: a few sequential requests per "
                + "interval, /metrics for Prometheus, an .hlog interval log, drift alerts (log line, webhook, "
                + "lens_alert).", "Every lens.monitor.* property of mvn lens:monitor may also be given with -D."},
        footer = {"", "Example: lens monitor lens.yaml --interval 60s --metrics-port 9464",
            "Exit codes: 0 stopped, 2 usage or configuration error."})
final class MonitorCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file, e.g. lens.yaml.")
    Path file;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Between rounds of probes (60s, PT1M).")
    String interval;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Where /metrics is served (9464).")
    Integer metricsPort;

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "Where an alert is POSTed as JSON with a "
            + "Slack-compatible text field.")
    String alertWebhook;

    @Option(names = "--baseline", paramLabel = "PATH", description = "What drift is judged against: a results.json, "
            + "its directory, or a directory of runs (default: the monitor's own first rounds).")
    Path baseline;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (PT10M); default: run "
            + "until stopped.")
    String duration;

    @Option(names = "--simulate", description = "Probe the embedded simulator instead of the providers.")
    boolean simulate;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where the interval log goes (lens-results).")
    Path out;

    @Override
    public Integer call() {
        LensConfig config = LensConfig.read(file, System.getenv());
        Map<String, String> settings = new LinkedHashMap<>(config.properties());
        put(settings, "lens.monitor.interval", interval);
        put(settings, "lens.monitor.metricsPort", metricsPort);
        put(settings, "lens.monitor.alertWebhook", alertWebhook);
        put(settings, "lens.monitor.baseline", baseline == null ? null : baseline.toAbsolutePath());
        put(settings, "lens.monitor.duration", duration);
        put(settings, "lens.simulate", simulate ? "true" : null);
        put(settings, "lens.reportsDirectory", out);
        settings.forEach(System::setProperty);
        System.getProperties().putIfAbsent("lens.reportsDirectory", RunSettings.DEFAULT_OUT.toString());
        BenchmarkSelection selection = new BenchmarkSelection(k -> Optional.ofNullable(System.getProperty(k)));
        List<BenchmarkHarness> selected = config.benchmarks().stream().filter(b -> selection.selects(b.descriptor()))
                .map(selection::apply).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("nothing to monitor: " + config.benchmarks().size()
                    + " benchmark(s) defined, none left after " + selection);
        }
        Monitor.run(selected, RunOptions.fromSystemProperties(), MonitorOptions.fromSystemProperties());
        return LensCli.OK;
    }

    private static void put(Map<String, String> settings, String key, Object value) {
        if (value != null) {
            settings.put(key, value.toString());
        }
    }
}
