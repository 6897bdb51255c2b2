package dev.latencylens.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.latencylens.annotations.LoadPattern;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes the harness of one validated benchmark: a descriptor constant holding every annotation value (defaults
 * resolved, so a report never depends on the annotation jar's defaults at run time) and direct calls to the
 * user's methods, so no reflection runs between the prompt and the timed request.
 */
final class HarnessGenerator {

    private static final String API = "dev.latencylens.api";
    private static final String RESULTS = "dev.latencylens.results";
    static final ClassName HARNESS = ClassName.get(API, "BenchmarkHarness");
    static final ClassName DESCRIPTOR = ClassName.get(RESULTS, "BenchmarkDescriptor");
    static final ClassName SLA_SPEC = ClassName.get(RESULTS, "SlaSpec");
    static final ClassName WORKLOAD = ClassName.get(RESULTS, "Workload");
    static final ClassName ITERATION = ClassName.get(API, "Iteration");
    static final ClassName CHAT_REQUEST = ClassName.get(API, "ChatRequest");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final ClassName OBJECT = ClassName.get(Object.class);

    /** Constants through which a later, incremental compilation finds the benchmark a harness runs. */
    static final String SOURCE_CLASS_FIELD = "SOURCE_CLASS";
    static final String SOURCE_METHOD_FIELD = "SOURCE_METHOD";

    private final boolean generatedAvailable;

    /**
     * @param generatedAvailable whether {@code javax.annotation.processing.Generated} is visible to the code being
     *                           compiled; a named module that does not read {@code java.compiler} cannot see it
     */
    HarnessGenerator(boolean generatedAvailable) {
        this.generatedAvailable = generatedAvailable;
    }

    JavaFile generate(Benchmark b) {
        TypeSpec.Builder type = TypeSpec.classBuilder(b.harness())
                .addJavadoc("Runs {@code $L.$L} as a Latency Lens benchmark; generated from its annotations, do not "
                        + "edit.\n", b.canonicalName(), b.methodName())
                // Calling a benchmark the user deprecated is not the harness's fault; the user sees the warning
                // at the declaration already, and -Werror builds must not fail on generated code.
                .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                        .addMember("value", "{$S, $S}", "deprecation", "removal")
                        .build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(HARNESS)
                .addOriginatingElement(b.type())
                .addOriginatingElement(b.method())
                .addField(constant(SOURCE_CLASS_FIELD, b.canonicalName()))
                .addField(constant(SOURCE_METHOD_FIELD, b.methodName()))
                .addField(FieldSpec.builder(DESCRIPTOR, "DESCRIPTOR", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer(descriptor(b))
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("Called reflectively by the runtime, which finds this class in the benchmark "
                                + "list.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .build())
                .addMethod(override("descriptor", DESCRIPTOR).addStatement("return DESCRIPTOR").build())
                .addMethod(newInstance(b))
                .addMethod(lifecycle("setup", b, b.setups()))
                .addMethod(request(b))
                .addMethod(lifecycle("tearDown", b, b.tearDowns()));
        if (generatedAvailable) {
            type.addAnnotation(AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", LensProcessor.class.getName())
                    .build());
        }
        return JavaFile.builder(b.harness().packageName(), type.build()).build();
    }

    private static FieldSpec constant(String name, String value) {
        return FieldSpec.builder(String.class, name, Modifier.STATIC, Modifier.FINAL)
                .initializer("$S", value)
                .build();
    }

    private static CodeBlock descriptor(Benchmark b) {
        BenchmarkSettings s = b.settings();
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.builder($S, $S)$>$>", DESCRIPTOR, s.provider(), s.model())
                .add("\n.name($S)", s.name())
                .add("\n.source($S, $N)", b.binaryName(), SOURCE_METHOD_FIELD);
        // Left out, a trace's iterations are its lines: the runtime counts them when it reads the trace.
        if (!b.workload().map(WorkloadSettings::trace).orElse(false) || b.iterationsSet()) {
            code.add("\n.iterations($L)", s.iterations());
        }
        code.add("\n.warmup($L)", s.warmup())
                .add("\n.pattern($T.$L)", LoadPattern.class, s.pattern().name())
                .add("\n.concurrency($L)", s.concurrency())
                .add("\n.rate($L)", doubleLiteral(s.rate()))
                .add("\n.maxTokens($L)", s.maxTokens())
                .add("\n.temperature($L)", doubleLiteral(s.temperature()))
                .add("\n.timeoutMs($LL)", s.timeoutMs())
                .add("\n.tags($L)", strings(s.tags()))
                .add("\n.sla($L)", sla(s.slaBounds()));
        b.workload().ifPresent(w -> code.add("\n.workload($L)", workload(w)));
        return code.add("\n.build()$<$<").build();
    }

    /** {@code Workload.builder()}, every attribute's value, {@code build()}: the keys are the builder's methods. */
    private static CodeBlock workload(WorkloadSettings w) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.builder()$>$>", WORKLOAD);
        w.values().forEach((key, value) -> code.add("\n.$L($L)", key, literal(value)));
        return code.add("\n.build()$<$<").build();
    }

    private static CodeBlock literal(Object value) {
        if (value instanceof Double d) {
            return doubleLiteral(d);
        }
        if (value instanceof String text) {
            return CodeBlock.of("$S", text);
        }
        if (value instanceof Enum<?> constant) {
            return CodeBlock.of("$T.$L", constant.getDeclaringClass(), constant.name());
        }
        return CodeBlock.of("$L", value);
    }

    /** {@code SlaSpec.none()} and a wither per set bound, in {@code @Sla} order. */
    private static CodeBlock sla(Map<String, Double> bounds) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.none()", SLA_SPEC);
        bounds.forEach((name, value) -> code.add(".with$L($L)", Character.toUpperCase(name.charAt(0))
                + name.substring(1), doubleLiteral(value)));
        return code.build();
    }

    private static CodeBlock strings(List<String> values) {
        return values.stream().map(v -> CodeBlock.of("$S", v)).collect(CodeBlock.joining(", "));
    }

    /** A double as Java source: {@code Double.toString} always yields a '.' or an exponent, NaN and infinities
     *  have no literal. */
    static CodeBlock doubleLiteral(double value) {
        if (Double.isNaN(value)) {
            return CodeBlock.of("$T.NaN", Double.class);
        }
        if (Double.isInfinite(value)) {
            return CodeBlock.of(value > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
        }
        return CodeBlock.of("$L", Double.toString(value));
    }

    private static MethodSpec newInstance(Benchmark b) {
        MethodSpec.Builder method = override("newInstance", OBJECT).addException(Exception.class);
        if (b.instantiable()) {
            boolean generic = !b.type().getTypeParameters().isEmpty();
            method.addStatement(generic ? "return new $T<>()" : "return new $T()", ClassName.get(b.type()));
        } else {
            // Only static methods to call (the validator made sure of it): there is nothing to create.
            method.addStatement("return $T.STATIC_ONLY", HARNESS);
        }
        return method.build();
    }

    private static MethodSpec lifecycle(String name, Benchmark b, List<LifecycleMethod> calls) {
        MethodSpec.Builder method = override(name, TypeName.VOID)
                .addParameter(OBJECT, "instance")
                .addException(Exception.class);
        for (LifecycleMethod call : calls) {
            method.addStatement("$L", call(b, call.name(), call.isStatic(), CodeBlock.of("")));
        }
        return method.build();
    }

    private static MethodSpec request(Benchmark b) {
        MethodSpec.Builder method = override("request", CHAT_REQUEST)
                .addParameter(OBJECT, "instance")
                .addParameter(ITERATION, "iteration")
                .addException(Exception.class);
        if (b.workload().isPresent()) {
            // The runtime makes a workload's requests itself; the method, void, is never called.
            return method.addStatement("throw new $T($S)", IllegalStateException.class, b.displayName()
                    + " sends its @Workload; the runtime never asks the harness for a request").build();
        }
        CodeBlock call = call(b, b.methodName(), b.isStatic(), b.takesIteration() ? CodeBlock.of("iteration")
                : CodeBlock.of(""));
        // A null would otherwise surface later as an anonymous NullPointerException deep in the engine.
        String onNull = b.displayName() + " returned null; return "
                + (b.returnsString() ? "the prompt text" : "a ChatRequest");
        String local = b.returnsString() ? "prompt" : "request";
        method.addStatement("$T $N = $L", b.returnsString() ? ClassName.get(String.class) : CHAT_REQUEST, local, call)
                .beginControlFlow("if ($N == null)", local)
                .addStatement("throw new $T($S)", IllegalStateException.class, onNull)
                .endControlFlow();
        if (b.returnsString()) {
            method.addStatement("return $T.ofUser($N)", CHAT_REQUEST, local);
        } else {
            method.addStatement("return $N", local);
        }
        return method.build();
    }

    /** {@code Owner.m(args)} for a static method, {@code ((Owner) instance).m(args)} for an instance method. */
    private static CodeBlock call(Benchmark b, String method, boolean isStatic, CodeBlock args) {
        return isStatic
                ? CodeBlock.of("$T.$N($L)", ClassName.get(b.type()), method, args)
                : CodeBlock.of("(($T) instance).$N($L)", b.ownerType(), method, args);
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }
}
