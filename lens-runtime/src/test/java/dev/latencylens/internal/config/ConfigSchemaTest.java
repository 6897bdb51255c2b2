package dev.latencylens.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/lens.schema.json, the JSON Schema editors use for lens.yaml (also inside lens.jar): every example file is
 * valid against it and read by the reader, a misspelt key is not, and its keys are exactly the reader's.
 */
class ConfigSchemaTest {

    private static final Path DOCS = Path.of("../docs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(JSON.readTree(DOCS.resolve("lens.schema.json").toFile()));
    }

    private static JsonNode tree(Path file) throws Exception {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".toml") ? new TomlMapper() : name.endsWith(".json") ? JSON
                : new YAMLMapper();
        return mapper.readTree(file.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lens.yaml", "lens.json", "lens.toml"})
    void everyExampleIsValidAndReadable(String example) throws Exception {
        Path file = DOCS.resolve("examples").resolve(example);

        assertThat(schema().validate(tree(file))).isEmpty();
        assertThat(LensConfig.read(file, Map.of()).benchmarks()).isNotEmpty();
    }

    @Test
    void aMisspeltKeyIsInvalid() throws Exception {
        JsonNode bad = new YAMLMapper().readTree("""
                benchmarks:
                  - { provider: openai, model: m, prompt: hi, iteration: 20 }
                """);

        assertThat(schema().validate(bad)).singleElement().asString().contains("iteration");
    }

    @Test
    void theSchemaHasExactlyTheReadersKeys() throws Exception {
        JsonNode root = JSON.readTree(DOCS.resolve("lens.schema.json").toFile());
        JsonNode benchmark = root.at("/properties/benchmarks/items/properties");

        assertThat(names(root.get("properties"))).containsExactlyInAnyOrderElementsOf(ConfigKeys.TOP_LEVEL);
        assertThat(names(benchmark)).containsExactlyElementsOf(ConfigKeys.BENCHMARK);
        assertThat(names(benchmark.at("/sla/properties"))).containsExactlyElementsOf(ConfigKeys.SLA);
        assertThat(names(benchmark.at("/workload/properties"))).containsExactlyElementsOf(ConfigKeys.WORKLOAD);
        assertThat(names(benchmark.at("/workload/properties/inputTokens/oneOf/1/properties")))
                .containsExactlyElementsOf(ConfigKeys.LENGTH);
        assertThat(names(root.at("/properties/providers/additionalProperties/properties")))
                .containsExactlyElementsOf(ConfigKeys.PROVIDER);
        List<String> run = new ArrayList<>();
        flatten("", root.at("/properties/run/properties"), run);
        assertThat(run).containsExactlyInAnyOrderElementsOf(Stream.concat(ConfigKeys.RUN.stream(),
                ConfigKeys.RUN_PREFIXES.stream()).toList());
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Run settings as the reader lists them: nested objects joined with dots, open ones as a prefix. */
    private static void flatten(String prefix, JsonNode properties, List<String> into) {
        properties.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            if (e.getValue().has("properties")) {
                flatten(name + ".", e.getValue().get("properties"), into);
            } else if (e.getValue().path("type").asText().equals("object")) {
                into.add(name + ".");
            } else {
                into.add(name);
            }
        });
    }
}
