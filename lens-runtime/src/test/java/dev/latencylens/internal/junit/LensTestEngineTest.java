package dev.latencylens.internal.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventStatistics;

/** The engine through JUnit's own test kit: discovery, selection, SLA failures and the reports it writes. */
class LensTestEngineTest {

    private static EngineTestKit.Builder kit(Path reports) {
        return EngineTestKit.engine(LensTestEngine.ID)
                .configurationParameter(LensTestEngine.ENABLED, "true")
                .configurationParameter("lens.reportsDirectory", reports.toString());
    }

    @Test
    void runsNothingUnlessEnabled() {
        EngineTestKit.engine(LensTestEngine.ID).selectors(selectClass(FixtureBenchmarks.class)).execute()
                .testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void eachBenchmarkIsATestAndAnSlaBreachFailsIt(@TempDir Path reports) {
        var events = kit(reports).selectors(selectUniqueId(UniqueId.forEngine(LensTestEngine.ID))).execute();

        events.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        events.testEvents().assertThatEvents()
                .haveExactly(1, event(test("fixture.fast"), finishedSuccessfully()))
                .haveExactly(1, event(test("fixture.impossibleSla"), finishedWithFailure(
                        instanceOf(SlaFailure.class), message(m -> m.contains("TTFT p50")
                                && m.contains("ttftP50Ms 0.0 ms")))));
        for (String report : new String[]{"results.json", "requests.jsonl", "results.csv", "summary.md",
                "jmh-result.json", "report.html", "TEST-lens.xml"}) {
            assertThat(reports.resolve(report)).as(report).exists();
        }
    }

    @Test
    void selectionByMethodAndByIncludes(@TempDir Path reports) {
        kit(reports).selectors(selectMethod("dev.latencylens.internal.junit.FixtureBenchmarks#fast")).execute()
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        kit(reports).selectors(selectUniqueId(UniqueId.forEngine(LensTestEngine.ID)))
                .configurationParameter("lens.tags", "smoke").execute()
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        kit(reports).selectors(selectUniqueId(UniqueId.forEngine(LensTestEngine.ID)))
                .configurationParameter("lens.excludes", "fixture\\.fast").execute()
                .testEvents().assertStatistics(s -> s.started(1).failed(1));
    }

    /** What an IDE sends for a run icon: the user's class, or its method (with its parameter types or without). */
    @Test
    void discoveryFindsWhatAnIdeSelectsAndKnowsHowManyWereListed() {
        LensTestEngine.LensEngineDescriptor byMethod = discover(
                selectMethod("dev.latencylens.internal.junit.FixtureBenchmarks#fast"), Map.of());
        assertThat(tests(byMethod)).containsExactly("fixture.fast");
        assertThat(byMethod.listed()).isEqualTo(2);
        assertThat(byMethod.selection()).isEmpty();

        assertThat(tests(discover(selectMethod(
                "dev.latencylens.internal.junit.FixtureBenchmarks#impossibleSla(dev.latencylens.api.Iteration)"),
                Map.of()))).containsExactly("fixture.impossibleSla");
        assertThat(tests(discover(selectClass("dev.latencylens.internal.junit.FixtureBenchmarks"), Map.of())))
                .containsExactlyInAnyOrder("fixture.fast", "fixture.impossibleSla");

        LensTestEngine.LensEngineDescriptor selected = discover(selectUniqueId(UniqueId.forEngine(LensTestEngine.ID)),
                Map.of("lens.includes", "fixture\\..*", "lens.tags", "smoke"));
        assertThat(tests(selected)).containsExactly("fixture.fast");
        assertThat(selected.selection()).isEqualTo("lens.includes=fixture\\..*, lens.tags=smoke");
    }

    private static LensTestEngine.LensEngineDescriptor discover(DiscoverySelector selector,
                                                                Map<String, String> config) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selector)
                .configurationParameter(LensTestEngine.ENABLED, "true").configurationParameters(config).build();
        return (LensTestEngine.LensEngineDescriptor) new LensTestEngine().discover(request,
                UniqueId.forEngine(LensTestEngine.ID));
    }

    private static List<String> tests(TestDescriptor root) {
        return root.getDescendants().stream().filter(TestDescriptor::isTest).map(TestDescriptor::getDisplayName)
                .toList();
    }

    @Test
    void overridesApplyAndABadOneNamesItsKey(@TempDir Path reports) throws Exception {
        kit(reports).selectors(selectMethod("dev.latencylens.internal.junit.FixtureBenchmarks#fast"))
                .configurationParameter("lens.iterations", "7").execute()
                .testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(Files.readString(reports.resolve("results.json"))).contains("\"iterations\" : 7");

        var events = kit(reports).selectors(selectUniqueId(UniqueId.forEngine(LensTestEngine.ID)))
                .configurationParameter("lens.iterations", "lots").execute();
        assertThat(events.allEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                .map(r -> r.getThrowable().map(Throwable::getMessage).orElse("")))
                .anySatisfy(m -> assertThat(m).contains("lens.iterations"));
    }

    @Test
    void exitCodesSeparateGatesFromBrokenTools() {
        LensLauncherMain.Outcomes passed = new LensLauncherMain.Outcomes();
        passed.executionFinished(testId(), org.junit.platform.engine.TestExecutionResult.successful());
        assertThat(passed.exitCode(true)).isEqualTo(LensLauncherMain.OK);

        LensLauncherMain.Outcomes sla = new LensLauncherMain.Outcomes();
        sla.executionFinished(testId(), org.junit.platform.engine.TestExecutionResult.failed(
                new SlaFailure("x", java.util.List.of("too slow"))));
        assertThat(sla.exitCode(true)).isEqualTo(LensLauncherMain.GATE_FAILED);
        assertThat(sla.exitCode(false)).isEqualTo(LensLauncherMain.OK);

        LensLauncherMain.Outcomes broken = new LensLauncherMain.Outcomes();
        broken.executionFinished(testId(), org.junit.platform.engine.TestExecutionResult.failed(
                new IllegalStateException("no key")));
        assertThat(broken.exitCode(true)).isEqualTo(LensLauncherMain.TOOL_FAILED);

        assertThat(new LensLauncherMain.Outcomes().exitCode(true)).isEqualTo(LensLauncherMain.TOOL_FAILED);

        // no successful request: its own code, which failOnSlaViolation=false does not excuse
        LensLauncherMain.Outcomes nothing = new LensLauncherMain.Outcomes();
        nothing.executionFinished(testId(), org.junit.platform.engine.TestExecutionResult.failed(
                new NoSuccessFailure("x", java.util.List.of("all 2 requests failed: 2 × connection failed"))));
        assertThat(nothing.exitCode(true)).isEqualTo(LensLauncherMain.NO_SUCCESS);
        assertThat(nothing.exitCode(false)).isEqualTo(LensLauncherMain.NO_SUCCESS);
    }

    private static org.junit.platform.launcher.TestIdentifier testId() {
        var descriptor = new BenchmarkTestDescriptor(UniqueId.forEngine(LensTestEngine.ID),
                new FixtureBenchmarks.Fast());
        return org.junit.platform.launcher.TestIdentifier.from(descriptor);
    }
}
