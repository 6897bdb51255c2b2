package dev.latencylens.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The harness methods declare {@code throws Exception}, so a user method they call may declare exceptions and
 * errors but not {@code Throwable} itself (nor a type variable bounded by it): the harness would not compile.
 */
final class ThrowsCheck {

    private final Reporter reporter;
    private final Types types;
    private final TypeMirror exception;
    private final TypeMirror error;

    ThrowsCheck(Reporter reporter, Elements elements, Types types) {
        this.reporter = reporter;
        this.types = types;
        this.exception = elements.getTypeElement("java.lang.Exception").asType();
        this.error = elements.getTypeElement("java.lang.Error").asType();
    }

    /** @param subject how the message names the method, e.g. {@code "@Setup method init"} */
    boolean check(ExecutableElement method, String subject) {
        boolean ok = true;
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (thrown.getKind() == TypeKind.ERROR) {
                continue; // javac reports the unresolved type itself
            }
            if (!types.isSubtype(thrown, exception) && !types.isSubtype(thrown, error)) {
                reporter.error(subject + " declares 'throws " + thrown + "'; declare Exception (or its subclasses) "
                        + "instead, which the generated harness can pass on.", method);
                ok = false;
            }
        }
        return ok;
    }
}
