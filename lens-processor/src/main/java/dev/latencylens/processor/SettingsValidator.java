package dev.latencylens.processor;

import dev.latencylens.annotations.LoadPattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the values of one method's {@code @LlmBenchmark} and {@code @Sla}: the same rules the runtime's
 * {@code BenchmarkDescriptor} and {@code SlaSpec} enforce, moved to compile time so a typo fails the build, not a
 * paid run. Every rule is checked (not just the first broken one), each error on the value to change.
 */
final class SettingsValidator {

    /** The providers the runtime ships; another id needs a provider plugged in through the service loader. */
    static final List<String> BUILT_IN_PROVIDERS = List.of("openai", "openai-responses", "anthropic", "gemini",
            "bedrock", "azure-openai", "cohere", "mistral", "openrouter", "together", "groq", "deepseek",
            "fireworks", "vllm", "llamacpp", "ollama", "ollama-native", "simulated");

    /** The {@code @Sla} attributes in declaration order (also the order of {@code SlaSpec}'s withers). */
    static final List<String> SLA_BOUNDS = List.of("ttftP50Ms", "ttftP95Ms", "ttftP99Ms", "tpotP95Ms", "e2eP95Ms",
            "e2eP99Ms", "maxErrorRate", "minOutputTokensPerSecond");

    private final Reporter reporter;

    SettingsValidator(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * The resolved settings, or empty when a value is wrong (reported here) or unreadable (reported by javac).
     *
     * @param sla          the method's {@code @Sla}, or {@code null}
     * @param replaysTrace whether a {@code @Workload} replays a trace: the pattern is then {@code TRACE} unless
     *                     written otherwise (which {@link WorkloadValidator} reports)
     */
    Optional<BenchmarkSettings> validate(ExecutableElement method, AnnotationValues benchmark, AnnotationValues sla,
            String defaultName, boolean replaysTrace) {
        int errorsBefore = reporter.errorCount();
        String provider = benchmark.stringValue("provider");
        String model = benchmark.stringValue("model");
        Integer iterations = benchmark.intValue("iterations");
        Integer warmup = benchmark.intValue("warmup");
        String patternName = benchmark.enumValue("pattern");
        Integer concurrency = benchmark.intValue("concurrency");
        Double rate = benchmark.doubleValue("rate");
        Integer maxTokens = benchmark.intValue("maxTokens");
        Double temperature = benchmark.doubleValue("temperature");
        Long timeoutMs = benchmark.longValue("timeoutMs");
        String name = benchmark.stringValue("name");
        List<String> tags = benchmark.stringList("tags");
        LoadPattern pattern = patternName == null ? null : replaysTrace && benchmark.explicit("pattern") == null
                ? LoadPattern.TRACE : patternOf(patternName);

        if (provider != null) {
            checkProvider(method, benchmark, provider);
        }
        if (model != null && model.isBlank()) {
            error(method, benchmark, "model", "@LlmBenchmark model is blank; write the model as the provider names it, "
                    + "e.g. model = \"gpt-4o-mini\".");
        }
        if (iterations != null && iterations < 1) {
            error(method, benchmark, "iterations", "@LlmBenchmark iterations = " + iterations + " is not allowed; "
                    + "write iterations = 1 or more (the number of measured requests).");
        }
        if (warmup != null && warmup < 0) {
            error(method, benchmark, "warmup", "@LlmBenchmark warmup = " + warmup + " is not allowed; "
                    + "write warmup = 0 or more (0 skips the warmup).");
        }
        if (concurrency != null && concurrency < 1) {
            error(method, benchmark, "concurrency", "@LlmBenchmark concurrency = " + concurrency + " is not allowed; "
                    + "write concurrency = 1 or more (the maximum number of requests in flight).");
        }
        if (pattern == LoadPattern.SEQUENTIAL && concurrency != null && concurrency > 1) {
            error(method, benchmark, "concurrency", "@LlmBenchmark concurrency = " + concurrency + " needs several "
                    + "requests in flight, but pattern SEQUENTIAL sends one at a time; use "
                    + "pattern = LoadPattern.CONCURRENT, or leave concurrency at 1.");
        }
        if (rate != null) {
            checkRate(method, benchmark, pattern, rate);
        }
        if (maxTokens != null && maxTokens < 1) {
            error(method, benchmark, "maxTokens", "@LlmBenchmark maxTokens = " + maxTokens + " is not allowed; "
                    + "write maxTokens = 1 or more (the maximum number of output tokens per request).");
        }
        if (temperature != null && !Double.isNaN(temperature) && !(temperature >= 0 && temperature <= 2)) {
            error(method, benchmark, "temperature", "@LlmBenchmark temperature = " + temperature
                    + " is outside 0 to 2; write a temperature between 0 and 2, or leave it out to use the "
                    + "provider's default.");
        }
        if (timeoutMs != null && timeoutMs <= 0) {
            error(method, benchmark, "timeoutMs", "@LlmBenchmark timeoutMs = " + timeoutMs + " is not allowed; "
                    + "write a timeout above 0 milliseconds, e.g. timeoutMs = 60_000.");
        }
        Map<String, Double> bounds = sla == null ? Map.of() : slaBounds(method, sla);

        boolean readable = provider != null && model != null && iterations != null && warmup != null
                && pattern != null && concurrency != null && rate != null && maxTokens != null && temperature != null
                && timeoutMs != null && name != null && tags != null && bounds != null;
        if (!readable || reporter.errorCount() != errorsBefore) {
            return Optional.empty();
        }
        String resolvedName = name.isBlank() ? defaultName : name;
        return Optional.of(new BenchmarkSettings(resolvedName, provider, model, iterations, warmup, pattern,
                concurrency, rate, maxTokens, temperature, timeoutMs, tags, bounds));
    }

    private void checkProvider(ExecutableElement method, AnnotationValues benchmark, String provider) {
        if (provider.isBlank()) {
            error(method, benchmark, "provider", "@LlmBenchmark provider is blank; write a provider id, e.g. "
                    + "provider = \"openai\" (built in: " + String.join(", ", BUILT_IN_PROVIDERS) + ").");
        } else if (!BUILT_IN_PROVIDERS.contains(provider)) {
            // A warning only: custom providers plug in through a service loader the compiler cannot see.
            reporter.warning("@LlmBenchmark provider \"" + provider + "\" is not a built-in provider id ("
                    + String.join(", ", BUILT_IN_PROVIDERS) + "); fix the spelling, or make sure a provider with "
                    + "this id is registered through the service loader, else the run fails.",
                    method, benchmark.mirror(), benchmark.explicit("provider"));
        }
    }

    private void checkRate(ExecutableElement method, AnnotationValues benchmark, LoadPattern pattern, double rate) {
        if (Double.isNaN(rate) || Double.isInfinite(rate)) {
            error(method, benchmark, "rate", "@LlmBenchmark rate = " + rate + " is not a finite "
                    + "number; write a number of requests per second, e.g. rate = 5.0.");
        } else if (rate < 0) {
            error(method, benchmark, "rate", "@LlmBenchmark rate = " + rate + " is negative; write a number of "
                    + "requests per second above 0 for an open-loop pattern, or leave rate out (0) for a "
                    + "closed-loop one.");
        } else if (pattern != null && pattern.needsRate() && rate == 0) {
            error(method, benchmark, "pattern", "@LlmBenchmark pattern = LoadPattern." + pattern + " sends requests on "
                    + "a schedule and needs a rate; write rate = <requests per second> above 0, e.g. rate = 5.0.");
        }
    }

    /** The set bounds, or {@code null} when one is unreadable; errors for negative bounds and error shares above 1. */
    private Map<String, Double> slaBounds(ExecutableElement method, AnnotationValues sla) {
        Map<String, Double> bounds = new LinkedHashMap<>();
        boolean readable = true;
        for (String bound : SLA_BOUNDS) {
            Double value = sla.doubleValue(bound);
            if (value == null) {
                readable = false;
            } else if (!Double.isNaN(value)) {
                if (value < 0) {
                    error(method, sla, bound, "@Sla " + bound + " = " + value + " is negative; write a bound of 0 "
                            + "or more, or leave it out to not check it.");
                } else if (bound.equals("maxErrorRate") && value > 1) {
                    error(method, sla, bound, "@Sla maxErrorRate = " + value + " is a share between 0 and 1; write "
                            + "e.g. maxErrorRate = 0.01 for 1 % of failed requests.");
                }
                bounds.put(bound, value);
            }
        }
        return readable ? bounds : null;
    }

    private void error(ExecutableElement method, AnnotationValues annotation, String attribute, String message) {
        reporter.error(message, method, annotation.mirror(), annotation.explicit(attribute));
    }

    private static LoadPattern patternOf(String name) {
        for (LoadPattern p : LoadPattern.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        // A pattern this processor does not know: the annotations jar is newer than the processor.
        throw new IllegalStateException("unknown LoadPattern " + name + ": lens-annotations is newer than "
                + "lens-processor; use the same version of both");
    }
}
