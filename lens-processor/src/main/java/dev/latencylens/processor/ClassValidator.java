package dev.latencylens.processor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks that the generated harness, a top-level class in the benchmark class's package, can reach and create the
 * benchmark class: public at every level, static nested, concrete, with a public no-argument constructor when an
 * instance method has to be called. Each class is checked once, however many benchmarks it holds.
 */
final class ClassValidator {

    private final Elements elements;
    private final Reporter reporter;
    private final ThrowsCheck throwsCheck;
    private final Map<TypeElement, Boolean> verdicts = new HashMap<>();
    // An enclosing class that is not public is reported once, not once per nested benchmark class.
    private final Set<TypeElement> reportedLevels = new HashSet<>();

    ClassValidator(Elements elements, Reporter reporter, ThrowsCheck throwsCheck) {
        this.elements = elements;
        this.reporter = reporter;
        this.throwsCheck = throwsCheck;
    }

    /**
     * Whether a harness can use {@code type}; reports every problem on the class (or enclosing class) to edit.
     *
     * @param instanceMethods the class's annotated instance methods, which need an instance to be called on
     */
    boolean validate(TypeElement type, List<ExecutableElement> instanceMethods) {
        Boolean verdict = verdicts.get(type);
        if (verdict == null) {
            int errorsBefore = reporter.errorCount();
            boolean levelsOk = check(type, instanceMethods);
            verdict = levelsOk && reporter.errorCount() == errorsBefore;
            verdicts.put(type, verdict);
        }
        return verdict;
    }

    /** Whether {@code type} has a public constructor without parameters (the implicit one of a public class has). */
    static boolean hasPublicNoArgConstructor(TypeElement type) {
        return publicNoArgConstructor(type) != null;
    }

    /** Reports what is wrong; returns false also for a problem reported earlier (an enclosing class). */
    private boolean check(TypeElement type, List<ExecutableElement> instanceMethods) {
        String name = Names.simpleNames(type, ".");
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            reporter.error("Benchmark class " + type + " is a " + type.getNestingKind().name().toLowerCase()
                    + " class; declare benchmark methods in a public top-level or public static nested class, which"
                    + " the generated harness can reach.", type);
            return false;
        }
        if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
            reporter.error(name + " is " + kindName(type.getKind()) + "; declare benchmark methods in a public class.",
                    type);
            return false;
        }
        boolean levelsOk = checkLevels(type);
        if (type.getModifiers().contains(Modifier.ABSTRACT)) {
            reporter.error("Benchmark class " + name + " is abstract, but the harness must create it; remove "
                    + "'abstract', or move the benchmark methods into a concrete class.", type);
        }
        ExecutableElement constructor = publicNoArgConstructor(type);
        if (!instanceMethods.isEmpty() && constructor == null && !hasImplicitConstructor(type)) {
            reporter.error("Benchmark class " + name + " has no public no-argument constructor, which its instance "
                    + "method " + instanceMethods.get(0).getSimpleName() + " needs; add 'public "
                    + type.getSimpleName() + "() {}', or make its @LlmBenchmark, @Setup and @TearDown methods "
                    + "static.", type);
        }
        if (constructor != null) {
            throwsCheck.check(constructor, "The constructor of " + name);
        }
        return levelsOk;
    }

    /**
     * Every level from the class outward must be public, and every nested level static. Returns whether they are;
     * a problem of an enclosing class is reported once, however many benchmark classes it encloses.
     */
    private boolean checkLevels(TypeElement type) {
        boolean ok = true;
        for (Element e = type; e instanceof TypeElement level; e = e.getEnclosingElement()) {
            boolean isBenchmarkClass = level == type;
            boolean report = isBenchmarkClass || reportedLevels.add(level);
            String levelName = Names.simpleNames(level, ".");
            String subject = isBenchmarkClass ? "Benchmark class " + levelName
                    : "Class " + levelName + ", which encloses benchmark class " + Names.simpleNames(type, ".") + ",";
            if (!level.getModifiers().contains(Modifier.PUBLIC)) {
                ok = false;
                if (report) {
                    reporter.error(subject + " is not public; declare it 'public' so the generated harness can "
                            + "reach it.", level);
                }
            }
            if (level.getNestingKind() == NestingKind.MEMBER && !level.getModifiers().contains(Modifier.STATIC)) {
                ok = false;
                if (report) {
                    reporter.error(subject + " is an inner class; declare it 'static' (a static nested class) so "
                            + "the harness can create it without an instance of "
                            + Names.simpleNames((TypeElement) level.getEnclosingElement(), ".") + ".", level);
                }
            }
        }
        return ok;
    }

    /**
     * The implicit constructor has the access of its class: making a non-public class public (reported already)
     * makes it public too, so it needs no message of its own.
     */
    private boolean hasImplicitConstructor(TypeElement type) {
        return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(c -> elements.getOrigin(c) == Elements.Origin.MANDATED);
    }

    private static ExecutableElement publicNoArgConstructor(TypeElement type) {
        for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
                return c;
            }
        }
        return null;
    }

    private static String kindName(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation type";
            default -> "a " + kind.name().toLowerCase();
        };
    }
}
