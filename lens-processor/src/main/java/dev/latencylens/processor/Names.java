package dev.latencylens.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** How benchmarks and their harnesses are named; one place, so the harness name and the default name agree. */
final class Names {

    static final String HARNESS_SUFFIX = "_LensHarness";

    private Names() {
    }

    /** The class and the classes enclosing it, outermost first. */
    static List<TypeElement> nesting(TypeElement type) {
        Deque<TypeElement> levels = new ArrayDeque<>();
        for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            levels.addFirst(t);
        }
        return List.copyOf(levels);
    }

    /** {@code Outer.Nested}: the simple names of every level, so nested classes of different outers stay apart. */
    static String simpleNames(TypeElement type, String separator) {
        return nesting(type).stream().map(t -> t.getSimpleName().toString()).collect(Collectors.joining(separator));
    }

    /** {@code <package>.<Outer>_<Nested>_<method>_LensHarness}: a top-level class next to the benchmark class, so it
     *  sees the same package and needs no import of the user's class. */
    static ClassName harness(Elements elements, TypeElement type, ExecutableElement method) {
        String pkg = elements.getPackageOf(type).getQualifiedName().toString();
        return ClassName.get(pkg, simpleNames(type, "_") + "_" + method.getSimpleName() + HARNESS_SUFFIX);
    }

    /** {@code Outer.Nested.method} (or {@code SupportBotLatency.shortAnswer} for a top-level class): readable in a
     *  report and unique unless two packages hold classes of the same name. */
    static String display(TypeElement type, ExecutableElement method) {
        return simpleNames(type, ".") + "." + method.getSimpleName();
    }
}
