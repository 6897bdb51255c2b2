package dev.latencylens.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * One annotation on one element, read through its mirror rather than {@code getAnnotation}: the mirror tells an
 * explicit value (an error can point at it) from a default, and an erroneous value (one javac already reports,
 * e.g. an unresolved constant) does not throw.
 *
 * <p>Typed getters return {@code null} for a value of the wrong type; the caller then skips the benchmark without
 * a message of its own, because javac reports the underlying error.
 */
final class AnnotationValues {

    private final AnnotationMirror mirror;
    private final Map<String, AnnotationValue> explicit = new HashMap<>();
    private final Map<String, AnnotationValue> withDefaults = new HashMap<>();

    private AnnotationValues(Elements elements, AnnotationMirror mirror) {
        this.mirror = mirror;
        mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
        elements.getElementValuesWithDefaults(mirror)
                .forEach((k, v) -> withDefaults.put(k.getSimpleName().toString(), v));
    }

    /** The annotation named {@code qualifiedName} on {@code element}, if present. */
    static Optional<AnnotationValues> of(Elements elements, Element element, String qualifiedName) {
        return find(element, qualifiedName).map(m -> new AnnotationValues(elements, m));
    }

    static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            Element type = m.getAnnotationType().asElement();
            if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    AnnotationMirror mirror() {
        return mirror;
    }

    /** The value as written, or {@code null} when the attribute holds its default. */
    AnnotationValue explicit(String name) {
        return explicit.get(name);
    }

    Integer intValue(String name) {
        return raw(name) instanceof Integer i ? i : null;
    }

    Long longValue(String name) {
        return raw(name) instanceof Long l ? l : null;
    }

    Double doubleValue(String name) {
        return raw(name) instanceof Double d ? d : null;
    }

    String stringValue(String name) {
        return raw(name) instanceof String s ? s : null;
    }

    /** The simple name of an enum constant value. */
    String enumValue(String name) {
        return raw(name) instanceof VariableElement v ? v.getSimpleName().toString() : null;
    }

    List<String> stringList(String name) {
        if (!(raw(name) instanceof List<?> list)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof AnnotationValue v) || !(v.getValue() instanceof String s)) {
                return null;
            }
            strings.add(s);
        }
        return strings;
    }

    private Object raw(String name) {
        AnnotationValue v = withDefaults.get(name);
        return v == null ? null : v.getValue();
    }
}
