package dev.latencylens.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/METRICS.md, the metric contract, and the {@link Metric} enum say the same: one row per metric, with its key,
 * label, unit and OpenTelemetry name, and a formula. A metric added to one and not the other fails here.
 */
class MetricsDocTest {

    private static final Path DOC = Path.of("..", "docs", "METRICS.md");
    private static final String MARKER = "<!-- metric table: checked against dev.latencylens.results.Metric";

    /** A row of the table: label, key, unit, formula, OpenTelemetry name (— for none). */
    private record Row(String label, String key, String unit, String formula, String openTelemetry) {
    }

    @Test
    void everyMetricHasARowThatMatchesTheEnum() throws IOException {
        Map<String, Row> rows = table();

        assertThat(rows.keySet()).as("the keys of docs/METRICS.md's metric table, in enum order")
                .containsExactlyElementsOf(Arrays.stream(Metric.values()).map(Metric::key).toList());
        for (Metric m : Metric.values()) {
            Row row = rows.get(m.key());
            assertThat(row.label()).as("label of %s", m).isEqualTo(m.label());
            assertThat(row.unit()).as("unit of %s", m).isEqualTo(m.unit());
            assertThat(row.openTelemetry()).as("OpenTelemetry name of %s", m)
                    .isEqualTo(m.openTelemetryName().map(n -> "`" + n + "`").orElse("—"));
            assertThat(row.formula()).as("formula of %s", m).isNotBlank();
        }
    }

    @Test
    void theDocumentStatesThePercentileRuleAndEveryStamp() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains("nearest rank", "3 significant digits", "p99 only from\n100 samples",
                "p99.9 only from 1,000");
        for (String stamp : List.of("t_sched", "t_send", "t_conn", "t_hdr", "t_ft", "t_fo", "t_i", "t_lt", "t_end")) {
            assertThat(doc).contains("`" + stamp);
        }
    }

    private static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                start = i + 3; // the marker, the header, the separator
            }
        }
        assertThat(start).as("docs/METRICS.md has the metric table marker").isPositive();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).substring(1, lines.get(i).length() - 1).split(" \\| ", -1);
            assertThat(cells).as("row %d of the metric table: %s", i + 1, lines.get(i)).hasSize(5);
            String key = cells[1].trim().replace("`", "");
            rows.put(key, new Row(cells[0].trim(), key, cells[2].trim(), cells[3].trim(), cells[4].trim()));
        }
        return rows;
    }
}
