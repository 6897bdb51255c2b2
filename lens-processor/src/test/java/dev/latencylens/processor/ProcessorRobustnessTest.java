package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.message;
import static dev.latencylens.processor.Sources.onlyError;
import static dev.latencylens.processor.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.latencylens.processor.Sources.Source;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors do not hide each other, and neither a clash nor a bug of the processor ends in a javac stack trace. */
class ProcessorRobustnessTest {

    @Test
    void oneBadMethodDoesNotHideAnother() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                String first() { return "hi"; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public int second() { return 1; }
                """);
        Compilation compilation = compile(src);
        assertThat(compilation.errors()).hasSize(2);
        assertDiagnostic(compilation.errors().get(0), src, "first()", "method first is not public");
        assertDiagnostic(compilation.errors().get(1), src, "second()", "method second returns int");
    }

    @Test
    void validBenchmarksAreGeneratedNextToInvalidOnes(@TempDir Path dir) throws Exception {
        DiskCompiler javac = new DiskCompiler(dir);
        javac.write(bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 0)
                public String bad() { return "hi"; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String good() { return "hi"; }
                """));
        DiskCompiler.Result result = javac.compile("com.acme.Bench");
        assertThat(result.errors()).singleElement().asString().contains("iterations = 0");
        assertThat(javac.generatedSource("com.acme.Bench_good_LensHarness")).exists();
        assertThat(javac.generatedSource("com.acme.Bench_bad_LensHarness")).doesNotExist();
    }

    @Test
    void harnessNameTakenByAnotherTypeIsAnErrorOnTheMethod() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }
                """);
        Source clash = source("com.acme.Bench_shortAnswer_LensHarness", """
                package com.acme;

                public class Bench_shortAnswer_LensHarness { }
                """);
        var error = onlyError(compile(src, clash));
        assertDiagnostic(error, src, "shortAnswer()",
                "Latency Lens could not generate com.acme.Bench_shortAnswer_LensHarness for @LlmBenchmark method "
                        + "shortAnswer (", "); a type of that name already exists in this compilation: rename the "
                        + "method or the other type.");
    }

    @Test
    void processorBugIsOneErrorOnTheElementNotAStackTrace() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String first() { return "hi"; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String second() { return "hi"; }
                """);
        // A deliberately broken Elements makes the processor fail while it builds each benchmark.
        Compilation compilation = Compiler.javac()
                .withProcessors(new Sabotaged(new LensProcessor(), "getBinaryName"))
                .withClasspath(Sources.classpath())
                .compile(src.toFileObject());
        assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
        assertThat(compilation.errors()).hasSize(2);
        assertDiagnostic(compilation.errors().get(0), src, "first()",
                "Latency Lens processor failed on com.acme.Bench.first: java.lang.IllegalStateException: sabotaged "
                        + "getBinaryName (at ", "); please report this.");
        assertDiagnostic(compilation.errors().get(1), src, "second()",
                "Latency Lens processor failed on com.acme.Bench.second");
        assertThat(compilation.errors()).allSatisfy(d -> assertThat(message(d)).doesNotContain("\n"));
    }

    /** Runs a processor with an {@link Elements} whose method {@code broken} throws. */
    private static final class Sabotaged implements Processor {
        private final Processor delegate;
        private final String broken;

        Sabotaged(Processor delegate, String broken) {
            this.delegate = delegate;
            this.broken = broken;
        }

        @Override
        public void init(ProcessingEnvironment env) {
            Elements elements = proxy(Elements.class, env.getElementUtils());
            delegate.init(proxy(ProcessingEnvironment.class, env, elements));
        }

        @SuppressWarnings("unchecked")
        private <T> T proxy(Class<T> type, T target, Object... replacements) {
            InvocationHandler handler = (p, method, args) -> {
                if (method.getName().equals(broken)) {
                    throw new IllegalStateException("sabotaged " + broken);
                }
                for (Object replacement : replacements) {
                    if (method.getReturnType().isInstance(replacement) && method.getParameterCount() == 0) {
                        return replacement;
                    }
                }
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }

        @Override
        public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
                ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }
}
