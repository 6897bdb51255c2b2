package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The names: Prometheus's follow from OpenTelemetry's by the conversion rules, and the README lists every one. */
class ExportedMetricTest {

    @Test
    void prometheusNamesFollowTheConversionRules() {
        assertThat(ExportedMetric.TIME_TO_FIRST_TOKEN.prometheusName())
                .isEqualTo("gen_ai_server_time_to_first_token_seconds");
        assertThat(ExportedMetric.OPERATION_DURATION.prometheusName())
                .isEqualTo("gen_ai_client_operation_duration_seconds");
        assertThat(ExportedMetric.TOKEN_USAGE.prometheusName()).isEqualTo("gen_ai_client_token_usage");
        assertThat(ExportedMetric.INTER_CHUNK_LATENCY.prometheusName()).isEqualTo("gen_ai_client_operation_time_per_output_chunk_seconds");
        assertThat(ExportedMetric.REQUESTS.prometheusName()).isEqualTo("lens_requests_total");
        assertThat(ExportedMetric.OUTPUT_TOKEN_RATE.prometheusName())
                .isEqualTo("lens_throughput_output_tokens_per_second");
        Pattern valid = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        for (ExportedMetric m : ExportedMetric.values()) {
            assertThat(m.prometheusName()).matches(valid);
            assertThat(m.openTelemetryName()).startsWith(m.name().equals("OPERATION_DURATION")
                    || m.openTelemetryName().startsWith("gen_ai.") ? "gen_ai." : "lens.");
            assertThat(m.buckets()).as(m.name()).isSortedAccordingTo(Double::compare);
            assertThat(m.buckets().isEmpty()).isEqualTo(m.kind() != ExportedMetric.Kind.HISTOGRAM);
        }
        assertThat(ExportedMetric.byPrometheusName("gen_ai_client_token_usage_bucket"))
                .contains(ExportedMetric.TOKEN_USAGE);
        assertThat(ExportedMetric.byPrometheusName("lens_requests_total_bucket")).isEmpty();
        assertThat(ExportedMetric.byPrometheusName("up")).isEmpty();
    }

    @Test
    void semanticConventionBoundariesAndProviderNames() {
        assertThat(ExportedMetric.OPERATION_DURATION.buckets()).startsWith(0.01, 0.02, 0.04).endsWith(81.92)
                .hasSize(14);
        assertThat(ExportedMetric.TIME_PER_OUTPUT_TOKEN.buckets()).containsExactly(0.01, 0.025, 0.05, 0.075, 0.1,
                0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);
        assertThat(ExportedMetric.TOKEN_USAGE.buckets()).startsWith(1.0, 4.0, 16.0).endsWith(67108864.0);
        assertThat(List.of("bedrock", "bedrock-invoke", "azure-openai", "vertex", "mistral", "openai", "vllm")
                .stream().map(ExportedMetric::providerName)).containsExactly("aws.bedrock", "aws.bedrock",
                "azure.ai.openai", "gcp.vertex_ai", "mistral_ai", "openai", "vllm");
    }

    @Test
    void theReadmeTableListsEveryExportedName() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("lens.repositoryRoot", ".."), "README.md"));
        for (ExportedMetric m : ExportedMetric.values()) {
            assertThat(readme).contains("| `" + m.openTelemetryName() + "` | `" + m.prometheusName() + "` | "
                    + m.kind().name().toLowerCase(java.util.Locale.ROOT) + " | "
                    + (m.unit().isEmpty() ? "" : "`" + m.unit() + "`") + " | `" + m.source() + "` | ");
        }
    }
}
