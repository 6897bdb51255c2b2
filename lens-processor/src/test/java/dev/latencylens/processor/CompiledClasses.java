package dev.latencylens.processor;

import com.google.testing.compile.Compilation;
import dev.latencylens.api.BenchmarkHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of a compilation (the user's and the generated harnesses) from memory. Its parent is the
 * test's loader, so the loaded harnesses implement the very {@link BenchmarkHarness} the test sees.
 */
final class CompiledClasses extends ClassLoader {

    private final Map<String, byte[]> classes = new HashMap<>();

    CompiledClasses(Compilation compilation) {
        super(CompiledClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String relative = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    BenchmarkHarness harness(String className) throws ReflectiveOperationException {
        return (BenchmarkHarness) loadClass(className).getConstructor().newInstance();
    }

    /** A public static field of a compiled class, e.g. the list a test class records its calls in. */
    Object staticField(String className, String field) throws ReflectiveOperationException {
        return loadClass(className).getField(field).get(null);
    }
}
