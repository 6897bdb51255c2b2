package dev.latencylens.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Reports misuses as compile diagnostics on the element (and annotation value) the user has to edit, so the IDE
 * underlines the exact spot. Every message is a full sentence that says what to write instead.
 */
final class Reporter {

    private final Messager messager;
    private int errors;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    /** An error about the compilation as a whole, not about one element. */
    void error(String message) {
        errors++;
        messager.printMessage(Kind.ERROR, message);
    }

    void error(String message, Element element) {
        errors++;
        messager.printMessage(Kind.ERROR, message, element);
    }

    /** {@code value} is null when the attribute holds its default: javac then points at the annotation. */
    void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        errors++;
        messager.printMessage(Kind.ERROR, message, element, annotation, value);
    }

    void warning(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        messager.printMessage(Kind.WARNING, message, element, annotation, value);
    }

    /**
     * Runs {@code work} for {@code element}; a {@link RuntimeException} (a bug of the processor) becomes one compile
     * error on that element, and the processor goes on with the next element.
     */
    void guard(Element element, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            processorFailure(element, e);
        }
    }

    /** Reports a bug of the processor itself as one readable error instead of a javac stack trace. */
    private void processorFailure(Element element, RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length > 0 ? " (at " + trace[0] + ")" : "";
        String message = "Latency Lens processor failed on " + (element == null ? "the benchmark list" : describe(element))
                + ": " + e + where + "; please report this.";
        errors++;
        if (element == null) {
            messager.printMessage(Kind.ERROR, message);
        } else {
            messager.printMessage(Kind.ERROR, message, element);
        }
    }

    /** The number of errors reported so far, so a caller can tell whether a check added one. */
    int errorCount() {
        return errors;
    }

    private static String describe(Element element) {
        Element enclosing = element.getEnclosingElement();
        return element.getKind().isClass() || element.getKind().isInterface() || enclosing == null
                ? element.toString()
                : enclosing + "." + element.getSimpleName();
    }
}
