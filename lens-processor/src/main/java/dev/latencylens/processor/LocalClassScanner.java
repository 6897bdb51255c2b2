package dev.latencylens.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Finds Latency Lens annotations on methods of local and anonymous classes. The annotation processing API never
 * shows elements inside method bodies, so without this scan such a benchmark would be silently ignored; the
 * harness could not reach it anyway. Works on javac's syntax trees (the annotations there are not resolved yet,
 * so they are matched by name and imports); with another compiler the scan is skipped.
 */
final class LocalClassScanner {

    private static final String PACKAGE = "dev.latencylens.annotations";
    private static final List<String> ANNOTATIONS = List.of("LlmBenchmark", "Sla", "Setup", "TearDown");

    private final Trees trees;

    private LocalClassScanner(Trees trees) {
        this.trees = trees;
    }

    static LocalClassScanner create(ProcessingEnvironment env) {
        try {
            return new LocalClassScanner(Trees.instance(env));
        } catch (IllegalArgumentException | LinkageError e) {
            return new LocalClassScanner(null); // not javac (or a wrapped environment): nothing to scan with
        }
    }

    /** Reports every annotated method of a local or anonymous class inside {@code root}. */
    void scan(TypeElement root) {
        TreePath path = trees == null ? null : trees.getPath(root);
        if (path == null) {
            return; // a type from a class file: no source to scan
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        new TreePathScanner<Void, Boolean>() {
            @Override
            public Void visitClass(ClassTree node, Boolean insideLocal) {
                Tree parent = getCurrentPath().getParentPath().getLeaf();
                boolean local = insideLocal
                        || !(parent instanceof ClassTree || parent instanceof CompilationUnitTree);
                if (local) {
                    for (Tree member : node.getMembers()) {
                        if (member instanceof MethodTree method) {
                            check(method, node, unit);
                        }
                    }
                }
                return super.visitClass(node, local);
            }
        }.scan(path, false);
    }

    private void check(MethodTree method, ClassTree owner, CompilationUnitTree unit) {
        for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
            String written = annotation.getAnnotationType().toString();
            String simple = written.substring(written.lastIndexOf('.') + 1);
            if (ANNOTATIONS.contains(simple) && isOurs(written, simple, unit)) {
                String kind = owner.getSimpleName().isEmpty() ? "an anonymous class"
                        : "local class " + owner.getSimpleName();
                trees.printMessage(Kind.ERROR, "@" + simple + " method " + method.getName() + " is declared in "
                        + kind + ", which the generated harness cannot reach, so it would be ignored; declare it in "
                        + "a public top-level or public static nested class.", method, unit);
                return;
            }
        }
    }

    /** Whether {@code written} names our annotation: fully qualified, imported, or written in our own package. */
    private static boolean isOurs(String written, String simple, CompilationUnitTree unit) {
        if (written.equals(PACKAGE + "." + simple)) {
            return true;
        }
        if (!written.equals(simple)) {
            return false;
        }
        if (unit.getPackageName() != null && unit.getPackageName().toString().equals(PACKAGE)) {
            return true;
        }
        for (ImportTree i : unit.getImports()) {
            String imported = i.getQualifiedIdentifier().toString();
            if (!i.isStatic() && (imported.equals(PACKAGE + "." + simple) || imported.equals(PACKAGE + ".*"))) {
                return true;
            }
        }
        return false;
    }
}
