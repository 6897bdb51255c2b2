package dev.latencylens.internal.junit;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.internal.config.LensConfig;
import dev.latencylens.results.BenchmarkDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The JUnit Platform engine {@value #ID}: every benchmark listed on the class path is a test, grouped by its
 * class, and so is every benchmark of the configuration file {@code lens.config} names, grouped under the file's
 * name; a benchmark passes when it ran and met its {@code @Sla}.
 *
 * <p>It runs nothing unless enabled with the configuration parameter {@code lens.enabled=true} (the Maven plugin
 * sets it; in an IDE, add it as a system property or in {@code junit-platform.properties}), so a plain
 * {@code mvn test} never spends money on provider calls. Every other setting is a {@code lens.*} configuration
 * parameter (which JUnit also reads from system properties): see {@link BenchmarkSelection} and
 * {@link LensExecution}.
 */
public final class LensTestEngine implements TestEngine {

    public static final String ID = "latency-lens";
    public static final String ENABLED = "lens.enabled";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        LensEngineDescriptor engine = new LensEngineDescriptor(uniqueId);
        if (!request.getConfigurationParameters().getBoolean(ENABLED).orElse(false)) {
            return engine;
        }
        try {
            discover(request, engine);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A bad lens.* value or a stale benchmark list: reported as the engine's failure when it executes,
            // with the message naming the key, rather than as an anonymous discovery error.
            engine.configurationError = e;
        }
        return engine;
    }

    private static void discover(EngineDiscoveryRequest request, LensEngineDescriptor engine) {
        UniqueId uniqueId = engine.getUniqueId();
        // lens.config: the file's benchmarks run beside the annotated ones, its run and provider settings apply
        // where no -D set them (read first, so that the selection below sees them too).
        Optional<LensConfig> config = request.getConfigurationParameters().get(LensConfig.PROPERTY)
                .filter(v -> !v.isBlank()).map(v -> LensConfig.read(Path.of(v), System.getenv()));
        config.ifPresent(c -> c.applyTo(System.getProperties()));
        BenchmarkSelection selection = new BenchmarkSelection(request.getConfigurationParameters()::get);
        SelectorMatcher selectors = new SelectorMatcher(request, uniqueId);
        Map<String, BenchmarkClassDescriptor> classes = new HashMap<>();
        List<BenchmarkHarness> listed = new ArrayList<>(
                LatencyLens.discover(Thread.currentThread().getContextClassLoader()));
        Set<BenchmarkHarness> configured = new HashSet<>();
        config.ifPresent(c -> configured.addAll(c.benchmarks()));
        config.ifPresent(c -> listed.addAll(c.benchmarks()));
        engine.listed = listed.size();
        engine.selection = selection.toString();
        for (BenchmarkHarness harness : listed) {
            BenchmarkDescriptor d = harness.descriptor();
            if (!selection.selects(d)) {
                continue;
            }
            // A configured benchmark has no class: the file's name groups them.
            String className = configured.contains(harness) ? config.get().file().getFileName().toString()
                    : d.className().isEmpty() ? harness.getClass().getName() : d.className();
            UniqueId classId = uniqueId.append(BenchmarkClassDescriptor.SEGMENT, className);
            UniqueId testId = classId.append(BenchmarkTestDescriptor.SEGMENT, d.name());
            if (!selectors.selects(className, d.methodName(), testId)) {
                continue;
            }
            BenchmarkClassDescriptor parent = classes.computeIfAbsent(className, c -> {
                BenchmarkClassDescriptor created = new BenchmarkClassDescriptor(uniqueId, c);
                engine.addChild(created);
                return created;
            });
            parent.addChild(new BenchmarkTestDescriptor(parent.getUniqueId(), selection.apply(harness)));
        }
    }

    @Override
    public void execute(ExecutionRequest request) {
        if (request.getRootTestDescriptor() instanceof LensEngineDescriptor d && d.configurationError != null) {
            request.getEngineExecutionListener().executionStarted(d);
            request.getEngineExecutionListener().executionFinished(d, TestExecutionResult.failed(d.configurationError));
            return;
        }
        new LensExecution(request).run();
    }

    /**
     * The engine's root, remembering a configuration error found while discovering, and what was to choose from:
     * the benchmarks listed on the class path and the {@code lens.*} selection applied to them.
     */
    static final class LensEngineDescriptor extends EngineDescriptor {
        private RuntimeException configurationError;
        private int listed;
        private String selection = "";

        LensEngineDescriptor(UniqueId uniqueId) {
            super(uniqueId, "Latency Lens");
        }

        /** How many benchmarks the class path lists (0 when the engine is not enabled). */
        int listed() {
            return listed;
        }

        /** The {@code lens.*} selection, as the user wrote it; empty when none is set. */
        String selection() {
            return selection;
        }
    }
}
