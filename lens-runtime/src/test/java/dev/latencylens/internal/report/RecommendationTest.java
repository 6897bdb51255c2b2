package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.pricing.PriceTable;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Price;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.TokenCounts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The recommender on hand-built results with known numbers: every benchmark 10 requests of 500 input and 200 output
 * tokens, so a price of 1 / 4 USD per 1M tokens costs 0.0013 a request, 1.3 per 1k.
 */
class RecommendationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SlaSpec TTFT_400 = SlaSpec.none().withTtftP95Ms(400);

    // A: fast and dear; B: slower and cheap; C: slower and dearer than B (dominated); D: fastest, without a price.
    private final BenchmarkResult a = bench("a", "m-a", "3", "15", 100);
    private final BenchmarkResult b = bench("b", "m-b", "0.5", "2", 300);
    private final BenchmarkResult c = bench("c", "m-c", "1", "4", 500);
    private final BenchmarkResult d = bench("d", "m-d", null, null, 50);

    @Test
    void theFrontierHoldsWhatNoOtherBeatsOnBothAndTheCheapestMeetingTheSloIsPicked() {
        Recommendation r = recommend(Optional.of(TTFT_400), Optional.empty(), a, b, c, d);

        assertThat(r.rows()).extracting(Recommendation.Row::name).containsExactly("a", "b", "c", "d");
        assertThat(r.rows()).extracting(Recommendation.Row::frontier).containsExactly(true, true, false, false);
        assertThat(r.rows().get(0).costPer1k()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4.5"));
        assertThat(r.rows().get(1).costPer1k()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.65"));
        assertThat(r.rows().get(2).meetsSlo()).isFalse();
        assertThat(r.rows().get(3).costUnknown()).hasValueSatisfying(w -> assertThat(w).contains("openai/m-d"));
        assertThat(r.pick()).map(Recommendation.Row::name).hasValue("b");
        assertThat(RecommendationReport.text(r)).contains("Recommended: b (openai/m-b)")
                .contains("COST UNKNOWN d: ").contains("(never recommended on cost)");
    }

    @Test
    void aBenchmarkWithoutAPriceIsNeverPickedEvenWhenOnlyItMeetsTheSlo() {
        Recommendation r = recommend(Optional.of(SlaSpec.none().withTtftP95Ms(60)), Optional.empty(), a, b, d);

        assertThat(r.rows().get(2).meetsSlo()).isTrue();
        assertThat(r.pick()).isEmpty();
        assertThat(RecommendationReport.text(r)).contains("No benchmark with a known cost meets every SLO (1 meet")
                .contains("ttftP95Ms: met by d");
    }

    @Test
    void equalPointsAreAllOnTheFrontierAndEqualCostsGoToTheFasterThenTheFirst() {
        BenchmarkResult twinOfB = bench("b2", "m-b2", "0.5", "2", 300);
        BenchmarkResult slowerAtB = bench("b3", "m-b3", "0.5", "2", 350);

        Recommendation r = recommend(Optional.of(TTFT_400), Optional.empty(), slowerAtB, b, twinOfB, a);

        assertThat(r.rows()).extracting(Recommendation.Row::frontier).containsExactly(false, true, true, true);
        assertThat(r.pick()).map(Recommendation.Row::name).as("b and b2 tie: the first given of the two").hasValue("b");
    }

    @Test
    void whenNothingMeetsEverySloEachBoundSaysWhoMetItOrWhoCameClosestAndByHowMuch() {
        SlaSpec slo = SlaSpec.none().withTtftP95Ms(800).withE2eP95Ms(3000);
        BenchmarkResult nearly = bench("nearly", "m-1", "1", "4", 820);        // E2E 870 ms: met
        BenchmarkResult farOff = bench("far-off", "m-2", "0.5", "2", 2000, 3500); // both missed

        Recommendation r = recommend(Optional.of(slo), Optional.empty(), farOff, nearly);

        assertThat(r.pick()).isEmpty();
        List<Recommendation.Closest> closest = r.closest();
        assertThat(closest).extracting(Recommendation.Closest::bound).containsExactly("ttftP95Ms", "e2eP95Ms");
        Recommendation.Closest ttft = closest.get(0);
        assertThat(ttft.metBy()).isEmpty();
        assertThat(ttft.closest()).map(Recommendation.Row::name).hasValue("nearly");
        double measured = ttft.violation().orElseThrow().measured().getAsDouble();
        assertThat(measured).isCloseTo(820, within(1.0)); // the histogram's 3 significant digits
        assertThat(ttft.relativeMiss().getAsDouble()).isCloseTo((measured - 800) / 800, within(1e-12))
                .isCloseTo(0.025, within(0.002));
        assertThat(closest.get(1).metBy()).extracting(Recommendation.Row::name).containsExactly("nearly");
        assertThat(RecommendationReport.text(r)).contains("No benchmark meets every SLO.")
                .containsPattern("ttftP95Ms: closest nearly \\(openai/m-1\\), over by 2\\.[45] %")
                .contains("e2eP95Ms: met by nearly");
    }

    @Test
    void theMonthlyProjectionIsTheTrafficsTokensAtEachPriceOrTheMeasuredCostPerRequest() {
        Traffic perDay = Traffic.parse("100000/day");
        assertThat(perDay.requestsPerMonth()).isEqualByComparingTo("3000000");
        assertThat(Traffic.parse("5000/hour").requestsPerMonth()).isEqualByComparingTo("3600000");
        assertThat(Traffic.parse("2500000/month").requestsPerMonth()).isEqualByComparingTo("2500000");
        assertThat(perDay.averagePerSecond()).isCloseTo(3_000_000 / 2_592_000.0, within(1e-12));
        assertThat(perDay.peakPerSecond()).isCloseTo(2 * 3_000_000 / 2_592_000.0, within(1e-12));

        // At 1 / 4 USD per 1M: 1000 × 1e-6 + 100 × 4e-6 = 0.0014 a request, × 3,000,000 = 4200, exactly.
        Recommendation stated = recommend(Optional.empty(), Optional.of(perDay.withTokens(1000, 100)), c);
        assertThat(stated.rows().get(0).monthly()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4200"));
        assertThat(stated.rows().get(0).cost()).isEqualTo(stated.rows().get(0).monthly());
        // Without tokens: the measured 0.0013 a request (1.3 per 1k) × 3,000,000 = 3900.
        Recommendation measured = recommend(Optional.empty(), Optional.of(perDay), c);
        assertThat(measured.rows().get(0).monthly())
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3900"));
        assertThat(RecommendationReport.text(stated)).contains("4200.0000 USD/month")
                .contains("with 1000 input and 100 output tokens a request")
                .contains("rate limit of at least 139 requests/min and 152778 tokens/min");
    }

    @Test
    void aSweepsCapacityAtSloSizesTheReplicasForThePeakAndIsJudgedAgainUnderGivenSlos() {
        BenchmarkResult sync = ReportFixtures.step("s", 0, 0, 2, TTFT_400, 50, 50, 50);
        BenchmarkResult max = ReportFixtures.step("s", 1, 0, 8, TTFT_400, 900, 900, 900);
        BenchmarkResult poisson = ReportFixtures.last(ReportFixtures.step("s", 2, 5, 5, TTFT_400, 300, 300, 300),
                OptionalDouble.of(5));
        Traffic traffic = Traffic.parse("1000000/day"); // 11.57 req/s, 23.15 at the peak

        Recommendation own = recommend(Optional.empty(), Optional.of(traffic), sync, max, poisson);
        assertThat(own.rows()).allSatisfy(row -> assertThat(row.capacityAtSlo()).hasValue(5));
        assertThat(own.rows()).allSatisfy(row -> assertThat(row.replicas()).hasValue(5)); // ceil(23.15 / 5)
        assertThat(RecommendationReport.text(own)).contains("5 replica(s) at its capacity at SLO of 5.00 req/s");

        Recommendation stricter = recommend(Optional.of(SlaSpec.none().withTtftP95Ms(100)),
                Optional.of(traffic.withPeakFactor(BigDecimal.ONE)), sync, max, poisson);
        assertThat(stricter.rows().get(0).capacityAtSlo()).as("only the synchronous step meets 100 ms").hasValue(2);
        assertThat(stricter.rows().get(0).replicas()).hasValue(6); // ceil(11.57 / 2)
        assertThat(stricter.pick()).map(Recommendation.Row::name).hasValue("s [sync]");
    }

    @Test
    void theJsonHoldsEveryRowItsFrontierFlagTheProjectionAndThePick() throws Exception {
        Recommendation r = recommend(Optional.of(TTFT_400), Optional.of(Traffic.parse("100000/day")
                .withTokens(500, 200)), a, b, c, d);

        JsonNode json = JSON.readTree(RecommendationReport.json(r));

        assertThat(json.get("rows")).hasSize(4);
        assertThat(json.at("/rows/1/frontier").asBoolean()).isTrue();
        assertThat(json.at("/rows/2/frontier").asBoolean()).isFalse();
        assertThat(json.at("/rows/1/monthlyCost").decimalValue()).isEqualByComparingTo("1950");
        assertThat(json.at("/rows/3/monthlyCost").isNull()).isTrue();
        assertThat(json.at("/rows/3/costUnknown").asText()).startsWith("cost unknown: ");
        assertThat(json.at("/rows/2/misses/0/bound").asText()).isEqualTo("ttftP95Ms");
        assertThat(json.at("/traffic/requestsPerMonth").decimalValue()).isEqualByComparingTo("3000000");
        assertThat(json.at("/slo/ttftP95Ms").asDouble()).isEqualTo(400);
        assertThat(json.at("/recommended/name").asText()).isEqualTo("b");
        assertThat(json.at("/recommended/model").asText()).isEqualTo("m-b");
    }

    @Test
    void badInputIsRefusedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> SlaSpec.none().withBound("ttftP90Ms", 800))
                .hasMessage("unknown SLA bound 'ttftP90Ms'; allowed: ttftP50Ms, ttftP95Ms, ttftP99Ms, tpotP95Ms,"
                        + " e2eP95Ms, e2eP99Ms, maxErrorRate, minOutputTokensPerSecond");
        assertThatThrownBy(() -> new Recommendation.Options(Optional.empty(), "ttft", Optional.empty()))
                .hasMessageContaining("unknown latency 'ttft'; allowed: ttftP50Ms, ttftP95Ms");
        assertThatThrownBy(() -> Traffic.parse("100000/week"))
                .hasMessageContaining("expected requests per day, hour or month, e.g. 100000/day");
        assertThatThrownBy(() -> Traffic.parse("10/day").withPeakFactor(new BigDecimal("0.5")))
                .hasMessageContaining("peak factor must be 1 or more");
        BenchmarkResult euro = b.toBuilder().cost(CostSummaries.of(Optional.of(new Price("openai", "m-b",
                BigDecimal.ONE, Optional.empty(), Optional.empty(), BigDecimal.ONE, Optional.empty(), "EUR",
                LocalDate.of(2025, 1, 1), "test")), TokenCounts.of(5000, 2000), 10, 10, 0)).build();
        assertThatThrownBy(() -> recommend(Optional.empty(), Optional.empty(), a, euro))
                .hasMessageContaining("several currencies (EUR, USD)");
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static Recommendation recommend(Optional<SlaSpec> slo, Optional<Traffic> traffic,
                                            BenchmarkResult... results) {
        RunResult run = ReportFixtures.runOf(false, results);
        return Recommendation.of(List.of(run), new Recommendation.Options(slo, Recommendation.DEFAULT_LATENCY,
                traffic));
    }

    private static BenchmarkResult bench(String name, String model, String inputPrice, String outputPrice,
                                         double ttftMs) {
        return bench(name, model, inputPrice, outputPrice, ttftMs, ttftMs + 50);
    }

    /**
     * 10 successful requests of {@code model}, each of TTFT {@code ttftMs} and E2E {@code e2eMs}, 500 input and 200
     * output tokens, priced at these USD per 1M tokens (no price when null); no {@code @Sla} of its own.
     */
    private static BenchmarkResult bench(String name, String model, String inputPrice, String outputPrice,
                                         double ttftMs, double e2eMs) {
        double[] ttft = new double[10];
        double[] e2e = new double[10];
        Arrays.fill(ttft, ttftMs);
        Arrays.fill(e2e, e2eMs);
        BenchmarkDescriptor descriptor = BenchmarkDescriptor.builder("openai", model).name(name).iterations(10)
                .warmup(0).build();
        Optional<Price> price = inputPrice == null ? Optional.empty()
                : Optional.of(Price.of("openai", model, inputPrice, outputPrice, LocalDate.of(2025, 1, 1), "test"));
        return ReportFixtures.result(name, ms(ttft), ms(e2e), 10, 10, Map.of()).toBuilder().descriptor(descriptor)
                .cost(price.isPresent() ? CostSummaries.of(price, TokenCounts.of(5000, 2000), 10, 10, 0)
                        : CostSummaries.lookup(PriceTable.builtIn(), "openai", model,
                        TokenCounts.of(5000, 2000), 10, 10, 0))
                .build();
    }
}
