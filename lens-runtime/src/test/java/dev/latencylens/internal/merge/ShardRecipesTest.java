package dev.latencylens.internal.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The recipes of docs/SHARDS.md are YAML their platforms can read, and say what Lens relies on: how many shards,
 * how each learns its place and the start instant, where it writes, and a merge of exactly those shards.
 */
class ShardRecipesTest {

    private static final Path RECIPES = Path.of("..", "docs", "recipes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(Files.readString(RECIPES.resolve(file)))) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    /** {@code lens.merge.inputs=<prefix>0,<prefix>1,...} for {@code count} shards numbered from {@code first}. */
    private static String inputs(String prefix, int first, int count) {
        return "-Dlens.merge.inputs=" + String.join(",", IntStream.range(first, first + count)
                .mapToObj(i -> prefix + i).toList());
    }

    private static String text(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }

    @Test
    void kubernetesIndexedJobAndItsMerge() throws IOException {
        List<JsonNode> docs = documents("k8s-indexed-job.yaml");
        JsonNode shards = docs.stream().filter(d -> d.path("metadata").path("name").asText().equals("lens-shards"))
                .findFirst().orElseThrow();
        assertThat(shards.path("kind").asText()).isEqualTo("Job");
        JsonNode spec = shards.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int n = spec.path("completions").asInt();
        assertThat(n).isGreaterThan(1);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(n);
        JsonNode container = spec.at("/template/spec/containers/0");
        List<String> env = new ArrayList<>();
        container.path("env").forEach(e -> env.add(e.path("name").asText() + "=" + e.path("value").asText()));
        assertThat(env).contains("JOB_COMPLETIONS=" + n, "START_AT=${START_AT}");
        String command = text(container.path("command")) + " " + text(container.path("args"));
        assertThat(command).contains("lens:bench", "-Dlens.startAt=$(START_AT)",
                "-Dlens.reportsDirectory=/results/shard-$(JOB_COMPLETION_INDEX)").doesNotContain("lens.shard");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/results");

        JsonNode merge = docs.stream().filter(d -> d.path("metadata").path("name").asText().equals("lens-merge"))
                .findFirst().orElseThrow();
        JsonNode mergeContainer = merge.at("/spec/template/spec/containers/0");
        assertThat(text(mergeContainer.path("command")) + " " + text(mergeContainer.path("args")))
                .contains("lens:merge", inputs("/results/shard-", 0, n), "-Dlens.reportsDirectory=/results/merged");
        assertThat(text(merge.at("/spec/template/spec/initContainers/0/command"))).contains("-ge " + n);
        assertThat(docs).anySatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("PersistentVolumeClaim"));
    }

    @Test
    void gitHubActionsMatrixAndItsMerge() throws IOException {
        JsonNode jobs = documents("github-actions-shards.yml").get(0).path("jobs");
        JsonNode matrix = jobs.at("/bench/strategy/matrix/shard");
        int n = matrix.size();
        assertThat(n).isGreaterThan(1);
        for (int i = 0; i < n; i++) {
            assertThat(matrix.get(i).asInt()).isEqualTo(i);
        }
        assertThat(jobs.at("/bench/strategy/fail-fast").asBoolean(true)).isFalse();
        assertThat(jobs.at("/bench/needs").asText()).isEqualTo("plan");
        String steps = jobs.at("/bench/steps").toString();
        assertThat(steps).contains("mvn -B lens:bench", "-Dlens.shard=${{ matrix.shard }}/" + n,
                "-Dlens.startAt=${{ needs.plan.outputs.start-at }}",
                "-Dlens.reportsDirectory=target/lens/shard-${{ matrix.shard }}", "actions/upload-artifact",
                "lens-shard-${{ matrix.shard }}");
        assertThat(jobs.at("/merge/needs").asText()).isEqualTo("bench");
        String merge = jobs.at("/merge/steps").toString();
        assertThat(merge).contains("actions/download-artifact", "lens-shard-*", "mvn -B lens:merge",
                inputs("shards/lens-shard-", 0, n));
    }

    @Test
    void gitLabParallelJobAndItsMerge() throws IOException {
        JsonNode ci = documents("gitlab-ci-shards.yml").get(0);
        int n = ci.at("/bench/parallel").asInt();
        assertThat(n).isGreaterThan(1);
        String bench = ci.at("/bench/script").toString();
        // GitLab's CI_NODE_INDEX/CI_NODE_TOTAL name the shard; the start instant comes from the plan job's dotenv.
        assertThat(bench).contains("lens:bench", "-Dlens.startAt=$START_AT",
                "-Dlens.reportsDirectory=target/lens/shard-$CI_NODE_INDEX").doesNotContain("lens.shard");
        assertThat(ci.at("/plan/artifacts/reports/dotenv").asText()).isEqualTo("plan.env");
        assertThat(ci.at("/plan/script").toString()).contains("START_AT=");
        assertThat(ci.at("/merge/needs/0").asText()).isEqualTo("bench");
        assertThat(ci.at("/merge/script").toString()).contains("lens:merge", inputs("target/lens/shard-", 1, n));
        assertThat(ci.at("/stages").toString()).isEqualTo("[\"plan\",\"bench\",\"merge\"]");
    }
}
