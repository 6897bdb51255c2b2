package dev.latencylens.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the benchmark lists the annotation processor writes ({@code META-INF/latencylens/benchmarks}) in the
 * project's class output directories, and, when there is none, tells "no benchmarks" from "benchmarks, but the
 * processor did not run" by looking for {@code @LlmBenchmark} in the compiled classes: the annotation's type
 * descriptor is in the constant pool of every class that uses it, so a byte search finds it without loading a
 * class.
 */
final class BenchmarkListFinder {

    /** Written by the processor into the class output, one harness class name a line. */
    static final String LIST = "META-INF/latencylens/benchmarks";

    /** How a class file refers to the annotation ({@code RetentionPolicy.RUNTIME}; the bytes are plain ASCII). */
    static final byte[] ANNOTATION_DESCRIPTOR =
            "Ldev/latencylens/annotations/LlmBenchmark;".getBytes(StandardCharsets.US_ASCII);

    /** The maven-compiler-plugin version the processor-off message shows (the one the README's setup names). */
    static final String COMPILER_PLUGIN_VERSION = "3.14.0";

    /** At most this many annotated classes are named in messages. */
    private static final int NAMED = 5;

    /** What the output directories hold. */
    enum Kind {
        /** At least one benchmark listed: run. */
        BENCHMARKS,
        /** No benchmark listed, and no sign of a processor that did not run: nothing to run, not an error. */
        NONE,
        /** Annotated classes but no list: the processor did not run. */
        PROCESSOR_OFF
    }

    /**
     * @param lists            the benchmark lists found (files that exist, even empty ones: the processor ran)
     * @param harnesses        the harness class names in them
     * @param annotatedClasses per directory without a list, the classes that use {@code @LlmBenchmark}
     * @param warnings         a directory with annotated classes but no list while another has one
     */
    record Findings(Kind kind, List<Path> lists, List<String> harnesses, List<String> annotatedClasses,
                    List<String> warnings) {

        Findings {
            lists = List.copyOf(lists);
            harnesses = List.copyOf(harnesses);
            annotatedClasses = List.copyOf(annotatedClasses);
            warnings = List.copyOf(warnings);
        }
    }

    private BenchmarkListFinder() {
    }

    /** Looks into each directory (those that do not exist are skipped). */
    static Findings find(List<Path> outputDirectories) {
        List<Path> lists = new ArrayList<>();
        List<String> harnesses = new ArrayList<>();
        List<Path> withoutList = new ArrayList<>();
        for (Path dir : outputDirectories) {
            Path list = dir.resolve(LIST);
            if (Files.isRegularFile(list)) {
                lists.add(list);
                harnesses.addAll(entries(list));
            } else if (Files.isDirectory(dir)) {
                withoutList.add(dir);
            }
        }
        List<String> annotated = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path dir : withoutList) {
            List<String> found = annotatedClasses(dir);
            annotated.addAll(found);
            if (!found.isEmpty() && !lists.isEmpty()) {
                warnings.add(dir + " has @LlmBenchmark classes (" + names(found) + ") but no " + LIST
                        + ": the Latency Lens processor did not run for them, so they are not benchmarked. "
                        + "Check <annotationProcessorPaths> and <proc> of that compilation.");
            }
        }
        // A list, even an empty one, means the processor ran: annotated classes without entries are stale or
        // were all rejected (which fails the compilation), so there is nothing to run.
        Kind kind = !harnesses.isEmpty() ? Kind.BENCHMARKS
                : !lists.isEmpty() || annotated.isEmpty() ? Kind.NONE : Kind.PROCESSOR_OFF;
        return new Findings(kind, lists, harnesses, annotated, warnings);
    }

    /** The entries of a list: trimmed, without blank lines and {@code #} comments. */
    static List<String> entries(Path list) {
        try {
            return Files.readAllLines(list, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
    }

    /** The classes under {@code dir} whose class file mentions {@code @LlmBenchmark}, by name, sorted. */
    static List<String> annotatedClasses(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .filter(Files::isRegularFile)
                    .filter(BenchmarkListFinder::mentionsAnnotation)
                    .map(f -> className(dir, f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + dir, e);
        }
    }

    private static boolean mentionsAnnotation(Path classFile) {
        try {
            return indexOf(Files.readAllBytes(classFile), ANNOTATION_DESCRIPTOR) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String className(Path root, Path classFile) {
        String relative = root.relativize(classFile).toString().replace(classFile.getFileSystem().getSeparator(), ".");
        return relative.substring(0, relative.length() - ".class".length());
    }

    private static String names(List<String> classes) {
        return classes.size() <= NAMED ? String.join(", ", classes)
                : String.join(", ", classes.subList(0, NAMED)) + " and " + (classes.size() - NAMED) + " more";
    }

    /**
     * The failure message when {@code @LlmBenchmark} methods were compiled but no benchmark list was written: says
     * why, and shows the configuration that fixes it with this plugin's own coordinates.
     */
    static String processorOffMessage(List<String> annotatedClasses, String groupId, String version) {
        String nl = System.lineSeparator();
        return "Latency Lens found @LlmBenchmark methods (in " + names(annotatedClasses) + ") but no benchmark list ("
                + LIST + "): the Latency Lens annotation processor did not run when they were compiled, so no"
                + " benchmark harness was generated." + nl
                + "Declare the processor in the maven-compiler-plugin configuration:" + nl
                + nl
                + "  <plugin>" + nl
                + "    <groupId>org.apache.maven.plugins</groupId>" + nl
                + "    <artifactId>maven-compiler-plugin</artifactId>" + nl
                + "    <version>" + COMPILER_PLUGIN_VERSION + "</version> <!-- 3.5 or newer: Maven's default, 3.1,"
                + " has no annotationProcessorPaths -->" + nl
                + "    <configuration>" + nl
                + "      <annotationProcessorPaths>" + nl
                + "        <path>" + nl
                + "          <groupId>" + groupId + "</groupId>" + nl
                + "          <artifactId>lens-processor</artifactId>" + nl
                + "          <version>" + version + "</version>" + nl
                + "        </path>" + nl
                + "      </annotationProcessorPaths>" + nl
                + "    </configuration>" + nl
                + "  </plugin>" + nl
                + nl
                + "JDK 23 and newer run no annotation processor that is only on the class path: declare it as above,"
                + " or pass -proc:full (<proc>full</proc>) to javac. Also check that the compilation does not set"
                + " <proc>none</proc> or -proc:none.";
    }
}
