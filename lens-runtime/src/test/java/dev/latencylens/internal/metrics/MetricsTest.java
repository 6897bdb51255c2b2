package dev.latencylens.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.Metric;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Usage;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Metric definitions (docs/METRICS.md) applied to hand-made traces: exact, no clock involved. */
class MetricsTest {

    private static final long MS = 1_000_000;

    /** A request sent at 1000 ms whose events arrive at the given offsets (ms after sending). */
    private static RequestTrace trace(int index, long... eventOffsetsMs) {
        long send = 1_000 * MS;
        RequestTrace t = new RequestTrace(Phase.MEASURED, index, send, false);
        t.sent(send);
        t.headersReceived(send + 5 * MS);
        for (long offset : eventOffsetsMs) {
            t.content(send + offset * MS, ContentKind.TEXT, "tok ", -1);
        }
        t.usage(send + 1, Usage.of(10, eventOffsetsMs.length));
        t.finish(send + 1, "stop");
        t.end(send + (eventOffsetsMs[eventOffsetsMs.length - 1] + 1) * MS);
        return t;
    }

    @Test
    void traceDerivesEveryMetric() {
        RequestTrace t = trace(0, 100, 110, 130);
        assertThat(t.ttfbNanos()).isEqualTo(5 * MS);
        assertThat(t.ttftNanos()).isEqualTo(100 * MS);
        assertThat(t.ttfoNanos()).isEqualTo(100 * MS);
        assertThat(t.tpotNanos()).isEqualTo(15 * MS); // (130 - 100) / (3 - 1)
        assertThat(t.e2eNanos()).isEqualTo(131 * MS);
        assertThat(t.scheduleLagNanos()).isZero();
        assertThat(t.outputTokens()).isEqualTo(3);
        assertThat(t.tokensEstimated()).isFalse();
    }

    @Test
    void reasoningCountsForTtftButNotForTtfo() {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        t.content(40 * MS, ContentKind.REASONING, "hmm", -1);
        t.content(90 * MS, ContentKind.TEXT, "Hi", -1);
        t.end(100 * MS);
        assertThat(t.ttftNanos()).isEqualTo(40 * MS);
        assertThat(t.ttfoNanos()).isEqualTo(90 * MS);
        assertThat(t.tokensEstimated()).isTrue();
    }

    @Test
    void aStreamWithoutContentIsAnEmptyOutputError() {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        t.finish(1, "stop");
        t.end(2);
        assertThat(t.succeeded()).isFalse();
        assertThat(t.errorClass()).contains(ErrorClass.EMPTY_OUTPUT);
    }

    @Test
    void recorderSummarisesGapsAndErrors() {
        MetricsRecorder r = new MetricsRecorder(3);
        r.record(trace(0, 100, 110, 130));
        r.record(trace(1, 200, 220));
        RequestTrace failed = new RequestTrace(Phase.MEASURED, 2, 0, false);
        failed.sent(0);
        failed.fail(ErrorClass.RATE_LIMITED, "HTTP 429: slow down");
        failed.end(MS);
        r.record(failed);

        MetricsRecorder.Snapshot s = r.snapshot();
        assertThat(s.attempted()).isEqualTo(3);
        assertThat(s.succeeded()).isEqualTo(2);
        assertThat(s.errorCounts()).containsEntry(ErrorClass.RATE_LIMITED, 1L);
        assertThat(s.errorExamples().get(ErrorClass.RATE_LIMITED)).containsExactly("HTTP 429: slow down");
        Distribution icl = s.metrics().get(Metric.ICL);
        assertThat(icl.n()).isEqualTo(3); // 10, 20 and 20 ms
        assertThat(icl.min()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(icl.max()).isEqualTo(20.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(s.metrics().get(Metric.ITL).n()).isZero();
        assertThat(s.metrics().get(Metric.TTFT).n()).isEqualTo(2);
        assertThat(s.outputTokens()).isEqualTo(5);
        assertThat(s.tokenSource()).isEqualTo("provider");
    }

    @Test
    void itlIsRecordedOnlyWhenEveryEventSaysItsTokens() {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        t.content(10 * MS, ContentKind.TEXT, "ab", 2);
        t.content(30 * MS, ContentKind.TEXT, "cd", 2);
        t.usage(31 * MS, Usage.of(1, 4));
        t.end(31 * MS);
        MetricsRecorder r = new MetricsRecorder(1);
        r.record(t);
        Distribution itl = r.snapshot().metrics().get(Metric.ITL);
        assertThat(itl.n()).isEqualTo(1);
        assertThat(itl.p50()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(0.01)); // 20 ms / 2 tokens
    }

    @Test
    void percentilesNeedEnoughSamplesAndRoundTrip() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 99; i++) {
            h.recordValue(i * MS);
        }
        Distribution d = Histograms.summarize(h, "ms", 1e6);
        assertThat(d.p99()).isEmpty();
        assertThat(d.p999()).isEmpty();
        assertThat(d.p50()).isEqualTo(50.0, org.assertj.core.data.Offset.offset(0.05));
        h.recordValue(100 * MS);
        Distribution e = Histograms.summarize(h, "ms", 1e6);
        assertThat(e.p99()).isPresent();
        assertThat(e.p99().getAsDouble()).isEqualTo(99.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Histograms.decode(e.histogram()).getTotalCount()).isEqualTo(100);
    }

    @Test
    void warmupCheckFlagsASlowStartAndNothingElse() {
        WarmupCheck slowStart = new WarmupCheck(100);
        WarmupCheck steady = new WarmupCheck(100);
        for (int i = 0; i < 100; i++) {
            long base = (100 + (i * 37) % 50) * MS; // 100..149 ms, spread evenly
            slowStart.record(i, i < 10 ? base * 3 : base);
            steady.record(i, base);
        }
        assertThat(slowStart.verdict()).hasValueSatisfying(v -> assertThat(v).startsWith("not warmed up"));
        assertThat(steady.verdict()).isEmpty();
        assertThat(new WarmupCheck(20).verdict()).isEmpty(); // too few requests to judge
    }
}
