package dev.latencylens.internal.provider.openai;

import dev.latencylens.internal.provider.openai.OpenAiCompatibleAdapter.MaxTokensField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in providers that speak the OpenAI Chat Completions protocol. Base URLs and variables follow each
 * provider's own documentation and SDKs; each base URL is overridden by {@code lens.<id>.baseUrl} or the
 * provider's {@code *_BASE_URL} variable.
 */
public final class OpenAiCompatibleProviders {

    /** The id of the embedded simulator. */
    public static final String SIMULATED = "simulated";

    /**
     * The simulator's placeholder base URL: a reserved {@code .invalid} host (RFC 2606) that can never be reached.
     * The engine starts the simulator on a free loopback port and replaces this URL with its own (through
     * {@link dev.latencylens.spi.Endpoint#withBaseUrl} or {@code -Dlens.simulated.baseUrl}); a run that
     * forgot to do so fails at once with an unknown-host error instead of calling anything.
     */
    public static final String SIMULATED_PLACEHOLDER_URL = "http://simulator.invalid/v1";

    private OpenAiCompatibleProviders() {
    }

    /** Every built-in OpenAI-compatible provider. */
    public static List<OpenAiCompatibleAdapter> all() {
        return List.of(openai(), mistral(), openrouter(), together(), groq(), deepseek(), fireworks(), vllm(),
                llamacpp(), ollama(), simulated());
    }

    /** OpenAI; sends {@code OpenAI-Organization}/{@code OpenAI-Project} from {@code OPENAI_ORG_ID}/
     *  {@code OPENAI_PROJECT_ID} when set, and {@code max_completion_tokens}. */
    public static OpenAiCompatibleAdapter openai() {
        return OpenAiCompatibleAdapter.builder("openai")
                .defaultBaseUrl("https://api.openai.com/v1").baseUrlVariable("OPENAI_BASE_URL")
                .requiredApiKey("OPENAI_API_KEY")
                .headerFromVariable("OpenAI-Organization", "OPENAI_ORG_ID")
                .headerFromVariable("OpenAI-Project", "OPENAI_PROJECT_ID")
                .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
                .build();
    }

    /** Mistral La Plateforme. It rejects {@code stream_options} (422, extra inputs are not permitted) and puts
     *  usage into the last chunk unasked, so the option is not sent. */
    public static OpenAiCompatibleAdapter mistral() {
        return OpenAiCompatibleAdapter.builder("mistral")
                .defaultBaseUrl("https://api.mistral.ai/v1").baseUrlVariable("MISTRAL_BASE_URL")
                .requiredApiKey("MISTRAL_API_KEY")
                .streamUsageOption(false)
                .build();
    }

    public static OpenAiCompatibleAdapter openrouter() {
        return OpenAiCompatibleAdapter.builder("openrouter")
                .defaultBaseUrl("https://openrouter.ai/api/v1").baseUrlVariable("OPENROUTER_BASE_URL")
                .requiredApiKey("OPENROUTER_API_KEY")
                .build();
    }

    public static OpenAiCompatibleAdapter together() {
        return OpenAiCompatibleAdapter.builder("together")
                .defaultBaseUrl("https://api.together.xyz/v1").baseUrlVariable("TOGETHER_BASE_URL")
                .requiredApiKey("TOGETHER_API_KEY")
                .build();
    }

    public static OpenAiCompatibleAdapter groq() {
        return OpenAiCompatibleAdapter.builder("groq")
                .defaultBaseUrl("https://api.groq.com/openai/v1").baseUrlVariable("GROQ_BASE_URL")
                .requiredApiKey("GROQ_API_KEY")
                .build();
    }

    public static OpenAiCompatibleAdapter deepseek() {
        return OpenAiCompatibleAdapter.builder("deepseek")
                .defaultBaseUrl("https://api.deepseek.com/v1").baseUrlVariable("DEEPSEEK_BASE_URL")
                .requiredApiKey("DEEPSEEK_API_KEY")
                .build();
    }

    public static OpenAiCompatibleAdapter fireworks() {
        return OpenAiCompatibleAdapter.builder("fireworks")
                .defaultBaseUrl("https://api.fireworks.ai/inference/v1").baseUrlVariable("FIREWORKS_BASE_URL")
                .requiredApiKey("FIREWORKS_API_KEY")
                .build();
    }

    /**
     * A vLLM server ({@code vllm serve}); a key only when started with {@code --api-key}. Its extra sampling
     * parameters {@code ignore_eos} and {@code min_tokens} force an output length.
     */
    public static OpenAiCompatibleAdapter vllm() {
        return OpenAiCompatibleAdapter.builder("vllm")
                .defaultBaseUrl("http://localhost:8000/v1").baseUrlVariable("VLLM_BASE_URL")
                .optionalApiKey("VLLM_API_KEY")
                .exactOutputLength(tokens -> parameters("ignore_eos", true, "min_tokens", tokens))
                .build();
    }

    /**
     * A llama.cpp server ({@code llama-server}); a key only when started with {@code --api-key}. Its chat endpoint
     * takes the native sampling parameters too: {@code ignore_eos} with {@code n_predict} force an output length.
     */
    public static OpenAiCompatibleAdapter llamacpp() {
        return OpenAiCompatibleAdapter.builder("llamacpp")
                .defaultBaseUrl("http://localhost:8080/v1").baseUrlVariable("LLAMACPP_BASE_URL")
                .optionalApiKey("LLAMACPP_API_KEY")
                .exactOutputLength(tokens -> parameters("ignore_eos", true, "n_predict", tokens))
                .build();
    }

    /** Ollama's OpenAI-compatible endpoint; no key. Ollama has no {@code ignore_eos}: its limit is a cap. */
    public static OpenAiCompatibleAdapter ollama() {
        return OpenAiCompatibleAdapter.builder("ollama")
                .defaultBaseUrl("http://localhost:11434/v1").baseUrlVariable("OLLAMA_BASE_URL")
                .noApiKey()
                .build();
    }

    /**
     * The embedded simulator, which speaks this protocol; see {@link #SIMULATED_PLACEHOLDER_URL}. It honours vLLM's
     * {@code ignore_eos} and {@code min_tokens}, so a forced output length can be tried offline.
     */
    public static OpenAiCompatibleAdapter simulated() {
        return OpenAiCompatibleAdapter.builder(SIMULATED)
                .defaultBaseUrl(SIMULATED_PLACEHOLDER_URL).baseUrlVariable("LENS_SIMULATOR_BASE_URL")
                .noApiKey()
                .exactOutputLength(tokens -> parameters("ignore_eos", true, "min_tokens", tokens))
                .build();
    }

    /** Body parameters in the order given, so a request's bytes are the same in every run. */
    private static Map<String, Object> parameters(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(k1, v1);
        parameters.put(k2, v2);
        return parameters;
    }
}
