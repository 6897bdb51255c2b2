package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final Deadlines deadlines = new Deadlines();

    @Test
    void aWatchFiresOnceItsTimeHasPassedAndNotBefore() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        long start = System.nanoTime();
        long[] at = new long[1];
        deadlines.watch(50, () -> {
            at[0] = System.nanoTime();
            fired.countDown();
        });

        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(at[0] - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aClosedWatchNeverFires() throws InterruptedException {
        AtomicBoolean closedOneFired = new AtomicBoolean();
        Deadlines.Watch closed = deadlines.watch(20, () -> closedOneFired.set(true));
        closed.close();
        CountDownLatch later = new CountDownLatch(1);
        deadlines.watch(60, later::countDown);

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        // Had the closed watch still been watched, its earlier deadline would have fired on an earlier tick.
        assertThat(closedOneFired).isFalse();
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() throws InterruptedException {
        deadlines.watch(10, () -> {
            throw new IllegalStateException("cancel failed");
        });
        CountDownLatch next = new CountDownLatch(1);
        deadlines.watch(30, next::countDown);

        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
