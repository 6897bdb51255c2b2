package dev.latencylens.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.Distribution;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Histograms#summarize} walks the buckets once instead of calling HdrHistogram's getMean, getStdDeviation and
 * getValueAtPercentile: its figures must be theirs, bit for bit, whatever the shape of the data.
 */
class HistogramsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 99, 100, 1_000, 25_000})
    void theOneWalkGivesHdrHistogramsOwnFigures(int values) {
        SplittableRandom random = new SplittableRandom(values);
        for (String shape : new String[] {"constant", "narrow", "wide", "with zeros"}) {
            Histogram h = new Histogram(3);
            h.setAutoResize(true);
            for (int i = 0; i < values; i++) {
                h.recordValue(switch (shape) {
                    case "constant" -> 31_415_926L;
                    case "narrow" -> 20_000_000L + random.nextLong(500_000);
                    case "wide" -> (long) Math.exp(random.nextDouble(2, 24)); // 7 ns to 26 s
                    default -> random.nextInt(4) == 0 ? 0 : random.nextLong(1, 5_000_000_000L);
                });
            }

            Distribution d = Histograms.summarize(h, "ms", 1e6);

            assertThat(d.n()).isEqualTo(values);
            assertThat(d.mean()).as(shape).isEqualTo(h.getMean() / 1e6);
            assertThat(d.stddev()).as(shape).isEqualTo(h.getStdDeviation() / 1e6);
            assertThat(d.p50()).as(shape).isEqualTo(hdr(h, 50));
            assertThat(d.p90()).as(shape).isEqualTo(hdr(h, 90));
            assertThat(d.p95()).as(shape).isEqualTo(hdr(h, 95));
            if (values >= Distribution.P99_MIN_SAMPLES) {
                assertThat(d.p99()).as(shape).hasValue(hdr(h, 99));
            }
            if (values >= Distribution.P999_MIN_SAMPLES) {
                assertThat(d.p999()).as(shape).hasValue(hdr(h, 99.9));
            }
            assertThat(d.min()).isEqualTo(h.getMinValue() / 1e6);
            assertThat(d.max()).isEqualTo(h.getMaxValue() / 1e6);
        }
    }

    /** HdrHistogram's percentile, read as the median of its bucket (as summarize reports it). */
    private static double hdr(Histogram h, double percentile) {
        return h.medianEquivalentValue(h.getValueAtPercentile(percentile)) / 1e6;
    }
}
