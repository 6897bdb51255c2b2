package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportTest {

    @Test
    void aRealRunGivesOneRowPerBenchmarkWithTheRunsFigures(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.realRun().run();
        Path file = CsvReport.write(run, dir);

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(file.getFileName().toString()).isEqualTo("results.csv");
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n");
        List<List<String>> records = parse(text);
        assertThat(records).hasSize(1 + run.benchmarks().size());
        assertThat(records.get(0)).isEqualTo(CsvReport.COLUMNS);
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(CsvReport.COLUMNS.size()));

        Map<String, String> steady = row(records, 1);
        BenchmarkResult s = run.benchmarks().get(0);
        assertThat(steady.get("name")).isEqualTo(ReportFixtures.STEADY_NAME);
        assertThat(steady.get("pattern")).isEqualTo("CONCURRENT");
        assertThat(steady.get("concurrency")).isEqualTo("8");
        assertThat(steady.get("attempted")).isEqualTo("240");
        assertThat(Double.parseDouble(steady.get("ttftP50Ms"))).isCloseTo(s.metric(Metric.TTFT).p50(), within(0.001));
        assertThat(Double.parseDouble(steady.get("e2eP95Ms"))).isCloseTo(s.metric(Metric.E2E).p95(), within(0.001));
        // 240 successful requests: p99 is reported
        assertThat(Double.parseDouble(steady.get("ttftP99Ms")))
                .isCloseTo(s.metric(Metric.TTFT).p99().getAsDouble(), within(0.001));
        assertThat(steady.get("itlP50Ms")).as("the simulator reports no tokens per event: no ITL").isEmpty();
        assertThat(Double.parseDouble(steady.get("outputTokensPerSecond")))
                .isCloseTo(s.throughput().outputTokensPerSecond(), within(0.001));
        assertThat(steady.get("coldStartDetected")).isEqualTo(Boolean.toString(s.coldStart().detected()));
        assertThat(steady.get("tokenSource")).isEqualTo(s.tokens().source());

        Map<String, String> flaky = row(records, 2);
        BenchmarkResult f = run.benchmarks().get(1);
        assertThat(flaky.get("name")).as("quoted field read back whole").isEqualTo(ReportFixtures.HOSTILE_NAME);
        assertThat(Long.parseLong(flaky.get("errors"))).isEqualTo(f.reliability().attempted()
                - f.reliability().succeeded()).isPositive();
        BenchmarkResult.Errors limited = f.reliability().errors().get(ErrorClass.RATE_LIMITED);
        assertThat(flaky.get("rateLimited")).isEqualTo(Long.toString(limited == null ? 0 : limited.count()));
        assertThat(Double.parseDouble(flaky.get("successRate")))
                .isCloseTo(f.reliability().successRate(), within(0.0001));
    }

    @Test
    void absentValuesAreEmptyFieldsAndNumbersIgnoreTheDefaultLocale() {
        BenchmarkResult small = ReportFixtures.result("small", ms(12.5, 14, 20), ms(100, 120, 150), 3, 3, Map.of());
        BenchmarkResult failed = ReportFixtures.result("failed", ms(), ms(), 2, 0,
                Map.of(ErrorClass.HTTP_5XX, new BenchmarkResult.Errors(2, List.of("HTTP 500"))));
        Locale saved = Locale.getDefault();
        String text;
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma
            text = CsvReport.render(ReportFixtures.runOf(false, small, failed));
        } finally {
            Locale.setDefault(saved);
        }
        List<List<String>> records = parse(text);
        Map<String, String> s = row(records, 1);
        assertThat(Double.parseDouble(s.get("ttftP50Ms"))).isCloseTo(14, within(0.01));
        assertThat(s.get("ttftP50Ms")).matches("\\d+(\\.\\d{1,3})?");
        assertThat(Double.parseDouble(s.get("ttftMaxMs"))).isCloseTo(20, within(0.02));
        assertThat(s.get("ttftP99Ms")).as("3 samples: no p99").isEmpty();
        assertThat(s.get("e2eP99Ms")).isEmpty();
        assertThat(s.get("tpotP50Ms")).as("empty distribution").isEmpty();
        assertThat(s.get("coldStartPenaltyMs")).as("no cold start seen").isEmpty();
        assertThat(s.get("outputTokensPerSecond")).isEqualTo("125");
        assertThat(s.get("requestsPerSecond")).isEqualTo("2.5");

        Map<String, String> f = row(records, 2);
        assertThat(f.get("ttftP50Ms")).isEmpty();
        assertThat(f.get("e2eP95Ms")).isEmpty();
        assertThat(f.get("successRate")).isEqualTo("0");
        assertThat(f.get("errors")).isEqualTo("2");
        assertThat(f.get("rateLimited")).isEqualTo("0");
        assertThat(text).doesNotContain("E-").doesNotContain("NaN");
    }

    @Test
    void sweepStepsGetOneRowEachWithCostGoodputAndLoadColumnsAtTheEnd() {
        RunResult run = ReportFixtures.sweepRun().run();
        List<List<String>> records = parse(CsvReport.render(run));

        List<String> added = List.of("costTotal", "costPer1kSuccessful", "costCurrency", "costKnown", "goodputGood",
                "goodputFraction", "goodputRequestsPerSecond", "targetRate", "achievedRate", "clientLimited",
                "userTtftP95Ms", "scheduleLagP99Ms", "connectionReuseRate", "staleRetries", "closesConnections",
                "serverPromptP50Ms", "clientOverServerTtftP50Ms", "coldStartConnectionSetupMs",
                "coldStartServerTtftMs", "runCostTotal", "runCostRequests", "dropped");
        assertThat(CsvReport.COLUMNS.subList(CsvReport.COLUMNS.size() - added.size(), CsvReport.COLUMNS.size()))
                .as("new columns at the end").isEqualTo(added);
        assertThat(CsvReport.COLUMNS).doesNotHaveDuplicates().contains("responseTimeP95Ms");
        assertThat(records).hasSize(1 + 4);
        for (int i = 0; i < 4; i++) {
            Map<String, String> row = row(records, i + 1);
            BenchmarkResult r = run.benchmarks().get(i);
            assertThat(row.get("name")).isEqualTo(r.descriptor().name()).startsWith("s [");
            assertThat(row.get("costKnown")).isEqualTo("true");
            assertThat(row.get("costCurrency")).isEqualTo("USD");
            assertThat(row.get("costTotal")).isEqualTo(ReportViews.amount(r.cost().total().orElseThrow()))
                    .matches("\\d+\\.\\d{4}");
            assertThat(row.get("costPer1kSuccessful"))
                    .isEqualTo(ReportViews.amount(r.cost().perThousandSuccessful().orElseThrow()));
            assertThat(row.get("runCostTotal")).isEqualTo(ReportViews.amount(r.runCost().total().orElseThrow()));
            assertThat(Long.parseLong(row.get("runCostRequests"))).as("the step's probe and measured requests")
                    .isEqualTo(r.runCost().requests()).isGreaterThan(r.reliability().attempted());
            assertThat(row.get("dropped")).isEqualTo("0");
            assertThat(r.goodput().defined()).as("the @Sla sets a TTFT bound").isTrue();
            assertThat(row.get("goodputGood")).isEqualTo(Long.toString(r.goodput().good()));
            assertThat(Double.parseDouble(row.get("goodputFraction"))).isCloseTo(r.goodput().goodFraction(),
                    within(0.0001));
            assertThat(Double.parseDouble(row.get("goodputRequestsPerSecond")))
                    .isCloseTo(r.goodput().requestsPerSecond(), within(0.001));
            assertThat(Double.parseDouble(row.get("achievedRate"))).isCloseTo(r.load().achievedRate(), within(0.001));
            assertThat(row.get("clientLimited")).isEqualTo(Boolean.toString(r.load().clientLimited()));
            assertThat(Double.parseDouble(row.get("userTtftP95Ms"))).isCloseTo(r.metric(Metric.USER_TTFT).p95(),
                    within(0.001));
            assertThat(Double.parseDouble(row.get("responseTimeP95Ms")))
                    .isCloseTo(r.metric(Metric.RESPONSE_TIME).p95(), within(0.001));
            assertThat(row.get("scheduleLagP99Ms")).as("20 requests: no p99").isEmpty();
            if (r.descriptor().pattern().isOpenLoop()) {
                assertThat(row.get("pattern")).isEqualTo("POISSON");
                assertThat(Double.parseDouble(row.get("targetRate"))).isCloseTo(r.descriptor().rate(), within(0.001));
            } else {
                assertThat(row.get("targetRate")).as("closed loop: no target").isEmpty();
            }
        }
    }

    @Test
    void anUnknownCostAndAnUndefinedGoodputAreEmptyFieldsAndClientLimitedIsTrue() {
        BenchmarkResult unknown = ReportFixtures.with(ReportFixtures.result("u", ms(10, 12), ms(20, 22), 2, 2,
                Map.of()), dev.latencylens.results.Goodput.undefined(), ReportFixtures.clientLimited(50, 31.25, "CPU"),
                ReportFixtures.unknownCost(2, 2));
        BenchmarkResult known = ReportFixtures.with(ReportFixtures.result("k", ms(10, 12), ms(20, 22), 2, 2,
                Map.of()), new dev.latencylens.results.Goodput(true, 1, 0.5, 0.25), dev.latencylens.results.LoadCheck.none(),
                ReportFixtures.knownCost(2, 2));
        List<List<String>> records = parse(CsvReport.render(ReportFixtures.runOf(false, unknown, known)));

        Map<String, String> u = row(records, 1);
        assertThat(u.get("costTotal")).isEmpty();
        assertThat(u.get("costPer1kSuccessful")).isEmpty();
        assertThat(u.get("costCurrency")).isEmpty();
        assertThat(u.get("costKnown")).isEqualTo("false");
        assertThat(u.get("goodputGood")).isEmpty();
        assertThat(u.get("goodputFraction")).isEmpty();
        assertThat(u.get("goodputRequestsPerSecond")).isEmpty();
        assertThat(u.get("targetRate")).isEqualTo("50");
        assertThat(u.get("achievedRate")).isEqualTo("31.25");
        assertThat(u.get("clientLimited")).isEqualTo("true");
        assertThat(u.get("userTtftP95Ms")).as("no sample").isEmpty();

        Map<String, String> k = row(records, 2);
        assertThat(k.get("costTotal")).isEqualTo("0.0090"); // 1,000 in × 1 + 2,000 out × 4 USD per 1M
        assertThat(k.get("costPer1kSuccessful")).isEqualTo("4.5000");
        assertThat(k.get("costCurrency")).isEqualTo("USD");
        assertThat(k.get("costKnown")).isEqualTo("true");
        assertThat(k.get("goodputGood")).isEqualTo("1");
        assertThat(k.get("goodputFraction")).isEqualTo("0.5");
        assertThat(k.get("goodputRequestsPerSecond")).isEqualTo("0.25");
        assertThat(k.get("targetRate")).isEmpty();
        assertThat(k.get("clientLimited")).isEqualTo("false");
    }

    @Test
    void fieldsAreQuotedOnlyWhenRfc4180AsksForIt() {
        assertThat(CsvReport.field("plain text")).isEqualTo("plain text");
        assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvReport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvReport.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvReport.field("cr\ronly")).isEqualTo("\"cr\ronly\"");
        assertThat(CsvReport.field("")).isEmpty();
    }

    private static Map<String, String> row(List<List<String>> records, int index) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < records.get(0).size(); i++) {
            row.put(records.get(0).get(i), records.get(index).get(i));
        }
        return row;
    }

    /** A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0) {
                i++;
                while (true) {
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(q);
                    i++;
                }
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
            } else {
                assertThat(c).as("bare CR, LF or quote outside a quoted field at %d", i).isNotIn('\r', '\n', '"');
                field.append(c);
                i++;
            }
        }
        assertThat(record).as("the file ends with CRLF").isEmpty();
        return records;
    }
}
