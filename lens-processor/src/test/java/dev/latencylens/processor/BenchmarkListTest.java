package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.compileCleanly;
import static dev.latencylens.processor.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.latencylens.processor.Sources.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code META-INF/latencylens/benchmarks}: every harness of the module, sorted, after a full build and after an
 * incremental one that recompiles only some classes.
 */
class BenchmarkListTest {

    private static final Source A = source("com.acme.A", """
            package com.acme;

            import dev.latencylens.annotations.LlmBenchmark;

            public class A {
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String zeta() { return "z"; }

                public static class Inner {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public static String alpha() { return "a"; }
                }
            }
            """);

    private static final Source B = b("""
                @LlmBenchmark(provider = "simulated", model = "m")
                public String keep() { return "k"; }

                @LlmBenchmark(provider = "simulated", model = "m")
                public String drop() { return "d"; }
            """);

    private static final List<String> FULL_LIST = List.of(
            "com.acme.A_Inner_alpha_LensHarness",
            "com.acme.A_zeta_LensHarness",
            "com.acme.b.B_drop_LensHarness",
            "com.acme.b.B_keep_LensHarness");

    private static Source b(String members) {
        return source("com.acme.b.B", """
                package com.acme.b;

                import dev.latencylens.annotations.LlmBenchmark;

                public class B {
                %s}
                """.formatted(members));
    }

    @Test
    void fullBuildListsEveryHarnessSorted() throws IOException {
        Compilation compilation = compileCleanly(B, A);
        JavaFileObject list = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, BenchmarkListWriter.RESOURCE)
                .orElseThrow();
        assertThat(list.getCharContent(false).toString()).isEqualTo(String.join("\n", FULL_LIST) + "\n");
        assertThat(compilation.generatedSourceFiles()).extracting(f -> f.getName().replaceFirst("^/SOURCE_OUTPUT/", "")
                        .replace(".java", "").replace('/', '.'))
                .containsExactlyInAnyOrderElementsOf(FULL_LIST);
    }

    @Test
    void recompilingOneClassWithABenchmarkRemovedKeepsTheOthers(@TempDir Path dir) throws IOException {
        DiskCompiler javac = fullBuild(dir);
        javac.write(b("""
                    @LlmBenchmark(provider = "simulated", model = "m")
                    public String keep() { return "k"; }

                    @LlmBenchmark(provider = "simulated", model = "m")
                    public String added() { return "new"; }
                """));

        assertThat(javac.compile("com.acme.b.B").success()).isTrue();

        // The stale harness of the removed benchmark is still in the class output: the rule, not luck, drops it.
        assertThat(javac.classFile("com.acme.b.B_drop_LensHarness")).exists();
        assertThat(javac.benchmarkList()).containsExactly(
                "com.acme.A_Inner_alpha_LensHarness",
                "com.acme.A_zeta_LensHarness",
                "com.acme.b.B_added_LensHarness",
                "com.acme.b.B_keep_LensHarness");
    }

    @Test
    void benchmarkMadeInvalidIsNotListedThoughItsOldHarnessRemains(@TempDir Path dir) throws IOException {
        DiskCompiler javac = fullBuild(dir);
        javac.write(b("""
                    @LlmBenchmark(provider = "simulated", model = "m")
                    public String keep() { return "k"; }

                    @LlmBenchmark(provider = "simulated", model = "m", iterations = 0)
                    public String drop() { return "d"; }
                """));

        assertThat(javac.compile("com.acme.b.B").errors()).singleElement().asString().contains("iterations = 0");

        // B is compiled now, so only what was generated now counts for it, not the stale harness of drop.
        assertThat(javac.classFile("com.acme.b.B_drop_LensHarness")).exists();
        assertThat(javac.benchmarkList()).containsExactly(
                "com.acme.A_Inner_alpha_LensHarness",
                "com.acme.A_zeta_LensHarness",
                "com.acme.b.B_keep_LensHarness");
    }

    @Test
    void recompilingAnUnchangedClassKeepsEveryEntry(@TempDir Path dir) throws IOException {
        DiskCompiler javac = fullBuild(dir);

        assertThat(javac.compile("com.acme.b.B").success()).isTrue();

        assertThat(javac.benchmarkList()).isEqualTo(FULL_LIST);
    }

    @Test
    void entryOfAClassThatLostItsBenchmarkElsewhereIsDropped(@TempDir Path dir) throws IOException {
        DiskCompiler javac = fullBuild(dir);
        // A is recompiled without the processor (another tool, another module's build): its zeta is plain now.
        javac.write(source("com.acme.A", A.text().replaceFirst(
                "@LlmBenchmark\\(provider = \"openai\", model = \"gpt-4o-mini\"\\)\n    public String zeta",
                "public String zeta")));
        assertThat(javac.compileWithoutProcessor("com.acme.A").success()).isTrue();

        assertThat(javac.compile("com.acme.b.B").success()).isTrue();

        assertThat(javac.benchmarkList()).containsExactly(
                "com.acme.A_Inner_alpha_LensHarness",
                "com.acme.b.B_drop_LensHarness",
                "com.acme.b.B_keep_LensHarness");
    }

    @Test
    void entryOfADeletedClassIsDropped(@TempDir Path dir) throws IOException {
        DiskCompiler javac = fullBuild(dir);
        // The build tool deletes the class files of a deleted source; the harness class files may linger.
        Files.delete(javac.classFile("com.acme.A"));
        Files.delete(javac.classFile("com.acme.A$Inner"));

        assertThat(javac.compile("com.acme.b.B").success()).isTrue();

        assertThat(javac.benchmarkList()).containsExactly(
                "com.acme.b.B_drop_LensHarness",
                "com.acme.b.B_keep_LensHarness");
    }

    private static DiskCompiler fullBuild(Path dir) throws IOException {
        DiskCompiler javac = new DiskCompiler(dir);
        javac.write(A);
        javac.write(B);
        DiskCompiler.Result result = javac.compile("com.acme.A", "com.acme.b.B");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(javac.benchmarkList()).isEqualTo(FULL_LIST);
        return javac;
    }
}
