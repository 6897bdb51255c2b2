package dev.latencylens.internal.config;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a parsed configuration file into a {@link LensConfig}: checks every key against {@link ConfigKeys}, every
 * value's type, and then every rule, by building what the library API builds ({@link BenchmarkDescriptor},
 * {@link SlaSpec}, {@link Workload}, {@link RunOptions}). Those already enforce each rule the annotation processor
 * checks at compile time, so a configured benchmark obeys exactly the rules of an annotated or coded one, and no
 * rule is written a third time; their message (which starts with, or names, the key) gets the key's location.
 */
final class ConfigReader {

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final Path directory;

    private ConfigReader(Path directory) {
        this.directory = directory;
    }

    static LensConfig read(Path file, Map<String, String> environment) {
        ConfigNode root = ConfigParser.parse(file, environment);
        Path parent = file.toAbsolutePath().getParent();
        ConfigReader reader = new ConfigReader(parent == null ? Path.of("").toAbsolutePath() : parent);
        Map<String, ConfigNode> top = map(root, "the file");
        checkKeys(top, ConfigKeys.TOP_LEVEL, "");
        Map<String, String> properties = new LinkedHashMap<>();
        Optional.ofNullable(top.get("providers")).ifPresent(p -> reader.providers(p, properties));
        Optional.ofNullable(top.get("run")).ifPresent(r -> reader.run(r, properties));
        ConfigNode benchmarks = top.get("benchmarks");
        if (benchmarks == null) {
            throw new ConfigException("no 'benchmarks' list: write benchmarks: followed by one entry per benchmark",
                    root.at());
        }
        List<BenchmarkHarness> harnesses = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode entry : list(benchmarks, "benchmarks")) {
            BenchmarkHarness harness = reader.benchmark(entry);
            if (!names.add(harness.descriptor().name())) {
                throw new ConfigException("two benchmarks are named '" + harness.descriptor().name() + "'; give each"
                        + " a unique name", entry.at());
            }
            harnesses.add(harness);
        }
        if (harnesses.isEmpty()) {
            throw new ConfigException("'benchmarks' is empty: write at least one benchmark", benchmarks.at());
        }
        return new LensConfig(file, properties, harnesses);
    }

    // ---- providers: and run: ----

    private void providers(ConfigNode node, Map<String, String> properties) {
        map(node, "providers").forEach((provider, settings) -> map(settings, "providers." + provider)
                .forEach((key, value) -> {
                    if (!ConfigKeys.PROVIDER.contains(key)) {
                        throw new ConfigException("unknown provider setting '" + key + "'", value.at(),
                                key.toLowerCase(Locale.ROOT).contains("key") ? "; API keys are read from the"
                                + " environment only (e.g. OPENAI_API_KEY), never from a file; the settings are "
                                + String.join(", ", ConfigKeys.PROVIDER) : ConfigKeys.allowed(key,
                                ConfigKeys.PROVIDER));
                    }
                    properties.put("lens." + provider + "." + key, scalarText(value, provider + "." + key));
                }));
    }

    private void run(ConfigNode node, Map<String, String> properties) {
        Map<String, ConfigNode> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        flat.forEach((key, value) -> {
            if (!ConfigKeys.RUN.contains(key) && ConfigKeys.RUN_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw new ConfigException("unknown run setting '" + key + "'", value.at(),
                        ConfigKeys.allowed(key, ConfigKeys.RUN));
            }
            String text = value.isList() ? value.list().stream().map(v -> scalarText(v, key))
                    .collect(Collectors.joining(",")) : scalarText(value, key);
            if (key.equals("reportsDirectory") || key.equals("baseline") || key.equals("prices")) {
                text = directory.resolve(text).normalize().toString();
            }
            properties.put("lens." + key, text);
        });
        // The run settings' own checks (RunOptions and LoadOptions name the lens.* key that is wrong).
        Properties p = new Properties();
        p.putAll(properties);
        try {
            RunOptions.from(p);
        } catch (IllegalArgumentException e) {
            ConfigNode at = flat.entrySet().stream().filter(f -> e.getMessage().contains("lens." + f.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(node);
            throw new ConfigException(e.getMessage(), at.at(), e);
        }
    }

    private static void flatten(String prefix, ConfigNode node, Map<String, ConfigNode> flat) {
        map(node, prefix.isEmpty() ? "run" : "run." + prefix).forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value.isMap()) {
                flatten(name, value, flat);
            } else {
                flat.put(name, value);
            }
        });
    }

    // ---- one benchmark ----

    private BenchmarkHarness benchmark(ConfigNode entry) {
        Map<String, ConfigNode> b = map(entry, "a benchmark");
        checkKeys(b, ConfigKeys.BENCHMARK, "");
        ConfigNode provider = required(b, "provider", entry, "provider: openai");
        ConfigNode model = required(b, "model", entry, "model: gpt-4o-mini");
        BenchmarkDescriptor.Builder d = BenchmarkDescriptor.builder(scalarText(provider, "provider"),
                scalarText(model, "model"));
        ifPresent(b, "name", v -> d.name(scalarText(v, "name")));
        ifPresent(b, "iterations", v -> d.iterations(integer(v, "iterations")));
        ifPresent(b, "warmup", v -> d.warmup(integer(v, "warmup")));
        ifPresent(b, "pattern", v -> d.pattern(pattern(v)));
        ifPresent(b, "concurrency", v -> d.concurrency(integer(v, "concurrency")));
        ifPresent(b, "rate", v -> d.rate(number(v, "rate")));
        ifPresent(b, "maxTokens", v -> d.maxTokens(integer(v, "maxTokens")));
        ifPresent(b, "temperature", v -> d.temperature(number(v, "temperature")));
        ifPresent(b, "timeoutMs", v -> d.timeoutMs(integer(v, "timeoutMs")));
        ifPresent(b, "tags", v -> d.tags(v.isList() ? v.list().stream().map(t -> scalarText(t, "tags")).toList()
                : List.of(scalarText(v, "tags"))));
        ifPresent(b, "sla", v -> d.sla(sla(v)));
        ifPresent(b, "workload", v -> d.workload(workload(v)));

        Optional<ChatRequest> request = request(b, entry);
        if (request.isPresent() == b.containsKey("workload")) {
            throw new ConfigException(request.isPresent() ? "a benchmark has either a workload or a prompt (prompt,"
                    + " messages), not both: the workload makes its requests" : "a benchmark needs its requests: write"
                    + " prompt: \"...\", messages: [...], or a workload: {...}", entry.at());
        }
        BenchmarkDescriptor descriptor;
        try {
            descriptor = d.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), locate(e.getMessage(), b, entry), e);
        }
        return request.map(r -> LatencyLens.benchmark(descriptor, it -> r))
                .orElseGet(() -> LatencyLens.benchmark(descriptor));
    }

    private Optional<ChatRequest> request(Map<String, ConfigNode> b, ConfigNode entry) {
        ConfigNode prompt = b.get("prompt");
        ConfigNode messages = b.get("messages");
        ConfigNode system = b.get("system");
        if (prompt != null && messages != null) {
            throw new ConfigException("write either prompt or messages, not both", messages.at());
        }
        if (prompt == null && messages == null) {
            if (system != null) {
                throw new ConfigException("system needs a prompt or messages beside it", system.at());
            }
            return Optional.empty();
        }
        ChatRequest.Builder r = ChatRequest.builder();
        if (system != null) {
            r.system(scalarText(system, "system"));
        }
        if (prompt != null) {
            r.user(scalarText(prompt, "prompt"));
        } else {
            for (ConfigNode m : list(messages, "messages")) {
                Map<String, ConfigNode> message = map(m, "a message");
                checkKeys(message, ConfigKeys.MESSAGE, "messages.");
                String content = scalarText(required(message, "content", m, "content: \"...\""), "content");
                ConfigNode role = required(message, "role", m, "role: user");
                switch (scalarText(role, "role").toLowerCase(Locale.ROOT)) {
                    case "user" -> r.user(content);
                    case "assistant" -> r.assistant(content);
                    case "system" -> r.system(content);
                    default -> throw new ConfigException("role must be user, assistant or system, was '"
                            + role.value() + "'", role.at());
                }
            }
        }
        try {
            return Optional.of(r.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), (prompt != null ? prompt : messages).at(), e);
        }
    }

    private static SlaSpec sla(ConfigNode node) {
        Map<String, ConfigNode> bounds = map(node, "sla");
        checkKeys(bounds, ConfigKeys.SLA, "sla.");
        SlaSpec sla = SlaSpec.none();
        for (Map.Entry<String, ConfigNode> bound : bounds.entrySet()) {
            double v = number(bound.getValue(), "sla." + bound.getKey());
            try {
                sla = sla.withBound(bound.getKey(), v); // the keys were checked above
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), bound.getValue().at(), e);
            }
        }
        return sla;
    }

    private Workload workload(ConfigNode node) {
        Map<String, ConfigNode> w = map(node, "workload");
        checkKeys(w, ConfigKeys.WORKLOAD, "workload.");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, ConfigNode> written = new LinkedHashMap<>(w);
        w.forEach((key, value) -> {
            if ((key.equals("inputTokens") || key.equals("outputTokens")) && value.isMap()) {
                String side = key.substring(0, key.length() - "Tokens".length()); // input, output
                Map<String, ConfigNode> length = value.map();
                checkKeys(length, ConfigKeys.LENGTH, "workload." + key + ".");
                length.forEach((part, v) -> {
                    String flatKey = part.equals("mean") ? key
                            : side + Character.toUpperCase(part.charAt(0)) + part.substring(1);
                    values.put(flatKey, scalar(v, "workload." + key + "." + part));
                    written.put(flatKey, v);
                });
            } else if (key.equals("dataset") || key.equals("trace") || key.equals(ConfigKeys.PROMPTS)) {
                String name = key.equals(ConfigKeys.PROMPTS) ? "dataset" : key;
                if (values.containsKey(name)) {
                    throw new ConfigException("write either prompts or dataset, not both (they are one key)",
                            value.at());
                }
                values.put(name, resolve(scalarText(value, "workload." + key)));
                written.put(name, value);
            } else {
                values.put(key, scalar(value, "workload." + key));
            }
        });
        try {
            return Workload.fromMap(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), locate(e.getMessage(), written, node), e);
        }
    }

    /** A file of the workload, relative to the configuration file's directory; {@code classpath:} stays. */
    private String resolve(String path) {
        return path.startsWith("classpath:") ? path : directory.resolve(path).normalize().toString();
    }

    private static LoadPattern pattern(ConfigNode v) {
        String name = scalarText(v, "pattern").trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(LoadPattern.values()).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException("pattern must be one of " + Arrays.stream(LoadPattern.values())
                        .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                        + ", was '" + v.value() + "'", v.at()));
    }

    // ---- keys, types, locations ----

    private static void checkKeys(Map<String, ConfigNode> map, List<String> allowed, String path) {
        map.forEach((key, value) -> {
            if (!allowed.contains(key)) {
                throw new ConfigException("unknown key '" + path + key + "'", value.at(),
                        ConfigKeys.allowed(key, allowed));
            }
        });
    }

    /**
     * Where the key a rule's message names was written: the first word of the message that is a key of the
     * benchmark (the runtime's messages start with the key, {@code "concurrency must be 1 for SEQUENTIAL"}), else
     * the benchmark itself.
     */
    private static ConfigNode.Location locate(String message, Map<String, ConfigNode> keys, ConfigNode fallback) {
        Matcher m = WORD.matcher(message);
        while (m.find()) {
            ConfigNode node = keys.get(m.group());
            if (node != null) {
                return node.at();
            }
        }
        return fallback.at();
    }

    private static ConfigNode required(Map<String, ConfigNode> map, String key, ConfigNode owner, String example) {
        ConfigNode v = map.get(key);
        if (v == null || v.value() == null) {
            throw new ConfigException("missing key '" + key + "' (e.g. " + example + ")", owner.at());
        }
        return v;
    }

    private static void ifPresent(Map<String, ConfigNode> map, String key, Consumer<ConfigNode> f) {
        ConfigNode v = map.get(key);
        if (v != null) {
            f.accept(v);
        }
    }

    private static Map<String, ConfigNode> map(ConfigNode node, String what) {
        if (!node.isMap()) {
            throw new ConfigException(what + " must be a map of keys and values, was " + node.typeName(), node.at());
        }
        return node.map();
    }

    private static List<ConfigNode> list(ConfigNode node, String what) {
        if (!node.isList()) {
            throw new ConfigException(what + " must be a list (- entries), was " + node.typeName(), node.at());
        }
        return node.list();
    }

    private static Object scalar(ConfigNode v, String key) {
        if (!v.isScalar() || v.value() == null) {
            throw new ConfigException(key + " must be a single value, was " + v.typeName(), v.at());
        }
        return v.value();
    }

    private static String scalarText(ConfigNode v, String key) {
        Object value = scalar(v, key);
        return value instanceof Double d && d == Math.rint(d) && !d.isInfinite() ? Long.toString(d.longValue())
                : value.toString();
    }

    private static double number(ConfigNode v, String key) {
        Object value = scalar(v, key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, was " + v.typeName(), v.at());
        }
    }

    private static int integer(ConfigNode v, String key) {
        double d = number(v, key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new ConfigException(key + " must be a whole number, was " + v.typeName(), v.at());
        }
        return (int) d;
    }
}
