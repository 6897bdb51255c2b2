package dev.latencylens.simulator;

import java.util.SplittableRandom;

/**
 * The sampled plan of one request: fault, TTFT, length, and (drawn as the stream advances) the per-token delays.
 *
 * <p>Each request gets its own generator, split from the simulator's seeded one in arrival order. So a given
 * seed and request order give the same plan for every request, however many samples the others drew, and the
 * cold-start sample is drawn whether or not it is applied, so connection reuse does not shift later samples.
 */
final class Script {

    final Fault fault;
    final int promptTokens;
    final int outputTokens;
    final String finishReason;
    final int tokensPerEvent;
    final int events;
    final boolean cold;
    final long coldStartNanos;
    final long ttftNanos;
    final long stallNanos;
    final int retryAfterSeconds;
    final boolean closeAfterResponse;
    /** Where the response's words start in the {@link Vocabulary}. */
    final int wordOffset;
    private final SplittableRandom random;
    private final Dist interTokenDelay;
    private final double slowdown;

    Script(SimProfile profile, ChatCall call, boolean cold, SplittableRandom random) {
        this(profile, call, cold, random, 1);
    }

    /** @param slowdown the factor (≥ 1) on TTFT and token delays of a model serving beyond its capacity */
    Script(SimProfile profile, ChatCall call, boolean cold, SplittableRandom random, double slowdown) {
        this.slowdown = slowdown;
        this.random = random;
        this.interTokenDelay = profile.interTokenDelay();
        this.fault = pickFault(profile, random.nextDouble());
        long ttft = Math.round(millisToNanos(profile.ttft().sample(random)) * slowdown);
        long coldSample = millisToNanos(profile.coldStart().sample(random));
        int sampledLength = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(profile.outputTokens().sample(random))));
        this.wordOffset = random.nextInt(Vocabulary.size());
        this.promptTokens = call.promptTokens();
        this.cold = cold;
        this.coldStartNanos = cold ? coldSample : 0;
        long prefill = Math.round(profile.prefillMicrosPerToken() * promptTokens * 1_000.0);
        this.ttftNanos = ttft + prefill + coldStartNanos;
        this.outputTokens = Math.min(sampledLength, call.maxTokens());
        this.finishReason = sampledLength > call.maxTokens() ? "length" : "stop";
        this.tokensPerEvent = profile.tokensPerEvent();
        this.events = (outputTokens + tokensPerEvent - 1) / tokensPerEvent;
        this.stallNanos = profile.stall().toNanos();
        this.retryAfterSeconds = profile.retryAfterSeconds();
        this.closeAfterResponse = profile.closeAfterResponse();
    }

    /** Index of the first token carried by content event {@code event}. */
    int firstToken(int event) {
        return event * tokensPerEvent;
    }

    int tokensIn(int event) {
        return Math.min(tokensPerEvent, outputTokens - firstToken(event));
    }

    /** The delay before content event {@code event} (≥ 1): one inter-token sample per token it carries. */
    long delayBefore(int event) {
        long sum = 0;
        for (int i = tokensIn(event); i > 0; i--) {
            sum += Math.round(millisToNanos(interTokenDelay.sample(random)) * slowdown);
        }
        return sum;
    }

    /** How many content events go out before a drop or a stall: about half, at least one when there are two. */
    int eventsBeforeFault() {
        return events / 2;
    }

    private static Fault pickFault(SimProfile profile, double u) {
        double cumulative = 0;
        for (Fault f : Fault.values()) {
            if (f == Fault.NONE) {
                continue;
            }
            cumulative += profile.faultRate(f);
            if (u < cumulative) {
                return f;
            }
        }
        return Fault.NONE;
    }

    static long millisToNanos(double millis) {
        return Math.round(millis * 1_000_000.0);
    }
}
