package dev.latencylens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API names only the JDK and Latency Lens's own public types. lens-runtime shades its libraries under
 * {@code dev.latencylens.internal.shaded}: a Jackson or OkHttp type in a public signature would appear to users as a
 * relocated type they cannot use (and, unshaded, as a version clash). So every public or protected member of every
 * public class in the public packages ({@code dev.latencylens}, {@code api}, {@code results}, {@code spi}),
 * including supertypes, type parameters, generic arguments, exceptions and annotations, must stay within
 * {@link #ALLOWED_PACKAGES}.
 */
class PublicApiSignatureTest {

    /** The packages whose public classes are the API. */
    static final List<String> PUBLIC_PACKAGES = List.of("dev.latencylens", "dev.latencylens.api",
            "dev.latencylens.results", "dev.latencylens.spi");

    /** What the API may mention: the JDK, the API itself and the annotations users write. */
    static final List<String> ALLOWED_PACKAGES = List.of("java.", "dev.latencylens.api.", "dev.latencylens.results.",
            "dev.latencylens.spi.", "dev.latencylens.annotations.");

    @Test
    void publicSignaturesMentionNoShadedThirdPartyOrInternalType() throws Exception {
        List<Class<?>> api = publicClasses();
        assertThat(api).as("the public API classes").contains(LatencyLens.class,
                dev.latencylens.api.RunOptions.class, dev.latencylens.results.ResultJson.class,
                dev.latencylens.spi.ProviderAdapter.class);

        Set<String> violations = new TreeSet<>();
        for (Class<?> type : api) {
            violations.addAll(violations(type));
        }
        assertThat(violations).as("public signatures that mention a type outside %s", ALLOWED_PACKAGES).isEmpty();
    }

    @Test
    void theCheckSeesThirdPartyTypesWhereverTheyHide() {
        assertThat(violations(Leaky.class)).anySatisfy(v -> assertThat(v).contains("com.fasterxml.jackson"))
                .anySatisfy(v -> assertThat(v).contains("okhttp3.OkHttpClient"))
                .anySatisfy(v -> assertThat(v).contains("org.HdrHistogram.Histogram"))
                .anySatisfy(v -> assertThat(v).contains("dev.latencylens.internal.engine.RunEngine"))
                .noneSatisfy(v -> assertThat(v).contains("hidden"));
    }

    /** Every public or protected element of {@code type} that mentions a type outside the allowed packages. */
    static List<String> violations(Class<?> type) {
        List<String> found = new ArrayList<>();
        String where = type.getName();
        check(where + " extends", type.getGenericSuperclass(), found);
        for (Type t : type.getGenericInterfaces()) {
            check(where + " implements", t, found);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(where + "<" + v.getName() + ">", v, found);
        }
        checkAnnotations(where, type, found);
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                check(where + "." + f.getName(), f.getGenericType(), found);
                checkAnnotations(where + "." + f.getName(), f, found);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                checkExecutable(where + ".<init>", c, found);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                check(where + "." + m.getName() + " returns", m.getGenericReturnType(), found);
                checkExecutable(where + "." + m.getName(), m, found);
            }
        }
        return found;
    }

    private static void checkExecutable(String where, Executable e, List<String> found) {
        for (Type p : e.getGenericParameterTypes()) {
            check(where + " parameter", p, found);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(where + " throws", x, found);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(where + "<" + v.getName() + ">", v, found);
        }
        checkAnnotations(where, e, found);
    }

    private static void checkAnnotations(String where, AnnotatedElement element, List<String> found) {
        for (var a : element.getDeclaredAnnotations()) {
            check(where + " annotated", a.annotationType(), found);
        }
    }

    private static void check(String where, Type type, List<String> found) {
        check(where, type, found, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static void check(String where, Type type, List<String> found, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive() && ALLOWED_PACKAGES.stream().noneMatch(c.getName()::startsWith)
                    && !c.getName().equals(LatencyLens.class.getName())) {
                found.add(where + ": " + c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), found, seen);
            check(where, p.getOwnerType(), found, seen);
            for (Type argument : p.getActualTypeArguments()) {
                check(where, argument, found, seen);
            }
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
                    .forEach(b -> check(where, b, found, seen));
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                check(where, bound, found, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            check(where, a.getGenericComponentType(), found, seen);
        }
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    /** The public classes (nested ones included) of the public packages, from the compiled runtime. */
    private static List<Class<?>> publicClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(LatencyLens.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String pkg : PUBLIC_PACKAGES) {
            Path dir = root.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String simple = f.getFileName().toString().replaceFirst("\\.class$", "");
                    Class<?> c = Class.forName(pkg + "." + simple, false, LatencyLens.class.getClassLoader());
                    if (exported(c) && seen.add(c.getName())) {
                        classes.add(c);
                    }
                }
            }
        }
        return classes;
    }

    /** Public, and every enclosing class public too (a public member class of a package-private one is hidden). */
    private static boolean exported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !Modifier.isProtected(k.getModifiers())) {
                return false;
            }
            if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** A class that breaks the rule in every way the check must see, and hides one third-party use properly. */
    @SuppressWarnings("unused")
    public static class Leaky extends java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode> {
        private static final long serialVersionUID = 1L;

        public okhttp3.OkHttpClient client;

        private org.HdrHistogram.Histogram hidden;

        public <T extends org.HdrHistogram.Histogram> T histogram() {
            return null;
        }

        protected void run(java.util.List<? super dev.latencylens.internal.engine.RunEngine> engines) {
        }
    }
}
