package dev.latencylens.maven;

import dev.latencylens.internal.provider.BuiltInProviders;
import dev.latencylens.spi.ProviderAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * API keys kept in Maven's {@code settings.xml} (encrypted with {@code mvn --encrypt-password} if the user likes,
 * decrypted by Maven's settings decrypter before they get here), handed to the forked JVM as the environment
 * variables the providers read. A {@code <server>} with id {@code lens-<provider id>} fills that provider's key
 * variable with its {@code <password>}: {@code lens-openai} → {@code OPENAI_API_KEY}, {@code lens-anthropic} →
 * {@code ANTHROPIC_API_KEY}, ... ({@link #keyVariables()}, from the providers' own {@code apiKeyVariable()}). A
 * Bedrock server ({@code lens-bedrock}, {@code lens-bedrock-invoke}) with a {@code <username>} is an access key:
 * username → {@code AWS_ACCESS_KEY_ID}, password → {@code AWS_SECRET_ACCESS_KEY}; without one its password is a
 * Bedrock API key, {@code AWS_BEARER_TOKEN_BEDROCK}.
 *
 * <p>A variable already set in the environment wins: it was set for this build (a CI secret, a shell export), while
 * settings.xml holds a developer's standing default. The values travel only in the child process's environment:
 * never on its command line, never in the argument file, never in a log line ({@link Result#notes()} names
 * variables and servers, never values). Stateless.
 */
final class ServerCredentials {

    static final String PREFIX = "lens-";
    private static final String BEDROCK_KEY = "AWS_BEARER_TOKEN_BEDROCK";

    /** A decrypted {@code <server>}: its id, user name and password, each null when absent. */
    record Server(String id, String username, String password) {

        @Override
        public String toString() {
            return "Server[" + id + "]"; // never the password
        }
    }

    /**
     * What the fork gets.
     *
     * @param environment variable → value, to add to the child's environment
     * @param notes       what was done and why, for the log: names only
     */
    record Result(Map<String, String> environment, List<String> notes) {

        Result {
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
            notes = List.copyOf(notes);
        }

        @Override
        public String toString() {
            return "Result[" + environment.keySet() + "]";
        }
    }

    private ServerCredentials() {
    }

    /** Provider id → the variable its key is read from, for every built-in provider that takes a key. */
    static Map<String, String> keyVariables() {
        Map<String, String> variables = new TreeMap<>();
        for (ProviderAdapter adapter : new BuiltInProviders().providers()) {
            adapter.apiKeyVariable().ifPresent(v -> variables.put(adapter.id(), v));
        }
        return variables;
    }

    /**
     * The variables the {@code lens-*} servers among {@code servers} fill.
     *
     * @param environment  the environment the fork would inherit, name → value (only its names are looked at)
     * @param keyVariables provider id → key variable, {@link #keyVariables()}
     */
    static Result resolve(List<Server> servers, Map<String, String> environment, Map<String, String> keyVariables) {
        Map<String, String> added = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Server server : servers) {
            if (server.id() == null || !server.id().startsWith(PREFIX)) {
                continue;
            }
            String provider = server.id().substring(PREFIX.length());
            String variable = keyVariables.get(provider);
            if (variable == null) {
                notes.add("settings.xml server '" + server.id() + "' is not used: no provider '" + provider
                        + "' takes a key (server ids: lens-" + String.join(", lens-", keyVariables.keySet()) + ")");
                continue;
            }
            if (blank(server.password())) {
                notes.add("settings.xml server '" + server.id() + "' has no password: nothing to pass on");
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (variable.equals(BEDROCK_KEY) && !blank(server.username())) {
                values.put("AWS_ACCESS_KEY_ID", server.username().strip());
                values.put("AWS_SECRET_ACCESS_KEY", server.password().strip());
            } else {
                values.put(variable, server.password().strip());
            }
            values.forEach((name, value) -> {
                if (!blank(environment.get(name))) {
                    notes.add(name + " is set in the environment, which wins over settings.xml server '"
                            + server.id() + "'");
                } else if (added.putIfAbsent(name, value) == null) {
                    notes.add(name + " from settings.xml server '" + server.id() + "'");
                }
            });
        }
        return new Result(added, notes);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The servers' ids, e.g. for a debug line. */
    static List<String> ids(List<Server> servers) {
        return servers.stream().map(Server::id).filter(Objects::nonNull).toList();
    }
}
