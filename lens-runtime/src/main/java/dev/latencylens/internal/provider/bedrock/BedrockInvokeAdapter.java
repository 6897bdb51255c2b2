package dev.latencylens.internal.provider.bedrock;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderRequest;
import java.time.Clock;

/**
 * Amazon Bedrock's {@code InvokeModelWithResponseStream}, provider {@code bedrock-invoke}:
 * {@code POST {endpoint}/model/{modelId}/invoke-with-response-stream} with the model family's native body
 * ({@link InvokeFamily}, chosen from the model id: Anthropic, Meta Llama, Mistral, Amazon Titan Text and Nova,
 * Cohere Command R), answered in the AWS event-stream framing with one {@code chunk} event per native stream event
 * ({@link BedrockInvokeStreamDecoder}). What many Bedrock users call instead of Converse, so its latency is worth
 * measuring as they see it. Endpoint, region, credentials and signing exactly as for {@code bedrock}
 * ({@link BedrockRuntimeAdapter}), with {@code lens.bedrock-invoke.region} and {@code lens.bedrock-invoke.baseUrl}.
 * Immutable and thread-safe.
 */
public final class BedrockInvokeAdapter extends BedrockRuntimeAdapter {

    public static final String ID = "bedrock-invoke";

    public BedrockInvokeAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock the clock signatures are dated by (tests fix it) */
    public BedrockInvokeAdapter(Clock clock) {
        super(clock);
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * @throws IllegalArgumentException when the model id names no family with a known native format
     */
    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        return post(endpoint, benchmark.model(), "invoke-with-response-stream",
                InvokeFamily.of(benchmark.model()).body(request, benchmark));
    }

    @Override
    public BedrockInvokeStreamDecoder newDecoder() {
        return new BedrockInvokeStreamDecoder();
    }

    @Override
    public String toString() {
        return "BedrockInvokeAdapter[InvokeModelWithResponseStream]";
    }
}
