package dev.latencylens.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.api.BenchmarkHarness;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Test sources and the compiler that runs {@link LensProcessor} on them. */
final class Sources {

    private Sources() {
    }

    /** A source file: its class's qualified name and its text. */
    record Source(String className, String text) {

        JavaFileObject toFileObject() {
            return JavaFileObjects.forSourceString(className, text);
        }

        /** The 1-based line of the first occurrence of {@code snippet}, which must occur. */
        long lineOf(String snippet) {
            int at = text.indexOf(snippet);
            assertThat(at).as("snippet %s in %s", snippet, className).isNotNegative();
            return text.substring(0, at).lines().count() + (text.substring(0, at).endsWith("\n") ? 1 : 0);
        }

        /** The source text from the diagnostic's position on. */
        String textAt(Diagnostic<?> diagnostic) {
            assertThat(diagnostic.getPosition()).as("position of %s", diagnostic).isNotEqualTo(Diagnostic.NOPOS);
            return text.substring((int) diagnostic.getPosition());
        }
    }

    static Source source(String className, String text) {
        return new Source(className, text);
    }

    /**
     * {@code com.acme.Bench}, a public class with {@code body} as its members and the Latency Lens imports. Both
     * packages have a {@code Workload} (the annotation, the runtime's model): the single-type import says which.
     */
    static Source bench(String body) {
        return source("com.acme.Bench", """
                package com.acme;

                import dev.latencylens.annotations.*;
                import dev.latencylens.annotations.Workload;
                import dev.latencylens.api.*;

                public class Bench {
                """ + body.indent(4) + "}\n");
    }

    /** The single error of a failed compilation. */
    static Diagnostic<? extends JavaFileObject> onlyError(Compilation compilation) {
        assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
        assertThat(compilation.errors()).as("errors").hasSize(1);
        return compilation.errors().get(0);
    }

    /**
     * Asserts that {@code diagnostic} says all of {@code fragments} and points at the start of {@code pointsAt}
     * in {@code source} (line and exact position, so the IDE underlines the right element or value).
     */
    static void assertDiagnostic(Diagnostic<?> diagnostic, Source source, String pointsAt, String... fragments) {
        assertThat(message(diagnostic)).contains(fragments);
        assertThat(diagnostic.getLineNumber()).as("line of %s", message(diagnostic)).isEqualTo(source.lineOf(pointsAt));
        assertThat(source.textAt(diagnostic)).as("text at %s", message(diagnostic)).startsWith(pointsAt);
    }

    /** The annotations and the runtime API, so the generated harnesses compile against the real types. */
    static List<File> classpath() {
        return List.of(location(LlmBenchmark.class), location(BenchmarkHarness.class));
    }

    static File location(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that {@code sources} compile with no error and no warning, and returns the compilation. */
    static Compilation compileCleanly(Source... sources) {
        Compilation compilation = compile(sources);
        assertThat(compilation.diagnostics()).as("diagnostics")
                .filteredOn(d -> d.getKind() != Diagnostic.Kind.NOTE).isEmpty();
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        return compilation;
    }

    static Compilation compile(Source... sources) {
        return compiler().compile(fileObjects(sources));
    }

    static Compiler compiler() {
        return Compiler.javac().withProcessors(new LensProcessor()).withClasspath(classpath());
    }

    static List<JavaFileObject> fileObjects(Source... sources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (Source s : sources) {
            files.add(s.toFileObject());
        }
        return files;
    }

    static String message(Diagnostic<?> diagnostic) {
        return diagnostic.getMessage(Locale.ROOT);
    }
}
