package dev.latencylens.processor;

import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks the shape of annotated methods: what the generated harness calls directly, without reflection, must be
 * public and concrete, and take and return only what the harness can pass and use.
 */
final class MethodValidator {

    static final String STRING = "java.lang.String";
    static final String CHAT_REQUEST = "dev.latencylens.api.ChatRequest";
    static final String ITERATION = "dev.latencylens.api.Iteration";

    private final Reporter reporter;
    private final ThrowsCheck throwsCheck;

    MethodValidator(Reporter reporter, ThrowsCheck throwsCheck) {
        this.reporter = reporter;
        this.throwsCheck = throwsCheck;
    }

    /**
     * Checks an {@code @LlmBenchmark} method; returns whether a harness can call it. Without a {@code @Workload} it
     * returns its request (a {@code String} or a {@code ChatRequest}); with one, the workload makes the requests and
     * the method returns {@code void} and takes nothing (its body is never called).
     */
    boolean validateBenchmark(ExecutableElement method, boolean hasWorkload) {
        String subject = "@LlmBenchmark method " + method.getSimpleName();
        boolean ok = isPublicAndConcrete(method, subject);
        TypeMirror returned = method.getReturnType();
        if (hasWorkload) {
            return workloadShape(method, subject) && throwsCheck.check(method, subject) && ok;
        }
        if (returned.getKind() == TypeKind.ERROR) {
            ok = false; // javac reports the unresolved type; a second message would only confuse
        } else if (returned.getKind() == TypeKind.VOID) {
            reporter.error(subject + " returns void; return a String (the user message) or a " + CHAT_REQUEST
                    + ", or add @Workload to send synthetic prompts, a dataset or a trace.", method);
            ok = false;
        } else if (!isNamed(returned, STRING) && !isNamed(returned, CHAT_REQUEST)) {
            reporter.error(subject + " returns " + returned + "; return a String (the user message) or a "
                    + CHAT_REQUEST + ".", method);
            ok = false;
        }
        List<? extends VariableElement> parameters = method.getParameters();
        if (parameters.stream().anyMatch(p -> p.asType().getKind() == TypeKind.ERROR)) {
            ok = false;
        } else if (parameters.size() > 1 || (parameters.size() == 1 && !isNamed(parameters.get(0).asType(), ITERATION))
                || method.isVarArgs()) {
            reporter.error(subject + " takes (" + parameterTypes(method) + "); take no parameter, or a single "
                    + ITERATION + " to vary the prompt per request.", method);
            ok = false;
        }
        return throwsCheck.check(method, subject) && ok;
    }

    /** A {@code @Workload} benchmark's method: {@code void}, without parameters, since nothing calls it. */
    private boolean workloadShape(ExecutableElement method, String subject) {
        boolean ok = true;
        if (method.getReturnType().getKind() != TypeKind.VOID) {
            reporter.error(subject + " has a @Workload, which makes its requests, and returns "
                    + method.getReturnType() + "; declare it 'void' (its body is never called), or remove @Workload "
                    + "to send what it returns.", method);
            ok = false;
        }
        if (!method.getParameters().isEmpty()) {
            reporter.error(subject + " has a @Workload and takes (" + parameterTypes(method) + "); declare it "
                    + "without parameters: its body is never called.", method);
            ok = false;
        }
        return ok;
    }

    /**
     * Checks a {@code @Setup} or {@code @TearDown} method: public, concrete, {@code void} (a returned value would
     * be silently dropped) and without parameters (the harness has nothing to pass).
     */
    boolean validateLifecycle(ExecutableElement method, String annotation) {
        String subject = "@" + annotation + " method " + method.getSimpleName();
        boolean ok = isPublicAndConcrete(method, subject);
        if (method.getReturnType().getKind() != TypeKind.VOID) {
            reporter.error(subject + " returns " + method.getReturnType() + "; declare it 'void': its result would "
                    + "be ignored.", method);
            ok = false;
        }
        if (!method.getParameters().isEmpty()) {
            reporter.error(subject + " takes (" + parameterTypes(method) + "); declare it without parameters.",
                    method);
            ok = false;
        }
        return throwsCheck.check(method, subject) && ok;
    }

    private boolean isPublicAndConcrete(ExecutableElement method, String subject) {
        boolean ok = true;
        if (!method.getModifiers().contains(Modifier.PUBLIC)) {
            reporter.error(subject + " is not public; declare it 'public' so the generated harness can call it "
                    + "without reflection.", method);
            ok = false;
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            reporter.error(subject + " is abstract; give it a body in a concrete class, since the harness calls "
                    + "it directly.", method);
            ok = false;
        }
        return ok;
    }

    /** Whether {@code type} is the class named {@code qualifiedName}; by name, so the processor needs no runtime. */
    static boolean isNamed(TypeMirror type, String qualifiedName) {
        if (!(type instanceof DeclaredType declared)) {
            return false;
        }
        Element element = declared.asElement();
        return element instanceof TypeElement t && t.getQualifiedName().contentEquals(qualifiedName);
    }

    private static String parameterTypes(ExecutableElement method) {
        return method.getParameters().stream().map(p -> p.asType().toString()).collect(Collectors.joining(", "));
    }
}
