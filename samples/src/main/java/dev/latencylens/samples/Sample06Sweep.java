package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.Sla;

/**
 * Sample 06: how much load before latency gives way.
 *
 * <p>{@link LoadPattern#SWEEP} measures the synchronous rate (one request at a time), then the saturated rate
 * ({@code concurrency} in flight), then {@code lens.sweep.steps} Poisson rates evenly between (4 by default), each
 * step {@code iterations} requests and its own row in the table. Read together they are the latency-versus-
 * throughput curve; the highest rate whose step met the {@link Sla} is the capacity at SLO, printed at the end.
 */
public class Sample06Sweep {

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 16, warmup = 2,
            pattern = LoadPattern.SWEEP, concurrency = 8, maxTokens = 20)
    @Sla(ttftP95Ms = 400)
    public String translate() {
        return "Translate to French: 'The meeting moved to Thursday.'";
    }
}
