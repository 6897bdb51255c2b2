package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.ContentKind;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The words of the cold-start verdict: the three cases a probe can fall in once the steady state is known. */
class ColdStartAnalysisTest {

    /** 200 steady TTFTs of 4.9–5.1 ms: a tight local server, as the simulator is. */
    private static final Distribution STEADY = steady();

    @Test
    void aProbeInsideTheBoundIsWithinTheSteadyState() {
        ColdStart c = ColdStartAnalysis.analyse(probe(5.0), STEADY);

        assertThat(c.detected()).isFalse();
        assertThat(c.verdict()).startsWith("no cold start").contains("within the steady state");
    }

    @Test
    void aProbeAboveTheBoundButUnderTheFloorsIsSaidToBeAboveIt() {
        ColdStart c = ColdStartAnalysis.analyse(probe(8.0), STEADY);

        assertThat(c.detected()).isFalse();
        assertThat(c.thresholdMs().getAsDouble()).isLessThan(8.0);
        assertThat(c.verdict()).startsWith("no cold start").contains("above the steady state's bound")
                .doesNotContain("within the steady state");
    }

    @Test
    void aProbeBeyondTheBoundAndTheFloorsIsAColdStart() {
        ColdStart c = ColdStartAnalysis.analyse(probe(40.0), STEADY);

        assertThat(c.detected()).isTrue();
        assertThat(c.verdict()).startsWith("cold start of +");
    }

    /** A successful probe on a pooled connection whose first content came {@code ttftMs} after it was sent. */
    private static RequestTrace probe(double ttftMs) {
        RequestTrace t = new RequestTrace(Phase.COLD, 0, 0, false, 0);
        t.sent(1_000_000);
        t.connectionAcquired(1_000_000);
        t.headersReceived(1_000_000 + 100_000);
        long first = 1_000_000 + Math.round(ttftMs * 1e6);
        t.content(first, ContentKind.TEXT, "hi", 1);
        t.finish(first + 1_000, "stop");
        t.end(first + 2_000);
        return t;
    }

    private static Distribution steady() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 200; i++) {
            h.recordValue(4_900_000 + (i % 21) * 10_000L); // ns
        }
        return Histograms.summarize(h, "ms", 1e6);
    }
}
