package dev.latencylens.simulator;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Custom profiles from configuration: {@code lens.sim.profile.<model>.<key>=<value>}, e.g.
 * <pre>
 * -Dlens.sim.profile.gpt-4o.base=sim-slow
 * -Dlens.sim.profile.gpt-4o.ttftMs=400 -Dlens.sim.profile.gpt-4o.ttftSigma=0.3
 * -Dlens.sim.profile.gpt-4o.fault.429=0.05
 * </pre>
 * A profile starts from {@code base} ({@code sim-fast} when absent) and overrides what is given. Model names may
 * contain dots ({@code gpt-4.1-mini}): the key is recognised at the end of the property name.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code base}</td><td>a preset name</td></tr>
 *   <tr><td>{@code ttftMs}</td><td>TTFT, ms: fixed; with {@code ttftSdMs} the mean of a normal, with
 *       {@code ttftSigma} the median of a log-normal</td></tr>
 *   <tr><td>{@code itlMs}</td><td>delay per token, ms: fixed, or with {@code itlSdMs} the mean of a normal</td></tr>
 *   <tr><td>{@code tokensPerEvent}, {@code outputTokens}</td><td>integers ≥ 1 ({@code outputTokens} fixed; 0 for a
 *       response of tool calls alone)</td></tr>
 *   <tr><td>{@code reasoningTokens}, {@code hiddenReasoningTokens}, {@code toolCalls}</td><td>integers ≥ 0: reasoning
 *       streamed before the answer, reasoning billed but never streamed, tool calls after it</td></tr>
 *   <tr><td>{@code endWithoutBlankLine}</td><td>{@code lf}, {@code crlf} or {@code none}: how the last event
 *       ends instead of with a blank line</td></tr>
 *   <tr><td>{@code contentParts}</td><td>{@code true} or {@code false}: OpenAI-compatible content as arrays of
 *       typed parts (Mistral)</td></tr>
 *   <tr><td>{@code prefillMicrosPerToken}, {@code coldStartMs}</td><td>numbers ≥ 0 ({@code coldStartMs} fixed)</td></tr>
 *   <tr><td>{@code idleMs}, {@code stallMs}</td><td>integers ≥ 0, ms</td></tr>
 *   <tr><td>{@code retryAfterSeconds}</td><td>integer ≥ 0</td></tr>
 *   <tr><td>{@code capacity}</td><td>streams served at full speed, integer ≥ 0 (0 = unlimited)</td></tr>
 *   <tr><td>{@code closeAfterResponse}</td><td>{@code true} or {@code false}: close each connection right after
 *       its response, as llama.cpp's server does</td></tr>
 *   <tr><td>{@code fault.429}, {@code fault.500}, {@code fault.503}, {@code fault.drop}, {@code fault.stall},
 *       {@code fault.malformed}</td><td>probability per request, 0..1</td></tr>
 * </table>
 * A bad key or value is an {@link IllegalArgumentException} naming the full property and what is allowed:
 * a misspelt profile must stop the run, not silently fall back to the default timings.
 */
final class ProfileProperties {

    static final String PREFIX = "lens.sim.profile.";

    private static final Map<String, Fault> FAULT_KEYS = Map.of(
            "fault.429", Fault.HTTP_429, "fault.500", Fault.HTTP_500, "fault.503", Fault.HTTP_503,
            "fault.drop", Fault.DROP_MID_STREAM, "fault.stall", Fault.STALL, "fault.malformed", Fault.MALFORMED_EVENT);

    static final List<String> KEYS = List.of("base", "ttftMs", "ttftSdMs", "ttftSigma", "itlMs", "itlSdMs",
            "tokensPerEvent", "outputTokens", "prefillMicrosPerToken", "coldStartMs", "idleMs", "stallMs",
            "retryAfterSeconds", "capacity", "closeAfterResponse", "reasoningTokens", "hiddenReasoningTokens",
            "toolCalls", "endWithoutBlankLine", "contentParts", "fault.429", "fault.500", "fault.503", "fault.drop",
            "fault.stall", "fault.malformed");

    /** Longest first, so {@code fault.429} is not taken for a model ending in "fault" with key "429". */
    private static final List<String> KEYS_BY_LENGTH = KEYS.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();

    private ProfileProperties() {
    }

    /** The profiles configured in {@code properties}, by model name. */
    static Map<String, SimProfile> parse(Properties properties) {
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            String key = KEYS_BY_LENGTH.stream().filter(k -> rest.endsWith("." + k)).findFirst().orElse(null);
            if (key == null || rest.length() == key.length() + 1) {
                throw new IllegalArgumentException(name + ": expected " + PREFIX + "<model>.<key> with a key among "
                        + KEYS);
            }
            String model = rest.substring(0, rest.length() - key.length() - 1);
            byModel.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(key, properties.getProperty(name).trim());
        }
        Map<String, SimProfile> profiles = new LinkedHashMap<>();
        byModel.forEach((model, values) -> profiles.put(model, profile(model, values)));
        return profiles;
    }

    private static SimProfile profile(String model, Map<String, String> values) {
        Reader r = new Reader(model, values);
        String baseName = values.getOrDefault("base", SimPresets.FAST_NAME);
        SimProfile base = SimPresets.byName(baseName).orElseThrow(() -> new IllegalArgumentException(
                r.key("base") + "=" + baseName + ": expected one of " + SimPresets.all().keySet()));
        SimProfile.Builder b = base.toBuilder();

        Double ttft = r.number("ttftMs");
        Double ttftSd = r.number("ttftSdMs");
        Double ttftSigma = r.number("ttftSigma");
        if (ttftSd != null && ttftSigma != null) {
            throw new IllegalArgumentException(r.key("ttftSigma") + ": give either ttftSdMs (normal) or ttftSigma"
                    + " (log-normal), not both");
        }
        if (ttft == null && (ttftSd != null || ttftSigma != null)) {
            throw new IllegalArgumentException(r.key(ttftSd != null ? "ttftSdMs" : "ttftSigma") + ": needs "
                    + r.key("ttftMs") + " (the mean or median)");
        }
        if (ttft != null) {
            b.ttft(ttftSd != null ? Dist.normal(ttft, ttftSd)
                    : ttftSigma != null ? Dist.logNormal(ttft, ttftSigma) : Dist.fixed(ttft));
        }
        Double itl = r.number("itlMs");
        Double itlSd = r.number("itlSdMs");
        if (itl == null && itlSd != null) {
            throw new IllegalArgumentException(r.key("itlSdMs") + ": needs " + r.key("itlMs") + " (the mean)");
        }
        if (itl != null) {
            b.interTokenDelay(itlSd != null ? Dist.normal(itl, itlSd) : Dist.fixed(itl));
        }
        Long tokensPerEvent = r.integer("tokensPerEvent", 1);
        if (tokensPerEvent != null) {
            b.tokensPerEvent(tokensPerEvent.intValue());
        }
        Long outputTokens = r.integer("outputTokens", 0);
        if (outputTokens != null) {
            b.outputTokens(outputTokens.intValue());
        }
        Double prefill = r.number("prefillMicrosPerToken");
        if (prefill != null) {
            b.prefillMicrosPerToken(prefill);
        }
        Double coldStart = r.number("coldStartMs");
        if (coldStart != null) {
            b.coldStart(Dist.fixed(coldStart));
        }
        Long idle = r.integer("idleMs", 0);
        if (idle != null) {
            b.idleThreshold(Duration.ofMillis(idle));
        }
        Long stall = r.integer("stallMs", 0);
        if (stall != null) {
            b.stall(Duration.ofMillis(stall));
        }
        Long capacity = r.integer("capacity", 0);
        if (capacity != null) {
            b.capacity(capacity.intValue());
        }
        Boolean close = r.bool("closeAfterResponse");
        if (close != null) {
            b.closeAfterResponse(close);
        }
        Long retryAfter = r.integer("retryAfterSeconds", 0);
        if (retryAfter != null) {
            b.retryAfterSeconds(retryAfter.intValue());
        }
        Long reasoning = r.integer("reasoningTokens", 0);
        if (reasoning != null) {
            b.reasoningTokens(reasoning.intValue());
        }
        Long hidden = r.integer("hiddenReasoningTokens", 0);
        if (hidden != null) {
            b.hiddenReasoningTokens(hidden.intValue());
        }
        Long toolCalls = r.integer("toolCalls", 0);
        if (toolCalls != null) {
            b.toolCalls(toolCalls.intValue());
        }
        String end = values.get("endWithoutBlankLine");
        if (end != null) {
            try {
                b.streamEnd(StreamEnd.of(end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(r.key("endWithoutBlankLine") + "=" + end + ": " + e.getMessage()
                        + " (how the last event ends instead of with a blank line)");
            }
        }
        Boolean parts = r.bool("contentParts");
        if (parts != null) {
            b.contentParts(parts);
        }
        FAULT_KEYS.forEach((key, fault) -> {
            Double p = r.probability(key);
            if (p != null) {
                b.faultRate(fault, p);
            }
        });
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + model + ".*: " + e.getMessage(), e);
        }
    }

    /** Reads typed values, failing with the full property name and what would have been accepted. */
    private record Reader(String model, Map<String, String> values) {

        String key(String key) {
            return PREFIX + model + "." + key;
        }

        Double number(String key) {
            String v = values.get(key);
            if (v == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (d >= 0 && !Double.isInfinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException(key(key) + "=" + v + ": expected a number >= 0");
        }

        Long integer(String key, long min) {
            String v = values.get(key);
            if (v == null) {
                return null;
            }
            try {
                long l = Long.parseLong(v);
                if (l >= min && l <= Integer.MAX_VALUE) {
                    return l;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException(key(key) + "=" + v + ": expected an integer between " + min + " and "
                    + Integer.MAX_VALUE);
        }

        Boolean bool(String key) {
            String v = values.get(key);
            if (v == null) {
                return null;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException(key(key) + "=" + v + ": expected true or false");
        }

        Double probability(String key) {
            String v = values.get(key);
            if (v == null) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (d >= 0 && d <= 1) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException(key(key) + "=" + v + ": expected a probability between 0 and 1"
                    + " (e.g. 0.03 for 3 %)");
        }
    }
}
