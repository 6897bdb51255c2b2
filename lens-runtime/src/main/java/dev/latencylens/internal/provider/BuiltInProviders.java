package dev.latencylens.internal.provider;

import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderCatalog;

import dev.latencylens.internal.provider.anthropic.AnthropicAdapter;
import dev.latencylens.internal.provider.azure.AzureOpenAiAdapter;
import dev.latencylens.internal.provider.bedrock.BedrockAdapter;
import dev.latencylens.internal.provider.bedrock.BedrockInvokeAdapter;
import dev.latencylens.internal.provider.cohere.CohereAdapter;
import dev.latencylens.internal.provider.gemini.GeminiAdapter;
import dev.latencylens.internal.provider.ollama.OllamaNativeAdapter;
import dev.latencylens.internal.provider.openai.OpenAiCompatibleProviders;
import dev.latencylens.internal.provider.openai.OpenAiResponsesAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers that ship with Latency Lens, registered in
 * {@code META-INF/services/dev.latencylens.spi.ProviderCatalog}: the OpenAI-compatible family
 * ({@link OpenAiCompatibleProviders}, the embedded simulator included), OpenAI's Responses API, Anthropic, Gemini,
 * Bedrock (ConverseStream and InvokeModelWithResponseStream), Azure OpenAI, Cohere and Ollama's native API.
 */
public final class BuiltInProviders implements ProviderCatalog {

    @Override
    public List<ProviderAdapter> providers() {
        List<ProviderAdapter> all = new ArrayList<>(OpenAiCompatibleProviders.all());
        all.add(new OpenAiResponsesAdapter());
        all.add(new AnthropicAdapter());
        all.add(new GeminiAdapter());
        all.add(new BedrockAdapter());
        all.add(new BedrockInvokeAdapter());
        all.add(new AzureOpenAiAdapter());
        all.add(new CohereAdapter());
        all.add(new OllamaNativeAdapter());
        return List.copyOf(all);
    }
}
