package dev.latencylens.processor;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The Latency Lens annotation processor: validates every {@code @LlmBenchmark}, {@code @Sla}, {@code @Workload},
 * {@code @Setup} and {@code @TearDown} method (each misuse is a compile error on the element to fix), generates one
 * {@code BenchmarkHarness} per valid benchmark, and lists the harnesses in {@code META-INF/latencylens/benchmarks}.
 *
 * <p>It is thin on purpose: everything that runs lives in the generated code and the runtime, so the processor
 * never depends on the runtime and names its types by name only.
 */
public final class LensProcessor extends AbstractProcessor {

    private static final List<String> ANNOTATIONS = List.of(BenchmarkCollector.LLM_BENCHMARK,
            BenchmarkCollector.SLA, BenchmarkCollector.WORKLOAD, BenchmarkCollector.SETUP,
            BenchmarkCollector.TEAR_DOWN);

    private Elements elements;
    private Filer filer;
    private Reporter reporter;
    private BenchmarkCollector collector;
    private HarnessGenerator generator;
    private BenchmarkListWriter listWriter;
    private LocalClassScanner localClasses;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        elements = env.getElementUtils();
        filer = env.getFiler();
        reporter = new Reporter(env.getMessager());
        ThrowsCheck throwsCheck = new ThrowsCheck(reporter, elements, env.getTypeUtils());
        collector = new BenchmarkCollector(elements, reporter, new ClassValidator(elements, reporter, throwsCheck),
                new MethodValidator(reporter, throwsCheck), new SettingsValidator(reporter),
                new WorkloadValidator(reporter));
        generator = new HarnessGenerator(
                elements.getTypeElement(HarnessGenerator.GENERATED.canonicalName()) != null);
        listWriter = new BenchmarkListWriter(filer, elements, reporter);
        localClasses = LocalClassScanner.create(env);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("dev.latencylens.annotations.*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /** Claims the annotations (returns true): no other processor has a use for them. */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            reporter.guard(null, listWriter::write);
            return true;
        }
        reporter.guard(null, () -> listWriter.recordCompiled(round.getRootElements()));
        for (TypeElement root : ElementFilter.typesIn(round.getRootElements())) {
            reporter.guard(root, () -> localClasses.scan(root));
        }
        for (TypeElement owner : owners(round)) {
            reporter.guard(owner, () -> collector.collect(owner)
                    .forEach(b -> reporter.guard(b.method(), () -> write(b))));
        }
        return true;
    }

    /** The classes declaring annotated methods, benchmark classes first, each once. */
    private Set<TypeElement> owners(RoundEnvironment round) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (String name : ANNOTATIONS) {
            TypeElement annotation = elements.getTypeElement(name);
            if (annotation == null) {
                continue;
            }
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                if (e.getEnclosingElement() instanceof TypeElement owner) {
                    owners.add(owner);
                }
            }
        }
        return owners;
    }

    private void write(Benchmark b) {
        try {
            generator.generate(b).writeTo(filer);
            listWriter.add(b);
        } catch (FilerException e) {
            // Another type of that name is being compiled or was generated already (e.g. a hand-written class
            // named like the harness); a second file would be a duplicate class.
            reporter.error("Latency Lens could not generate " + b.harness() + " for @LlmBenchmark method "
                    + b.methodName() + " (" + e.getMessage() + "); a type of that name already exists in this "
                    + "compilation: rename the method or the other type.", b.method());
        } catch (IOException e) {
            reporter.error("Latency Lens could not write " + b.harness() + ": " + e + "; check that the "
                    + "generated-sources directory is writable.", b.method());
        }
    }
}
