package dev.latencylens.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a YAML, JSON or TOML file (by its extension) into {@link ConfigNode}s, with Jackson's streaming parser for
 * each format, so the three formats share one reader and every value keeps its line and column. Strings have their
 * {@code ${ENV}} references substituted here, where their location is known. A key written twice is an error (a
 * YAML map would silently keep the last).
 */
final class ConfigParser {

    private final EnvSubstitution env;
    private final String fileName;

    private ConfigParser(EnvSubstitution env, String fileName) {
        this.env = env;
        this.fileName = fileName;
    }

    /** @throws ConfigException for a file that cannot be read or parsed, or an unset variable */
    static ConfigNode parse(Path file, Map<String, String> environment) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        ConfigNode.Location start = new ConfigNode.Location(name, 0, 0);
        JsonFactory factory = factoryFor(name, start);
        ConfigParser reader = new ConfigParser(new EnvSubstitution(environment), name);
        try (JsonParser p = factory.createParser(Files.newBufferedReader(file))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigException("the file is empty; it needs at least benchmarks: [...]", start);
            }
            return reader.value(p);
        } catch (NoSuchFileException e) {
            throw new ConfigException("no such configuration file: " + file.toAbsolutePath(), start, e);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("not well-formed");
            throw new ConfigException("not well-formed " + formatOf(name) + ": " + problem, l == null ? start
                    : reader.location(l), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the configuration file " + file, e);
        }
    }

    private static JsonFactory factoryFor(String name, ConfigNode.Location at) {
        return switch (formatOf(name)) {
            case "YAML" -> new YAMLFactory();
            case "JSON" -> new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            case "TOML" -> new TomlFactory();
            default -> throw new ConfigException("unknown configuration format: the file name must end in .yaml, .yml,"
                    + " .json or .toml", at);
        };
    }

    private static String formatOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") ? "YAML" : lower.endsWith(".json") ? "JSON"
                : lower.endsWith(".toml") ? "TOML" : "";
    }

    /** The value whose first token the parser is on. */
    private ConfigNode value(JsonParser p) throws IOException {
        ConfigNode.Location at = location(p.currentTokenLocation());
        return switch (p.currentToken()) {
            case START_OBJECT -> new ConfigNode(map(p), at);
            case START_ARRAY -> new ConfigNode(list(p), at);
            case VALUE_STRING -> new ConfigNode(env.apply(p.getText(), at), at);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new ConfigNode(p.getNumberValue(), at);
            case VALUE_TRUE -> new ConfigNode(Boolean.TRUE, at);
            case VALUE_FALSE -> new ConfigNode(Boolean.FALSE, at);
            case VALUE_NULL -> new ConfigNode(null, at);
            // TOML dates and times: kept as their text.
            case VALUE_EMBEDDED_OBJECT -> new ConfigNode(String.valueOf(p.getEmbeddedObject()), at);
            default -> throw new ConfigException("unexpected " + p.currentToken(), at);
        };
    }

    private Map<String, ConfigNode> map(JsonParser p) throws IOException {
        Map<String, ConfigNode> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            ConfigNode.Location keyAt = location(p.currentTokenLocation());
            p.nextToken();
            ConfigNode value = value(p);
            if (map.put(key, new ConfigNode(value.value(), keyAt)) != null) {
                throw new ConfigException("key '" + key + "' is written twice", keyAt);
            }
        }
        return map;
    }

    private List<ConfigNode> list(JsonParser p) throws IOException {
        List<ConfigNode> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(value(p));
        }
        return list;
    }

    private ConfigNode.Location location(JsonLocation l) {
        return l.getLineNr() > 0 ? new ConfigNode.Location(fileName, l.getLineNr(), l.getColumnNr())
                : new ConfigNode.Location(fileName, 0, 0);
    }
}
