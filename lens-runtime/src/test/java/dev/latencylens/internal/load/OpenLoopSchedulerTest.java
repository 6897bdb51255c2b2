package dev.latencylens.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open loop hands each request to its worker before it is due; these check what that must never change: no
 * request goes before its intended time, every request keeps its intended time however late it goes, the slot cap
 * holds, and a stop leaves every due request either sent or counted as unsent. No timing bounds: only orderings.
 */
@Timeout(60)
class OpenLoopSchedulerTest {

    private static final long MS = 1_000_000;

    /** What the scheduler passed and when the sender was called, by request index. */
    private record Send(long scheduled, long called) {
    }

    @Test
    void noRequestIsSentBeforeItsIntendedTimeAndEachKeepsItsPlannedTime() throws InterruptedException {
        Map<Integer, Send> sends = new ConcurrentHashMap<>();
        long start = System.nanoTime() + 5 * MS;
        OpenLoopScheduler scheduler = new OpenLoopScheduler(ArrivalSchedule.constantRate(500), 8, "t",
                OptionalLong.of(start));

        scheduler.run(50, (i, sched) -> () -> sends.put(i, new Send(sched, System.nanoTime())), () -> false);

        assertThat(sends).hasSize(50);
        sends.forEach((i, s) -> {
            assertThat(s.scheduled()).as("request %d's intended time", i).isEqualTo(start + i * 2 * MS);
            assertThat(s.called()).as("request %d sent at or after its intended time", i)
                    .isGreaterThanOrEqualTo(s.scheduled());
        });
        assertThat(scheduler.dispatchLag().getTotalCount()).as("one dispatch lag per request sent").isEqualTo(50);
        assertThat(scheduler.unsentBefore(Long.MAX_VALUE)).isZero();
    }

    @Test
    void theSlotCapHoldsAndARequestThatWaitedForASlotKeepsItsIntendedTime() throws Exception {
        int slots = 3;
        int count = 30;
        // Every request is due within 3 ms, far sooner than three at a time can be sent: most wait for a slot.
        CyclicBarrier allSlotsBusy = new CyclicBarrier(slots);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Map<Integer, Send> sends = new ConcurrentHashMap<>();
        long start = System.nanoTime() + 5 * MS;
        OpenLoopScheduler scheduler = new OpenLoopScheduler(ArrivalSchedule.constantRate(10_000), slots, "t",
                OptionalLong.of(start));

        scheduler.run(count, (i, sched) -> () -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sends.put(i, new Send(sched, System.nanoTime()));
            try {
                // Holds each request until all slots are taken: proves three go at once, and a fourth cannot.
                allSlotsBusy.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the slots never filled", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }, () -> false);

        assertThat(mostInFlight.get()).isEqualTo(slots);
        assertThat(sends).hasSize(count);
        IntStream.range(0, count).forEach(i -> {
            Send s = sends.get(i);
            assertThat(s.scheduled()).as("request %d keeps its intended time", i).isEqualTo(start + i * MS / 10);
            assertThat(s.called()).isGreaterThanOrEqualTo(s.scheduled());
        });
    }

    @Test
    void aStopLeavesEveryDueRequestEitherSentOrCountedAsUnsent() throws InterruptedException {
        Map<Integer, Send> sends = new ConcurrentHashMap<>();
        long start = System.nanoTime() + 5 * MS;
        // 100/s: due at 0, 10, ..., 90 ms. The stop comes between the handing-off of the request due at 50 ms and
        // its instant, so its worker (or, if the dispatcher woke late, the dispatcher) sees it.
        long stopAt = start + 50 * MS - OpenLoopScheduler.HANDOFF_LEAD_NANOS / 4;
        OpenLoopScheduler scheduler = new OpenLoopScheduler(ArrivalSchedule.constantRate(100), 4, "t",
                OptionalLong.of(start));

        scheduler.run(1000, (i, sched) -> () -> sends.put(i, new Send(sched, System.nanoTime())),
                () -> System.nanoTime() >= stopAt);

        assertThat(sends.size() + scheduler.unsentBefore(start + 95 * MS)).as("due before 95 ms: sent or unsent")
                .isEqualTo(10);
        assertThat(sends.keySet()).as("a prefix of the schedule, nothing after the stop")
                .isSubsetOf(IntStream.range(0, 5).boxed().toList());
        sends.values().forEach(s -> assertThat(s.called()).isGreaterThanOrEqualTo(s.scheduled()));
    }

    @Test
    void aStopBeforeAnythingWasDueSendsNothing() throws InterruptedException {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        OpenLoopScheduler scheduler = new OpenLoopScheduler(ArrivalSchedule.constantRate(10), 2, "t");

        scheduler.run(5, (i, sched) -> () -> sent.add(i), () -> true);

        assertThat(sent).isEmpty();
        assertThat(scheduler.dispatchLag().getTotalCount()).isZero();
    }
}
