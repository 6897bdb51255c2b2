package dev.latencylens.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/latencylens/benchmarks}: the fully qualified names of every harness of the module, one a
 * line, sorted, so the runtime finds the benchmarks without scanning the class path.
 *
 * <p>An incremental build compiles only some classes, so the list is the merge of the harnesses generated now and
 * the entries of the list already in the class output that are still valid. An old entry is kept only if
 * <ol>
 *   <li>its harness class still resolves (it is on the class path, as the class output is in Maven builds);</li>
 *   <li>its benchmark class, which the harness records in a constant, is <em>not</em> compiled now: for a class
 *       compiled now, the harnesses generated now are exactly its benchmarks, so a removed, renamed or invalid
 *       benchmark drops out;</li>
 *   <li>that benchmark class still resolves and still has the method, annotated {@code @LlmBenchmark}.</li>
 * </ol>
 * Anything that cannot be verified is dropped: a missing benchmark is noticed at once, a stale one would fail the
 * run. The list is written once, in the last round, when every harness of the compilation is known.
 */
final class BenchmarkListWriter {

    static final String RESOURCE = "META-INF/latencylens/benchmarks";

    private final Filer filer;
    private final Elements elements;
    private final Reporter reporter;
    private final SortedSet<String> generated = new TreeSet<>();
    private final Set<String> compiledTypes = new HashSet<>();
    private final Set<Element> originatingElements = new LinkedHashSet<>();

    BenchmarkListWriter(Filer filer, Elements elements, Reporter reporter) {
        this.filer = filer;
        this.elements = elements;
        this.reporter = reporter;
    }

    /** Records the types compiled in a round, nested ones included: their old entries are replaced, not kept. */
    void recordCompiled(Set<? extends Element> rootElements) {
        for (TypeElement type : ElementFilter.typesIn(rootElements)) {
            recordCompiled(type);
        }
    }

    private void recordCompiled(TypeElement type) {
        compiledTypes.add(type.getQualifiedName().toString());
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            recordCompiled(nested);
        }
    }

    /** Records a harness written in this compilation. */
    void add(Benchmark benchmark) {
        generated.add(benchmark.harness().canonicalName());
        originatingElements.add(benchmark.type());
    }

    /** Merges with the existing list and writes the result; call once, in the last round. */
    void write() {
        SortedSet<String> lines = new TreeSet<>(generated);
        for (String old : existingEntries()) {
            if (!generated.contains(old) && stillValid(old)) {
                lines.add(old);
            }
        }
        try {
            FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE,
                    originatingElements.toArray(Element[]::new));
            try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        } catch (FilerException e) {
            // Only one processor instance may write the list; a second one means it runs twice in one compilation.
            reporter.error("Latency Lens could not write " + RESOURCE + " (" + e.getMessage() + "); another "
                    + "annotation processor already wrote it: make sure the Latency Lens processor is configured "
                    + "only once (annotationProcessorPaths or the class path, not both with different versions).");
        } catch (IOException e) {
            reporter.error("Latency Lens could not write " + RESOURCE + ": " + e + "; check that the class output "
                    + "directory is writable.");
        }
    }

    /** The entries of the list in the class output; none on a clean build. */
    private List<String> existingEntries() {
        List<String> entries = new ArrayList<>();
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String entry = line.trim();
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        entries.add(entry);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            // No list yet (a clean build), or a file manager that cannot read its output: nothing to keep.
            return List.of();
        }
        return entries;
    }

    private boolean stillValid(String harnessName) {
        TypeElement harness = elements.getTypeElement(harnessName);
        if (harness == null) {
            return false;
        }
        String sourceClass = constant(harness, HarnessGenerator.SOURCE_CLASS_FIELD);
        String sourceMethod = constant(harness, HarnessGenerator.SOURCE_METHOD_FIELD);
        if (sourceClass == null || sourceMethod == null || compiledTypes.contains(sourceClass)) {
            return false;
        }
        TypeElement source = elements.getTypeElement(sourceClass);
        if (source == null) {
            return false;
        }
        for (ExecutableElement m : ElementFilter.methodsIn(source.getEnclosedElements())) {
            if (m.getSimpleName().contentEquals(sourceMethod)
                    && AnnotationValues.find(m, BenchmarkCollector.LLM_BENCHMARK).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String constant(TypeElement type, String name) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals(name) && field.getConstantValue() instanceof String s) {
                return s;
            }
        }
        return null;
    }
}
