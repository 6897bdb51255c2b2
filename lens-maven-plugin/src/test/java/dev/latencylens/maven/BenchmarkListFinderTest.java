package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.maven.BenchmarkListFinder.Findings;
import dev.latencylens.maven.BenchmarkListFinder.Kind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkListFinderTest {

    private static final String BENCH = """
            package com.acme;

            import dev.latencylens.annotations.LlmBenchmark;

            public class SupportBot {
                @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 3)
                public String shortAnswer() {
                    return "Why is the sky blue?";
                }
            }
            """;

    private static final String PLAIN = """
            package com.acme;

            public class Plain {
                public String shortAnswer() {
                    return "not a benchmark";
                }
            }
            """;

    @TempDir
    Path tmp;

    private static Path codeSource(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Compiles one source into {@code out}, with the Latency Lens processor or with annotation processing off. */
    private Path compile(String source, String simpleName, Path out, boolean processor) throws Exception {
        Path src = tmp.resolve("src-" + simpleName + "-" + out.getFileName()).resolve("com/acme/" + simpleName
                + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-s",
                Files.createDirectories(tmp.resolve("generated")).toString(), "-classpath",
                codeSource(LlmBenchmark.class.getName()) + File.pathSeparator
                        + codeSource("dev.latencylens.api.BenchmarkHarness")));
        if (processor) {
            args.addAll(List.of("-processorpath", Stream.of(LlmBenchmark.class.getName(),
                    "dev.latencylens.processor.LensProcessor", "com.palantir.javapoet.JavaFile")
                    .map(c -> {
                        try {
                            return codeSource(c).toString();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).collect(Collectors.joining(File.pathSeparator))));
        } else {
            args.add("-proc:none");
        }
        args.add(src.toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac").isZero();
        return out;
    }

    @Test
    void annotatedClassesWithoutAListMeanTheProcessorDidNotRun() throws Exception {
        Path main = tmp.resolve("classes");
        Path test = compile(BENCH, "SupportBot", tmp.resolve("test-classes"), false);
        compile(PLAIN, "Plain", test, false);

        Findings f = BenchmarkListFinder.find(List.of(main, test));

        assertThat(f.kind()).isEqualTo(Kind.PROCESSOR_OFF);
        assertThat(f.annotatedClasses()).containsExactly("com.acme.SupportBot");
        assertThat(f.lists()).isEmpty();
    }

    @Test
    void theRealProcessorWritesTheListTheFinderReads() throws Exception {
        Path test = compile(BENCH, "SupportBot", tmp.resolve("test-classes"), true);

        Findings f = BenchmarkListFinder.find(List.of(tmp.resolve("classes"), test));

        assertThat(f.kind()).isEqualTo(Kind.BENCHMARKS);
        assertThat(f.lists()).containsExactly(test.resolve(BenchmarkListFinder.LIST));
        assertThat(f.harnesses()).containsExactly("com.acme.SupportBot_shortAnswer_LensHarness");
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void noAnnotationAndNoListIsNothingToRun() throws Exception {
        Path main = compile(PLAIN, "Plain", tmp.resolve("classes"), false);

        assertThat(BenchmarkListFinder.find(List.of(main, tmp.resolve("test-classes"))).kind())
                .isEqualTo(Kind.NONE);
        assertThat(BenchmarkListFinder.find(List.of(tmp.resolve("a"), tmp.resolve("b"))).kind())
                .isEqualTo(Kind.NONE);
    }

    @Test
    void anEmptyListMeansTheProcessorRanAndFoundNothingToRun() throws Exception {
        Path test = compile(BENCH, "SupportBot", tmp.resolve("test-classes"), false);
        Path list = test.resolve(BenchmarkListFinder.LIST);
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# no benchmarks\n\n");

        assertThat(BenchmarkListFinder.find(List.of(test)).kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void aDirectoryLeftOutByTheProcessorIsAWarningWhenAnotherHasBenchmarks() throws Exception {
        Path main = compile(BENCH, "SupportBot", tmp.resolve("classes"), false);
        Path test = tmp.resolve("test-classes");
        Path list = test.resolve(BenchmarkListFinder.LIST);
        Files.createDirectories(list.getParent());
        Files.writeString(list, "com.acme.Other_x_LensHarness\n");

        Findings f = BenchmarkListFinder.find(List.of(main, test));

        assertThat(f.kind()).isEqualTo(Kind.BENCHMARKS);
        assertThat(f.harnesses()).containsExactly("com.acme.Other_x_LensHarness");
        assertThat(f.warnings()).singleElement().asString().contains(main.toString(), "com.acme.SupportBot",
                "did not run");
    }

    @Test
    void theMessageShowsTheProcessorConfigurationWithThePluginsCoordinates() {
        String message = BenchmarkListFinder.processorOffMessage(
                List.of("a.A", "a.B", "a.C", "a.D", "a.E", "a.F", "a.G"), "dev.latencylens", "1.2.3");

        assertThat(message)
                .contains("annotation processor did not run")
                .contains("a.A, a.B, a.C, a.D, a.E and 2 more")
                .contains("<annotationProcessorPaths>")
                .contains("<groupId>dev.latencylens</groupId>")
                .contains("<artifactId>lens-processor</artifactId>")
                .contains("<version>1.2.3</version>")
                .contains("<artifactId>maven-compiler-plugin</artifactId>\n    <version>3.14.0</version>"
                        .replace("\n", System.lineSeparator()))
                .contains("JDK 23", "-proc:full", "<proc>none</proc>");
    }

    @Test
    void theByteSearchFindsThePatternAnywhere() {
        byte[] p = BenchmarkListFinder.ANNOTATION_DESCRIPTOR;
        byte[] data = new byte[p.length + 10];
        System.arraycopy(p, 0, data, 10, p.length);

        assertThat(BenchmarkListFinder.indexOf(data, p)).isEqualTo(10);
        assertThat(BenchmarkListFinder.indexOf(new byte[3], p)).isEqualTo(-1);
        data[data.length - 1] = 'X';
        assertThat(BenchmarkListFinder.indexOf(data, p)).isEqualTo(-1);
    }
}
