package dev.latencylens.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A wait never ends before its instant unless stopped, and a stop ends it: orderings only, no timing bounds. */
@Timeout(60)
class SpinWindowTest {

    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void theCalibratedWindowStaysWithinItsBounds() {
        long nanos = SpinWindow.calibrate().nanos();

        assertThat(nanos).isBetween(SpinWindow.MIN_NANOS, SpinWindow.MAX_NANOS);
    }

    @Test
    void aWaitNeverEndsBeforeItsInstant() {
        SpinWindow window = SpinWindow.calibrate();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            // Instants inside the spin window, just past it, and well past it.
            long deadline = System.nanoTime() + random.nextLong(3 * window.nanos());

            assertThat(window.awaitUntil(deadline, () -> false)).isTrue();
            assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline);
        }
    }

    @Test
    void aStopEndsTheWaitBeforeItsInstant() {
        SpinWindow window = SpinWindow.calibrate();
        long stopAt = System.nanoTime() + 20_000_000;
        long deadline = System.nanoTime() + HOUR;

        assertThat(window.awaitUntil(deadline, () -> System.nanoTime() >= stopAt)).isFalse();
        assertThat(System.nanoTime()).isLessThan(deadline);
        assertThat(window.awaitUntil(deadline, () -> true)).as("already stopped").isFalse();
    }
}
