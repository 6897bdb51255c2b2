package dev.latencylens.spi;

import dev.latencylens.spi.ProviderAdapter;

import java.util.List;

/**
 * A service ({@code META-INF/services/dev.latencylens.spi.ProviderCatalog}) that contributes provider
 * adapters. One catalog may contribute a whole family, such as the OpenAI-compatible servers.
 */
public interface ProviderCatalog {

    List<ProviderAdapter> providers();
}
