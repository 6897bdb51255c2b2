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

    @Test
    void aWatchDueBeforeTheOneTheThreadSleepsUntilWakesIt() throws InterruptedException {
        // Never a look at the buckets unless woken: an hour's sleep planned for the first watch would outlast the test.
        Deadlines sleepy = new Deadlines(TimeUnit.HOURS.toNanos(2));
        AtomicBoolean laterFired = new AtomicBoolean();
        sleepy.watch(TimeUnit.HOURS.toMillis(1), () -> laterFired.set(true));
        CountDownLatch earlier = new CountDownLatch(1);
        sleepy.watch(40, earlier::countDown);

        assertThat(earlier.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(laterFired).isFalse();
    }

    @Test
    void theLastWatchOfABucketToCloseRemovesIt() {
        Deadlines.Watch a = deadlines.watch(60_000, () -> { });
        Deadlines.Watch b = deadlines.watch(120_000, () -> { });
        assertThat(deadlines.buckets()).isEqualTo(2);

        a.close();
        assertThat(deadlines.buckets()).as("nothing left to wake the thread for at a's deadline").isEqualTo(1);
        b.close();
        assertThat(deadlines.buckets()).isZero();
    }
}
