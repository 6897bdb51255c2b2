package dev.latencylens.simulator;

import java.util.SplittableRandom;

/**
 * The sampled plan of one request: fault, TTFT, what the response says ({@link ResponsePlan}), and (drawn as the
 * stream advances) the per-token delays.
 *
 * <p>Each request gets its own generator, split from the simulator's seeded one in arrival order. So a given
 * seed and request order give the same plan for every request, however many samples the others drew, and the
 * cold-start sample is drawn whether or not it is applied, so connection reuse does not shift later samples.
 */
final class Script {

    final Fault fault;
    final int promptTokens;
    final ResponsePlan plan;
    final boolean cold;
    final long coldStartNanos;
    final long ttftNanos;
    final long stallNanos;
    final int retryAfterSeconds;
    final boolean closeAfterResponse;
    private final SplittableRandom random;
    private final Dist interTokenDelay;
    private final double slowdown;

    /**
     * @param slowdown the factor (≥ 1) on TTFT and token delays of a model serving beyond its capacity
     * @param dialect  the request's format: whether it sends each tool call in one event, whether it can say
     *                 reasoning and tool calls at all
     */
    Script(SimProfile profile, ChatCall call, boolean cold, SplittableRandom random, double slowdown,
           Dialect dialect) {
        this.slowdown = slowdown;
        this.random = random;
        this.interTokenDelay = profile.interTokenDelay();
        this.fault = pickFault(profile, random.nextDouble());
        long ttft = Math.round(millisToNanos(profile.ttft().sample(random)) * slowdown);
        long coldSample = millisToNanos(profile.coldStart().sample(random));
        boolean reasoningAndToolCalls = dialect.reasoningAndToolCalls(call);
        // A response of tool calls alone may have no answer text; any other says at least one token.
        int minimum = reasoningAndToolCalls && profile.toolCalls() > 0 ? 0 : 1;
        // A request that asks for a length (vLLM's min_tokens, ignore_eos) gets at least that many answer tokens.
        int sampledLength = (int) Math.max(Math.max(minimum, call.minTokens()), Math.min(Integer.MAX_VALUE,
                Math.round(profile.outputTokens().sample(random))));
        int wordOffset = random.nextInt(Vocabulary.size());
        this.promptTokens = call.promptTokens();
        this.cold = cold;
        this.coldStartNanos = cold ? coldSample : 0;
        this.plan = new ResponsePlan(profile, sampledLength, call.maxTokens(), call.choices(), wordOffset,
                dialect.wholeToolCalls(), reasoningAndToolCalls);
        long prefill = Math.round(profile.prefillMicrosPerToken() * promptTokens * 1_000.0);
        this.ttftNanos = ttft + prefill + coldStartNanos + tokenDelays(plan.hiddenReasoning);
        this.stallNanos = profile.stall().toNanos();
        this.retryAfterSeconds = profile.retryAfterSeconds();
        this.closeAfterResponse = profile.closeAfterResponse();
    }

    /** The delay before content event {@code event} (≥ 1): one inter-token sample per token it carries. */
    long delayBefore(int event) {
        return tokenDelays(plan.piece(event).tokens());
    }

    /** One inter-token sample per token: reasoning never streamed takes its time before the first event. */
    private long tokenDelays(int tokens) {
        long sum = 0;
        for (int i = tokens; i > 0; i--) {
            sum += Math.round(millisToNanos(interTokenDelay.sample(random)) * slowdown);
        }
        return sum;
    }

    /** How many content events go out before a drop or a stall: about half, at least one when there are two. */
    int eventsBeforeFault() {
        return plan.events / 2;
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
