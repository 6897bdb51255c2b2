package dev.latencylens.maven;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code lens.*} system properties the forked JVM gets: every {@code lens.*} key Maven knows, from the lowest
 * precedence to the highest,
 * <ol>
 *   <li>the plugin's {@link #DEFAULTS},</li>
 *   <li>the project's {@code <properties>} (a {@code lens.simulate} default in the POM),</li>
 *   <li>Maven's system properties ({@code MAVEN_OPTS="-Dlens.seed=7"}),</li>
 *   <li>the session's user properties ({@code mvn lens:bench -Dlens.iterations=5}),</li>
 *   <li>the goal's explicit parameters (its {@code <configuration>} in the POM, or the same user property when no
 *       configuration is given), which win.</li>
 * </ol>
 * Keys that only steer the plugin ({@link #PLUGIN_ONLY}) are not passed on. Nothing here touches the environment:
 * the fork inherits it as it is, so API keys never pass through the plugin, its logs or its files.
 */
final class ForkProperties {

    static final String PREFIX = "lens.";

    /** Read by the plugin itself; meaningless to the fork. */
    static final Set<String> PLUGIN_ONLY = Set.of("lens.skip", "lens.fork", "lens.jvmArgs", "lens.timeoutSeconds");

    /**
     * {@code lens.progress=plain}: the plugin relays the fork's output line by line through Maven's log, where a
     * progress line redrawn in place ({@code \r}, ANSI erase) would come out as garbage.
     */
    static final Map<String, String> DEFAULTS = Map.of("lens.progress", "plain");

    private ForkProperties() {
    }

    /**
     * Merges the sources, later ones winning; {@code explicit} values that are {@code null} (a parameter not set)
     * are left out, so the lower sources, or the benchmark's annotation, decide.
     *
     * @return sorted by key
     */
    static Map<String, String> collect(Properties project, Properties system, Properties user,
                                       Map<String, String> explicit) {
        Map<String, String> merged = new TreeMap<>(DEFAULTS);
        for (Properties source : new Properties[] {project, system, user}) {
            if (source == null) {
                continue;
            }
            for (String key : source.stringPropertyNames()) {
                if (isForwarded(key)) {
                    merged.put(key, source.getProperty(key));
                }
            }
        }
        explicit.forEach((key, value) -> {
            if (value != null && isForwarded(key)) {
                merged.put(key, value);
            }
        });
        return Collections.unmodifiableMap(merged);
    }

    static boolean isForwarded(String key) {
        return key.startsWith(PREFIX) && key.length() > PREFIX.length() && !PLUGIN_ONLY.contains(key);
    }

    /**
     * Whether a property's value must not be logged: its key names a secret ({@code apiKey}, {@code token},
     * {@code password}, ...). Keys belong in the environment, but a user may still pass one as a property.
     */
    static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("key") || k.contains("token") || k.contains("secret") || k.contains("password")
                || k.contains("credential") || k.contains("auth");
    }

    /**
     * {@code value}, or {@code ****} when {@link #isSensitive(String) the key is sensitive}; a URL's user-info is
     * masked either way.
     */
    static String printable(String key, String value) {
        return isSensitive(key) ? "****" : withoutUserInfo(value);
    }

    /** {@code scheme://user-info@}: whatever precedes the {@code @} of a URL's authority. */
    private static final Pattern USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s\"'<>]+@");

    /** {@code text} with the user-info of every URL in it ({@code http://user:pw@host}) replaced by {@code ***}. */
    static String withoutUserInfo(String text) {
        return text == null || text.indexOf('@') < 0 ? text : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
