package dev.latencylens.provider;

import dev.latencylens.provider.anthropic.AnthropicAdapter;
import dev.latencylens.provider.azure.AzureOpenAiAdapter;
import dev.latencylens.provider.bedrock.BedrockAdapter;
import dev.latencylens.provider.cohere.CohereAdapter;
import dev.latencylens.provider.gemini.GeminiAdapter;
import dev.latencylens.provider.ollama.OllamaNativeAdapter;
import dev.latencylens.provider.openai.OpenAiCompatibleProviders;
import dev.latencylens.provider.openai.OpenAiResponsesAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers that ship with Latency Lens, registered in
 * {@code META-INF/services/dev.latencylens.provider.ProviderCatalog}: the OpenAI-compatible family
 * ({@link OpenAiCompatibleProviders}, the embedded simulator included), OpenAI's Responses API, Anthropic, Gemini,
 * Bedrock, Azure OpenAI, Cohere and Ollama's native API.
 */
public final class BuiltInProviders implements ProviderCatalog {

    @Override
    public List<ProviderAdapter> providers() {
        List<ProviderAdapter> all = new ArrayList<>(OpenAiCompatibleProviders.all());
        all.add(new OpenAiResponsesAdapter());
        all.add(new AnthropicAdapter());
        all.add(new GeminiAdapter());
        all.add(new BedrockAdapter());
        all.add(new AzureOpenAiAdapter());
        all.add(new CohereAdapter());
        all.add(new OllamaNativeAdapter());
        return List.copyOf(all);
    }
}
