package dev.latencylens.internal.provider.aws;

import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS shared configuration files, read as the AWS SDKs and CLI read them: {@code ~/.aws/credentials} (sections
 * {@code [name]}) and {@code ~/.aws/config} (sections {@code [default]}, {@code [profile name]},
 * {@code [sso-session name]}), their paths overridden by {@code AWS_SHARED_CREDENTIALS_FILE} and
 * {@code AWS_CONFIG_FILE} (or the system properties {@code aws.sharedCredentialsFile} and {@code aws.configFile}),
 * the profile chosen by {@code AWS_PROFILE} (or {@code aws.profile}), else {@code default}. A profile's properties
 * are those of both files, the credentials file winning. {@code #} and {@code ;} start a comment line, and a comment
 * after whitespace at the end of a line; indented lines after a property with no value are its sub-properties
 * (e.g. {@code s3 =}), which Lens does not need and skips. A file that does not exist is empty. Immutable.
 */
final class AwsProfiles {

    /** Where the chosen profile's name came from, for messages. */
    private final String profileName;
    private final String profileOrigin;
    private final Path credentialsFile;
    private final Path configFile;
    private final Map<String, Map<String, String>> profiles;
    private final Map<String, Map<String, String>> ssoSessions;

    private AwsProfiles(String profileName, String profileOrigin, Path credentialsFile, Path configFile,
                        Map<String, Map<String, String>> profiles, Map<String, Map<String, String>> ssoSessions) {
        this.profileName = profileName;
        this.profileOrigin = profileOrigin;
        this.credentialsFile = credentialsFile;
        this.configFile = configFile;
        this.profiles = profiles;
        this.ssoSessions = ssoSessions;
    }

    /**
     * The files and profile {@code settings} point to.
     *
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    static AwsProfiles load(ProviderSettings settings) {
        String name = settings.env("AWS_PROFILE");
        String origin = "AWS_PROFILE";
        if (name == null) {
            name = settings.property("aws.profile");
            origin = "aws.profile";
        }
        if (name == null) {
            name = "default";
            origin = null;
        }
        Path home = home(settings);
        Path credentials = file(settings, "AWS_SHARED_CREDENTIALS_FILE", "aws.sharedCredentialsFile", home,
                "credentials");
        Path config = file(settings, "AWS_CONFIG_FILE", "aws.configFile", home, "config");
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, Map<String, String>> sso = new LinkedHashMap<>();
        read(config).forEach((section, properties) -> {
            if (section.equals("default")) {
                profiles.computeIfAbsent("default", k -> new LinkedHashMap<>()).putAll(properties);
            } else if (section.startsWith("profile ")) {
                profiles.computeIfAbsent(section.substring(8).strip(), k -> new LinkedHashMap<>()).putAll(properties);
            } else if (section.startsWith("sso-session ")) {
                sso.put(section.substring(12).strip(), properties);
            }
        });
        read(credentials).forEach((section, properties) ->
                profiles.computeIfAbsent(section, k -> new LinkedHashMap<>()).putAll(properties));
        return new AwsProfiles(name, origin, credentials, config, profiles, sso);
    }

    /** The user's home: {@code user.home}, else {@code HOME}; null when neither is known. */
    static Path home(ProviderSettings settings) {
        String home = settings.property("user.home");
        if (home == null) {
            home = settings.env("HOME");
        }
        return home == null ? null : Path.of(home);
    }

    private static Path file(ProviderSettings settings, String variable, String property, Path home, String name) {
        String configured = settings.env(variable);
        if (configured == null) {
            configured = settings.property(property);
        }
        if (configured != null) {
            return expandHome(configured, home);
        }
        return home == null ? null : home.resolve(".aws").resolve(name);
    }

    /** {@code ~/x} under {@code home}. */
    static Path expandHome(String path, Path home) {
        if (home != null && (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\"))) {
            return home.resolve(path.substring(Math.min(2, path.length())));
        }
        return Path.of(path);
    }

    private static Map<String, Map<String, String>> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the AWS file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sections (names as written between the brackets) → their properties, in file order. */
    static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        boolean inSubProperties = false;
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                String name = (end < 0 ? line.substring(1) : line.substring(1, end)).strip();
                current = sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                inSubProperties = false;
                continue;
            }
            if (current == null || (indented && inSubProperties)) {
                continue; // outside any section, or a sub-property
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = withoutComment(line.substring(eq + 1)).strip();
            inSubProperties = value.isEmpty();
            if (!key.isEmpty() && !value.isEmpty()) {
                current.put(key, value);
            }
        }
        return sections;
    }

    private static String withoutComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == '#' || c == ';') && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** The chosen profile's name. */
    String profileName() {
        return profileName;
    }

    /** The properties of profile {@code name}, if either file has it. */
    Optional<Map<String, String>> profile(String name) {
        return Optional.ofNullable(profiles.get(name)).map(Collections::unmodifiableMap);
    }

    /** The properties of {@code [sso-session name]} in the config file. */
    Optional<Map<String, String>> ssoSession(String name) {
        return Optional.ofNullable(ssoSessions.get(name)).map(Collections::unmodifiableMap);
    }

    /** The chosen profile and where it was looked for: {@code profile 'dev' (AWS_PROFILE) in /h/.aws/credentials
     *  (absent) and /h/.aws/config}. */
    String describe() {
        return "profile '" + profileName + "'" + (profileOrigin == null ? "" : " (" + profileOrigin + ")") + " in "
                + describe(credentialsFile, "credentials") + " and " + describe(configFile, "config");
    }

    private static String describe(Path file, String name) {
        if (file == null) {
            return "~/.aws/" + name + " (no home directory)";
        }
        return file + (Files.isRegularFile(file) ? "" : " (absent)");
    }

    /** The config file's path, for messages; null without a home directory. */
    Path configFile() {
        return configFile;
    }

    /** The home directory's {@code .aws/sso/cache}, where {@code aws sso login} keeps its tokens. */
    static Path ssoCache(ProviderSettings settings) {
        Path home = home(settings);
        return home == null ? null : home.resolve(".aws").resolve("sso").resolve("cache");
    }
}
