package dev.latencylens.internal.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.StreamFormat;
import java.time.Clock;

/**
 * Amazon Bedrock's {@code ConverseStream}: {@code POST {endpoint}/model/{modelId}/converse-stream} (the model id or
 * ARN URI-encoded as one segment), answered in the AWS event-stream binary framing
 * ({@link StreamFormat#AWS_EVENT_STREAM}). Endpoint, region and credentials as every Bedrock API
 * ({@link BedrockRuntimeAdapter}): {@code lens.bedrock.region}, {@code lens.bedrock.baseUrl}, the AWS variables.
 *
 * <p>The body: {@code messages} ({@code [{role, content: [{text}]}]}), {@code system} ({@code [{text}]}) when set,
 * {@code inferenceConfig} ({@code maxTokens}, {@code temperature} when set, {@code stopSequences} when not empty),
 * then every extra verbatim (e.g. {@code additionalModelRequestFields}), an object merged into a field of the same
 * name. Immutable and thread-safe.
 */
public final class BedrockAdapter extends BedrockRuntimeAdapter {

    public static final String ID = "bedrock";

    public BedrockAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock the clock signatures are dated by (tests fix it) */
    public BedrockAdapter(Clock clock) {
        super(clock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        return post(endpoint, benchmark.model(), "converse-stream", body(request, benchmark));
    }

    /** The JSON body of a {@code ConverseStream} request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role() == Message.Role.USER ? "user" : "assistant")
                    .putArray("content").addObject().put("text", m.content());
        }
        request.system().ifPresent(system -> body.putArray("system").addObject().put("text", system));
        ObjectNode config = body.putObject("inferenceConfig");
        config.put("maxTokens", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> config.put("temperature", t));
        AdapterSupport.putStop(config, "stopSequences", request);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public BedrockStreamDecoder newDecoder() {
        return new BedrockStreamDecoder();
    }

    @Override
    public String toString() {
        return "BedrockAdapter[ConverseStream]";
    }
}
