package dev.latencylens.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A benchmark method that passed every check: everything the harness generator needs, and nothing it has to
 * look up in the compiler's model again.
 *
 * @param type            the benchmark class (an originating element of the harness)
 * @param method          the {@code @LlmBenchmark} method (an originating element of the harness)
 * @param harness         the generated class, {@code <package>.<Outer>_<Nested>_<method>_LensHarness}
 * @param ownerType       the benchmark class as the harness casts to it (wildcards for a generic class)
 * @param instantiable    whether the class has a public no-argument constructor
 * @param canonicalName   the class's canonical name, recorded in the harness for incremental builds
 * @param binaryName      the class's binary name ({@code com.acme.Outer$Nested}), as the descriptor reports it
 * @param displayName     {@code Outer.Nested.method}, for messages at run time
 * @param isStatic        whether the benchmark method is static
 * @param returnsString   whether it returns the user message rather than a {@code ChatRequest}
 * @param takesIteration  whether it takes the {@code Iteration} parameter
 * @param setups          the class's {@code @Setup} methods in source order
 * @param tearDowns       the class's {@code @TearDown} methods in source order
 * @param settings        the annotation values
 * @param workload        the {@code @Workload}'s values, when it has one
 * @param iterationsSet   whether {@code iterations} is written (a trace replays all its lines unless it is)
 */
record Benchmark(
        TypeElement type,
        ExecutableElement method,
        ClassName harness,
        TypeName ownerType,
        boolean instantiable,
        String canonicalName,
        String binaryName,
        String displayName,
        boolean isStatic,
        boolean returnsString,
        boolean takesIteration,
        List<LifecycleMethod> setups,
        List<LifecycleMethod> tearDowns,
        BenchmarkSettings settings,
        Optional<WorkloadSettings> workload,
        boolean iterationsSet) {

    Benchmark {
        setups = List.copyOf(setups);
        tearDowns = List.copyOf(tearDowns);
    }

    String methodName() {
        return method.getSimpleName().toString();
    }
}
