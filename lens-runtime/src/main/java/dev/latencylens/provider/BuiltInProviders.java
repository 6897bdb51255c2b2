package dev.latencylens.provider;

import dev.latencylens.provider.openai.OpenAiCompatibleProviders;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers that ship with Latency Lens, registered in
 * {@code META-INF/services/dev.latencylens.provider.ProviderCatalog}. Today: the OpenAI-compatible family
 * ({@link OpenAiCompatibleProviders}), the embedded simulator included.
 */
public final class BuiltInProviders implements ProviderCatalog {

    @Override
    public List<ProviderAdapter> providers() {
        List<ProviderAdapter> all = new ArrayList<>(OpenAiCompatibleProviders.all());
        return List.copyOf(all);
    }
}
