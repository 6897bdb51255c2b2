package dev.latencylens.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Setup;
import dev.latencylens.annotations.Sla;
import dev.latencylens.annotations.TearDown;
import dev.latencylens.annotations.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Turns one class's annotated methods into validated {@link Benchmark}s: runs every check on every method (so one
 * bad method does not hide another's errors) and keeps only the benchmarks that passed them all. Remembers the
 * names already taken in this compilation, across rounds.
 */
final class BenchmarkCollector {

    static final String LLM_BENCHMARK = LlmBenchmark.class.getCanonicalName();
    static final String SLA = Sla.class.getCanonicalName();
    static final String SETUP = Setup.class.getCanonicalName();
    static final String TEAR_DOWN = TearDown.class.getCanonicalName();
    static final String WORKLOAD = Workload.class.getCanonicalName();

    private final Elements elements;
    private final Reporter reporter;
    private final ClassValidator classValidator;
    private final MethodValidator methodValidator;
    private final SettingsValidator settingsValidator;
    private final WorkloadValidator workloadValidator;
    private final Map<String, ExecutableElement> methodsByName = new HashMap<>();
    private final Map<ClassName, ExecutableElement> methodsByHarness = new HashMap<>();

    BenchmarkCollector(Elements elements, Reporter reporter, ClassValidator classValidator,
            MethodValidator methodValidator, SettingsValidator settingsValidator,
            WorkloadValidator workloadValidator) {
        this.elements = elements;
        this.reporter = reporter;
        this.classValidator = classValidator;
        this.methodValidator = methodValidator;
        this.settingsValidator = settingsValidator;
        this.workloadValidator = workloadValidator;
    }

    /** The valid benchmarks of {@code type}, in source order; every misuse in it is reported. */
    List<Benchmark> collect(TypeElement type) {
        List<ExecutableElement> methods = ElementFilter.methodsIn(type.getEnclosedElements());
        boolean hasBenchmarks = methods.stream().anyMatch(m -> has(m, LLM_BENCHMARK));
        List<LifecycleMethod> setups = new ArrayList<>();
        List<LifecycleMethod> tearDowns = new ArrayList<>();
        boolean lifecycleOk = lifecycle(type, methods, hasBenchmarks, SETUP, setups)
                & lifecycle(type, methods, hasBenchmarks, TEAR_DOWN, tearDowns);
        for (ExecutableElement m : methods) {
            AnnotationValues.find(m, SLA).filter(sla -> !has(m, LLM_BENCHMARK)).ifPresent(sla -> reporter.error(
                    "@Sla on method " + m.getSimpleName() + ", which has no @LlmBenchmark; put @Sla on the "
                    + "@LlmBenchmark method whose results it bounds.", m, sla, null));
            AnnotationValues.find(m, WORKLOAD).filter(w -> !has(m, LLM_BENCHMARK)).ifPresent(w -> reporter.error(
                    "@Workload on method " + m.getSimpleName() + ", which has no @LlmBenchmark; put @Workload on the "
                    + "@LlmBenchmark method whose requests it makes.", m, w, null));
        }
        if (!hasBenchmarks) {
            return List.of();
        }
        List<ExecutableElement> instanceMethods = methods.stream()
                .filter(m -> has(m, LLM_BENCHMARK) || has(m, SETUP) || has(m, TEAR_DOWN))
                .filter(m -> !m.getModifiers().contains(Modifier.STATIC))
                .toList();
        boolean classOk = classValidator.validate(type, instanceMethods);
        List<Benchmark> benchmarks = new ArrayList<>();
        for (ExecutableElement m : methods) {
            if (has(m, LLM_BENCHMARK)) {
                reporter.guard(m, () -> benchmark(type, m, setups, tearDowns)
                        .filter(b -> classOk && lifecycleOk)
                        .ifPresent(benchmarks::add));
            }
        }
        return benchmarks;
    }

    /** Validates the class's {@code @Setup} (or {@code @TearDown}) methods and adds the valid ones to {@code out}. */
    private boolean lifecycle(TypeElement type, List<ExecutableElement> methods, boolean hasBenchmarks,
            String annotation, List<LifecycleMethod> out) {
        String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
        boolean ok = true;
        for (ExecutableElement m : methods) {
            Optional<javax.lang.model.element.AnnotationMirror> mirror = AnnotationValues.find(m, annotation);
            if (mirror.isEmpty()) {
                continue;
            }
            if (!hasBenchmarks) {
                reporter.error("@" + simple + " method " + m.getSimpleName() + " is in " + Names.simpleNames(type, ".")
                        + ", which has no @LlmBenchmark method; move it into the benchmark class it serves.",
                        m, mirror.get(), null);
                ok = false;
            } else if (has(m, LLM_BENCHMARK)) {
                reporter.error("Method " + m.getSimpleName() + " is both @LlmBenchmark and @" + simple + "; split "
                        + "it into a benchmark method and a separate @" + simple + " method.", m, mirror.get(), null);
                ok = false;
            } else if (methodValidator.validateLifecycle(m, simple)) {
                out.add(new LifecycleMethod(m.getSimpleName().toString(), m.getModifiers().contains(Modifier.STATIC)));
            } else {
                ok = false;
            }
        }
        return ok;
    }

    private Optional<Benchmark> benchmark(TypeElement type, ExecutableElement method, List<LifecycleMethod> setups,
            List<LifecycleMethod> tearDowns) {
        AnnotationValues benchmark = AnnotationValues.of(elements, method, LLM_BENCHMARK).orElseThrow();
        AnnotationValues sla = AnnotationValues.of(elements, method, SLA).orElse(null);
        Optional<AnnotationValues> workload = AnnotationValues.of(elements, method, WORKLOAD);
        boolean shapeOk = methodValidator.validateBenchmark(method, workload.isPresent());
        boolean replaysTrace = workload.map(w -> w.stringValue("trace")).filter(t -> !t.isBlank()).isPresent();
        Optional<BenchmarkSettings> settings =
                settingsValidator.validate(method, benchmark, sla, Names.display(type, method), replaysTrace);
        Optional<WorkloadSettings> workloadSettings = workload.flatMap(w -> workloadValidator.validate(method, w,
                benchmark));
        if (workload.isEmpty()) {
            workloadValidator.withoutWorkload(method, benchmark);
        }
        boolean unique = settings.map(s -> uniqueName(method, benchmark, s.name())).orElse(true)
                & uniqueHarness(type, method);
        if (!shapeOk || settings.isEmpty() || workload.isPresent() != workloadSettings.isPresent() || !unique) {
            return Optional.empty();
        }
        return Optional.of(new Benchmark(
                type,
                method,
                Names.harness(elements, type, method),
                ownerType(type),
                ClassValidator.hasPublicNoArgConstructor(type),
                type.getQualifiedName().toString(),
                elements.getBinaryName(type).toString(),
                Names.display(type, method),
                method.getModifiers().contains(Modifier.STATIC),
                MethodValidator.isNamed(method.getReturnType(), MethodValidator.STRING),
                !method.getParameters().isEmpty(),
                setups,
                tearDowns,
                settings.get(),
                workloadSettings,
                benchmark.explicit("iterations") != null));
    }

    /** Names select benchmarks and key reports and baselines, so two benchmarks must not share one. */
    private boolean uniqueName(ExecutableElement method, AnnotationValues benchmark, String name) {
        ExecutableElement first = methodsByName.putIfAbsent(name, method);
        if (first == null || first.equals(method)) {
            return true;
        }
        reporter.error("Benchmark name \"" + name + "\" is already used by " + describe(first) + "; benchmark "
                + "names must be unique: write name = \"<another name>\" on one of them.",
                method, benchmark.mirror(), benchmark.explicit("name"));
        return false;
    }

    /** Overloaded benchmark methods (or classes named like {@code A_B} next to {@code A.B}) would share a harness. */
    private boolean uniqueHarness(TypeElement type, ExecutableElement method) {
        ClassName harness = Names.harness(elements, type, method);
        ExecutableElement first = methodsByHarness.putIfAbsent(harness, method);
        if (first == null || first.equals(method)) {
            return true;
        }
        reporter.error("@LlmBenchmark method " + method.getSimpleName() + " would be run by the generated class "
                + harness.simpleName() + ", which already runs " + describe(first) + "; give benchmark methods "
                + "distinct names (no overloads).", method);
        return false;
    }

    /** The type the harness casts the instance to: a generic class with wildcards, so no unchecked warning. */
    private static TypeName ownerType(TypeElement type) {
        ClassName raw = ClassName.get(type);
        if (type.getTypeParameters().isEmpty()) {
            return raw;
        }
        TypeName[] wildcards = type.getTypeParameters().stream()
                .map(p -> WildcardTypeName.subtypeOf(Object.class))
                .toArray(TypeName[]::new);
        return ParameterizedTypeName.get(raw, wildcards);
    }

    private static String describe(ExecutableElement method) {
        return method.getEnclosingElement() + "." + method.getSimpleName();
    }

    private static boolean has(ExecutableElement method, String annotation) {
        return AnnotationValues.find(method, annotation).isPresent();
    }
}
