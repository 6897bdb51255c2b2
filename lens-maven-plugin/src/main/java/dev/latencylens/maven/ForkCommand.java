package dev.latencylens.maven;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The forked JVM's command line: {@code java @<argfile>}, where the argument file (JDK 9+) holds everything else,
 * one argument a line, each quoted:
 * <ol>
 *   <li>{@code -Dstdout.encoding=UTF-8} and friends, so the plugin decodes the fork's output as it was meant;</li>
 *   <li>the {@code lens.*} properties, as {@code -Dkey=value};</li>
 *   <li>the user's {@code jvmArgs}, after them, so an explicit {@code -Dlens.x} there wins;</li>
 *   <li>{@code -classpath} and the class path;</li>
 *   <li>the main class.</li>
 * </ol>
 * An argument file keeps a long class path clear of the command-line length limit (32 KB on Windows) and keeps the
 * property values out of the process list. It stays on disk ({@code target/lens-fork/java.args}), where CI uploads
 * may pick it up, so properties that carry a secret (a sensitive name, {@link ForkProperties#isSensitive}, or a URL
 * with a password, {@code http://user:pw@host}) are not in it: they reach the fork through its environment
 * ({@link #environment()}, variable {@value #SECRET_PROPERTIES_VARIABLE}), which the fork's main class loads into
 * its system properties first. Immutable.
 */
final class ForkCommand {

    /** The fork's entry point, in lens-runtime. */
    static final String MAIN_CLASS = "dev.latencylens.internal.junit.LensLauncherMain";

    /**
     * The fork's environment variable holding the secret-bearing {@code lens.*} properties, in
     * {@link Properties} text; read by {@code LensLauncherMain} (lens-runtime), which names it too.
     */
    static final String SECRET_PROPERTIES_VARIABLE = "LENS_FORK_SECRET_PROPERTIES";

    private static final List<String> ENCODING_OPTIONS = List.of("-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8");

    private final Path java;
    private final Map<String, String> properties;
    private final List<String> jvmArgs;
    private final List<Path> classpath;
    private final String mainClass;

    ForkCommand(Path java, Map<String, String> properties, List<String> jvmArgs, List<Path> classpath,
                String mainClass) {
        this.java = Objects.requireNonNull(java, "java");
        this.properties = Map.copyOf(properties);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.classpath = List.copyOf(classpath);
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        for (String key : this.properties.keySet()) {
            if (key.isEmpty() || key.contains("=")) {
                throw new IllegalArgumentException("not a system property name: '" + key + "'");
            }
        }
    }

    /** What is run: the java executable and the argument file. */
    List<String> command(Path argFile) {
        return List.of(java.toString(), "@" + argFile);
    }

    /** Every argument after {@code java}, unquoted, in order; the secret-bearing properties are not among them. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(ENCODING_OPTIONS);
        properties.entrySet().stream().filter(e -> !carriesSecret(e.getKey(), e.getValue()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add("-D" + e.getKey() + "=" + e.getValue()));
        args.addAll(jvmArgs);
        args.add("-classpath");
        args.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        args.add(mainClass);
        return args;
    }

    /**
     * The variables the fork needs besides the inherited environment: the secret-bearing properties, when there are
     * any, as {@value #SECRET_PROPERTIES_VARIABLE}.
     */
    Map<String, String> environment() {
        Properties secret = new Properties();
        properties.forEach((key, value) -> {
            if (carriesSecret(key, value)) {
                secret.setProperty(key, value);
            }
        });
        if (secret.isEmpty()) {
            return Map.of();
        }
        StringWriter text = new StringWriter();
        try {
            secret.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return Map.of(SECRET_PROPERTIES_VARIABLE, text.toString());
    }

    /** Whether a property must stay out of files and logs: a sensitive name, or a URL with user-info. */
    static boolean carriesSecret(String key, String value) {
        return ForkProperties.isSensitive(key) || !ForkProperties.withoutUserInfo(value).equals(value);
    }

    /** The argument file's text: {@link #arguments()}, one a line, each quoted for the {@code java} launcher. */
    String argFileContent() {
        StringBuilder text = new StringBuilder();
        for (String arg : arguments()) {
            text.append(quote(arg)).append('\n');
        }
        return text.toString();
    }

    /**
     * For the debug log: the arguments with the values of {@link ForkProperties#isSensitive(String) sensitive}
     * properties masked.
     */
    String describe() {
        List<String> shown = new ArrayList<>();
        shown.add(java.toString());
        for (String arg : arguments()) {
            shown.add(masked(arg));
        }
        return String.join(" ", shown);
    }

    private static String masked(String arg) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("-D") && eq > 2) {
            String key = arg.substring(2, eq);
            return "-D" + key + "=" + ForkProperties.printable(key, arg.substring(eq + 1));
        }
        return ForkProperties.withoutUserInfo(arg);
    }

    /**
     * Quotes one argument for a {@code java} argument file: in double quotes, where a backslash escapes (so Windows
     * paths keep their backslashes doubled) and a line break must be written {@code \n}.
     */
    static String quote(String arg) {
        StringBuilder q = new StringBuilder(arg.length() + 2).append('"');
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            switch (c) {
                case '\\' -> q.append("\\\\");
                case '"' -> q.append("\\\"");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case '\f' -> q.append("\\f");
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }

    /**
     * Splits the {@code jvmArgs} parameter on whitespace; double or single quotes keep a value with spaces
     * together ({@code -Dx="a b"} gives {@code -Dx=a b}). {@code null} or blank gives none.
     *
     * @throws IllegalArgumentException on an unclosed quote
     */
    static List<String> splitJvmArgs(String jvmArgs) {
        List<String> args = new ArrayList<>();
        if (jvmArgs == null) {
            return args;
        }
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < jvmArgs.length(); i++) {
            char c = jvmArgs.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("lens.jvmArgs has an unclosed " + quote + " quote: " + jvmArgs);
        }
        if (inArg) {
            args.add(current.toString());
        }
        return args;
    }
}
