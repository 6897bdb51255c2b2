package dev.latencylens.internal.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in a configuration value, as a POSIX shell expands them (the default
 * also when the variable is set but empty); {@code $$} writes one {@code $}. An unset variable without a default is
 * an error: a benchmark sent to the wrong URL, or with an empty model name, would be worse than no run.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> environment;

    EnvSubstitution(Map<String, String> environment) {
        this.environment = environment::get;
    }

    /** @throws ConfigException naming the unset variable and where it was referenced */
    String apply(String text, ConfigNode.Location at) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = environment.apply(m.group(1));
                if (value == null || value.isEmpty()) {
                    if (m.group(2) == null) {
                        throw new ConfigException("environment variable " + m.group(1) + " is not set (write ${"
                                + m.group(1) + ":-default} to give a default)", at);
                    }
                    value = m.group(2);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
