package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana: the dashboard is a valid Grafana dashboard whose queries use only metrics Lens exposes, and the
 * docker-compose example is valid YAML mounting files that exist.
 */
class DashboardTest {

    static final Path GRAFANA = Path.of(System.getProperty("lens.repositoryRoot", ".."), "docs", "grafana");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            panel.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
        }
        return exprs;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(GRAFANA.resolve("lens.json").toFile());
    }

    @Test
    void everyMetricTheQueriesUseIsOneLensExposes() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = SELECTOR.matcher(expr);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).allSatisfy(name -> assertThat(ExportedMetric.byPrometheusName(name)).as(name).isPresent());
        assertThat(used).contains("gen_ai_server_time_to_first_token_seconds_bucket",
                "gen_ai_server_time_per_output_token_seconds_bucket", "gen_ai_client_operation_duration_seconds_bucket",
                "lens_requests_total", "lens_throughput_output_tokens_per_second", "lens_cost_total", "lens_alert");
        assertThat(String.join("\n", expressions())).contains("histogram_quantile(0.5", "histogram_quantile(0.95",
                "histogram_quantile(0.99");
    }

    @Test
    void itIsAValidDashboardWithTemplatedBenchmarkProviderAndModel() throws IOException {
        JsonNode d = dashboard();
        assertThat(d.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(d.get("title").asText()).isEqualTo("Latency Lens");
        assertThat(d.get("uid").asText()).isNotBlank();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : d.get("panels")) {
            assertThat(panel.get("type").asText()).isIn("timeseries", "stat");
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids unique").isTrue();
            assertThat(panel.get("datasource").get("type").asText()).isEqualTo("prometheus");
            assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            assertThat(panel.get("targets")).isNotEmpty().allSatisfy(t -> {
                assertThat(t.get("refId").asText()).isNotBlank();
                assertThat(t.get("expr").asText()).isNotBlank();
            });
        }
        List<String> variables = new ArrayList<>();
        d.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
        assertThat(variables).contains("datasource", "benchmark", "provider", "model");
        for (String expr : expressions()) {
            assertThat(expr).contains("benchmark=~\"$benchmark\"");
        }
    }

    @Test
    void theComposeFileIsYamlAndMountsFilesThatExist() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode compose = yaml.readTree(GRAFANA.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertThat(services.has("prometheus") && services.has("pushgateway") && services.has("grafana")).isTrue();
        List<String> mounted = new ArrayList<>();
        services.forEach(s -> s.path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            mounted.add(source);
            assertThat(GRAFANA.resolve(source)).as(v.asText()).exists();
        }));
        assertThat(mounted).contains("./provisioning", "./lens.json", "./prometheus.yml");
        assertThat(services.get("grafana").get("volumes").toString())
                .contains("/etc/grafana/provisioning", "/var/lib/grafana/dashboards/lens.json");
        JsonNode datasource = yaml.readTree(GRAFANA.resolve("provisioning/datasources/prometheus.yml").toFile());
        assertThat(datasource.get("datasources").get(0).get("type").asText()).isEqualTo("prometheus");
        JsonNode dashboards = yaml.readTree(GRAFANA.resolve("provisioning/dashboards/lens.yml").toFile());
        assertThat(dashboards.get("providers").get(0).get("options").get("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards");
        assertThat(Files.readString(GRAFANA.resolve("prometheus.yml"))).contains("honor_labels: true");
    }
}
