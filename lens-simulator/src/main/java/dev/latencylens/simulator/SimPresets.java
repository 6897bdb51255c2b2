package dev.latencylens.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles every simulator serves by model name. A model with no profile of its own gets {@link #FAST}, so a
 * benchmark written for a real model name runs against the simulator unchanged.
 *
 * <table>
 *   <caption>Presets (delays in ms, log-normal as median/sigma, normal as mean±sd truncated at 0)</caption>
 *   <tr><th>model</th><th>TTFT</th><th>per token</th><th>output tokens</th><th>prefill</th><th>cold start</th>
 *       <th>faults per request</th></tr>
 *   <tr><td>{@code sim-fast}</td><td>logNormal 150 / 0.25</td><td>normal 8 ± 2</td><td>normal 150 ± 25</td>
 *       <td>10 µs/token</td><td>0</td><td>none</td></tr>
 *   <tr><td>{@code sim-slow}</td><td>logNormal 700 / 0.3</td><td>normal 35 ± 8</td><td>normal 400 ± 60</td>
 *       <td>50 µs/token</td><td>normal 1500 ± 150</td><td>none</td></tr>
 *   <tr><td>{@code sim-flaky}</td><td colspan="5">as {@code sim-fast}</td>
 *       <td>429 3 %, 500 2 %, 503 1 %, drop 1 %, malformed event 1 %</td></tr>
 *   <tr><td>{@code sim-instant}</td><td>0</td><td>0</td><td>64</td><td>0</td><td>0</td><td>none</td></tr>
 * </table>
 * All presets: one token per event, idle threshold 60 s, stall 120 s, {@code retry-after: 1}.
 * {@code sim-instant} measures the client's own overhead and the simulator's capacity: everything it shows is
 * pipeline cost, not model time.
 */
public final class SimPresets {

    public static final String FAST_NAME = "sim-fast";
    public static final String SLOW_NAME = "sim-slow";
    public static final String FLAKY_NAME = "sim-flaky";
    public static final String INSTANT_NAME = "sim-instant";

    /** Small fast model; also the default for any unknown model name. */
    public static final SimProfile FAST = SimProfile.builder()
            .ttft(Dist.logNormal(150, 0.25))
            .interTokenDelay(Dist.normal(8, 2))
            .outputTokens(Dist.normal(150, 25))
            .prefillMicrosPerToken(10)
            .coldStart(Dist.fixed(0))
            .build();

    /** Large model with a visible cold start. */
    public static final SimProfile SLOW = SimProfile.builder()
            .ttft(Dist.logNormal(700, 0.3))
            .interTokenDelay(Dist.normal(35, 8))
            .outputTokens(Dist.normal(400, 60))
            .prefillMicrosPerToken(50)
            .coldStart(Dist.normal(1500, 150))
            .build();

    /** {@link #FAST}'s timings with a few percent of every recoverable fault; no stalls (they take 120 s). */
    public static final SimProfile FLAKY = FAST.toBuilder()
            .faultRate(Fault.HTTP_429, 0.03)
            .faultRate(Fault.HTTP_500, 0.02)
            .faultRate(Fault.HTTP_503, 0.01)
            .faultRate(Fault.DROP_MID_STREAM, 0.01)
            .faultRate(Fault.MALFORMED_EVENT, 0.01)
            .build();

    /** No model time at all: for overhead and capacity measurements. */
    public static final SimProfile INSTANT = SimProfile.builder()
            .ttft(Dist.fixed(0))
            .interTokenDelay(Dist.fixed(0))
            .outputTokens(64)
            .prefillMicrosPerToken(0)
            .coldStart(Dist.fixed(0))
            .build();

    private static final Map<String, SimProfile> ALL;

    static {
        Map<String, SimProfile> all = new LinkedHashMap<>();
        all.put(FAST_NAME, FAST);
        all.put(SLOW_NAME, SLOW);
        all.put(FLAKY_NAME, FLAKY);
        all.put(INSTANT_NAME, INSTANT);
        ALL = java.util.Collections.unmodifiableMap(all);
    }

    private SimPresets() {
    }

    /** The presets by model name, in the order above. */
    public static Map<String, SimProfile> all() {
        return ALL;
    }

    public static Optional<SimProfile> byName(String model) {
        return Optional.ofNullable(ALL.get(model));
    }
}
