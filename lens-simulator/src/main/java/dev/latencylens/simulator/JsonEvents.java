package dev.latencylens.simulator;

/**
 * Where an encoder that builds each event as one JSON object puts it, by the event's name, for the wire to frame:
 * as a server-sent event, an AWS event-stream message, a chunk of Bedrock's invoke stream. Lets two formats that
 * carry the same events share the code that writes them: Anthropic's Messages stream and Bedrock's invoke stream of
 * Anthropic models ({@link AnthropicWire.Blocks}), ConverseStream and the invoke stream of Nova models
 * ({@link BedrockWire.Blocks}).
 */
@FunctionalInterface
interface JsonEvents {

    void event(String name, String json);
}
