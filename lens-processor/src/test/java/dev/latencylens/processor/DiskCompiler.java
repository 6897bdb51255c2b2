package dev.latencylens.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.processor.Sources.Source;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The real javac on real directories, as a build tool runs it: sources in {@code src}, classes in {@code classes}
 * (also on the class path, as in Maven), generated sources in {@code generated}. Compiling only some of the
 * sources is an incremental build.
 */
final class DiskCompiler {

    /** What one javac run reported. */
    record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {

        List<String> errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT)).toList();
        }
    }

    private final Path src;
    private final Path classes;
    private final Path generated;

    DiskCompiler(Path root) throws IOException {
        this.src = Files.createDirectories(root.resolve("src"));
        this.classes = Files.createDirectories(root.resolve("classes"));
        this.generated = Files.createDirectories(root.resolve("generated"));
    }

    /** Writes (or overwrites) a source file. */
    void write(Source source) throws IOException {
        Path file = sourceFile(source.className());
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.text(), StandardCharsets.UTF_8);
    }

    Path classes() {
        return classes;
    }

    /** Compiles the sources of {@code classNames} (only those) with {@link LensProcessor}. */
    Result compile(String... classNames) {
        return compile(true, classNames);
    }

    /** Compiles without annotation processing, e.g. to change a class behind the processor's back. */
    Result compileWithoutProcessor(String... classNames) {
        return compile(false, classNames);
    }

    private Result compile(boolean process, String... classNames) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<File> sources = new ArrayList<>();
            for (String name : classNames) {
                sources.add(sourceFile(name).toFile());
            }
            List<File> classpath = new ArrayList<>(Sources.classpath());
            classpath.add(classes.toFile());
            List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-s", generated.toString(),
                    "-classpath", classpath.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator)),
                    "-implicit:none"));
            if (!process) {
                options.add("-proc:none");
            }
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromFiles(sources));
            if (process) {
                task.setProcessors(List.of(new LensProcessor()));
            }
            boolean success = task.call();
            return new Result(success, diagnostics.getDiagnostics());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The benchmark list in the class output, line by line; it must exist. */
    List<String> benchmarkList() throws IOException {
        Path list = classes.resolve(BenchmarkListWriter.RESOURCE);
        assertThat(list).exists();
        return Files.readAllLines(list, StandardCharsets.UTF_8);
    }

    Path generatedSource(String className) {
        return generated.resolve(className.replace('.', '/') + ".java");
    }

    Path classFile(String binaryName) {
        return classes.resolve(binaryName.replace('.', '/') + ".class");
    }

    private Path sourceFile(String className) {
        return src.resolve(className.replace('.', '/') + ".java");
    }
}
