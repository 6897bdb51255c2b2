package dev.latencylens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package picture of the compiled runtime, read from the constant pools of its classes (every class a class
 * names, in a signature, a descriptor or an instruction, is in its constant pool, so nothing an import or a fully
 * qualified name brings in escapes): the public packages never reach into {@code internal}, {@code results} needs
 * nothing of Lens but the annotations, and no two packages depend on each other, directly or round a loop.
 *
 * <p>One node is coarser than a package: {@code internal.provider} and its sub-packages are one, because the
 * registry lists the built-in adapters while they use its {@code AdapterSupport}; the cycle stays inside the provider
 * adapters (owned elsewhere), and nothing outside them sees it.
 */
class PackageDependenciesTest {

    private static final String ROOT = "dev.latencylens";
    private static final Set<String> PUBLIC = Set.of(ROOT, ROOT + ".api", ROOT + ".results", ROOT + ".spi");
    /** A class name in a constant-pool string: package segments in lower case, then the class. */
    private static final Pattern CLASS_NAME = Pattern.compile("dev/latencylens((?:/[a-z0-9_]+)*)/[A-Z][A-Za-z0-9_$]*");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readTheCompiledClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(LatencyLens.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        graph = packageGraph(classes);
        assertThat(graph).as("read from %s", classes).containsKeys(ROOT + ".results", ROOT + ".internal.engine");
    }

    @Test
    void publicPackagesNeverImportInternalOnes() {
        Map<String, Set<String>> leaks = new TreeMap<>();
        for (String p : PUBLIC) {
            graph.getOrDefault(p, Set.of()).stream().filter(q -> q.startsWith(ROOT + ".internal"))
                    .forEach(q -> leaks.computeIfAbsent(p, k -> new TreeSet<>()).add(q));
        }
        assertThat(leaks).as("public package -> internal packages it names").isEmpty();
    }

    @Test
    void theResultsModelNeedsOnlyTheAnnotations() {
        assertThat(graph.get(ROOT + ".results")).as("what dev.latencylens.results names of Lens")
                .isSubsetOf(ROOT + ".annotations");
    }

    @Test
    void noPackageCycle() {
        assertThat(cycles(graph)).as("packages that depend on each other (each set a cycle)").isEmpty();
    }

    @Test
    void theCycleFinderFindsCycles() {
        // The check above can fail: a loop of three and a self-contained pair among acyclic edges.
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of(), "e", Set.of("f"), "f", Set.of("e", "d"));
        assertThat(cycles(g)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("e", "f"));
        assertThat(cycles(Map.of("engine", Set.of("results"), "report", Set.of("results"), "results", Set.of())))
                .isEmpty();
    }

    /** Package to the Lens packages its classes name (itself left out); provider sub-packages folded into one. */
    private static Map<String, Set<String>> packageGraph(Path classes) throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String from = node(classes.relativize(file.getParent()).toString().replace('/', '.'));
                Set<String> to = g.computeIfAbsent(from, k -> new TreeSet<>());
                for (String s : constantPoolStrings(file)) {
                    Matcher m = CLASS_NAME.matcher(s);
                    while (m.find()) {
                        String named = node(ROOT + m.group(1).replace('/', '.'));
                        if (!named.equals(from)) {
                            to.add(named);
                        }
                    }
                }
            }
        }
        return g;
    }

    private static String node(String pkg) {
        String provider = ROOT + ".internal.provider";
        return pkg.startsWith(provider + ".") ? provider : pkg;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS §4.4): class names, descriptors, signatures. */
    private static List<String> constantPoolStrings(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            in.readInt(); // magic
            in.readInt(); // minor, major
            int count = in.readUnsignedShort();
            List<String> strings = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // a long or double takes two entries
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": unknown constant-pool tag " + tag);
                }
            }
            return strings;
        }
    }

    /** The strongly connected components of more than one node (Tarjan), each a set of packages in a cycle. */
    private static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : new TreeSet<>(g.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
