package com.example.lens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderCatalog;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamFormat;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A provider for a made-up "JSON lines" server, {@code provider = "lines"}. It streams one JSON object per line:
 * <pre>
 * POST /v1/stream   {"model": "tiny-1", "max_tokens": 256, "messages": [{"role": "user", "text": "Hi"}]}
 *
 * {"delta": "Hel"}
 * {"delta": "lo"}
 * {"done": "stop", "usage": {"in": 12, "out": 2}}       or, instead of done:   {"error": "overloaded"}
 * </pre>
 * Registered in {@code META-INF/services/dev.latencylens.spi.ProviderCatalog}.
 */
public final class JsonLinesProvider implements ProviderCatalog {

    @Override
    public List<ProviderAdapter> providers() {
        return List.of(new Adapter());
    }

    /** Where the server is, what to send it, how its stream is framed. */
    static final class Adapter implements ProviderAdapter {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public String id() {
            return "lines";
        }

        @Override
        public String defaultBaseUrl() {
            return "http://localhost:8088";
        }

        @Override
        public String baseUrlVariable() {
            return "LINES_BASE_URL"; // or -Dlens.lines.baseUrl=...
        }

        @Override
        public Optional<String> apiKeyVariable() {
            return Optional.empty(); // a self-hosted server: no key
        }

        @Override
        public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", benchmark.model());
            body.put("max_tokens", request.maxTokens().orElse(benchmark.maxTokens()));
            ArrayNode messages = body.putArray("messages");
            request.system().ifPresent(s -> messages.addObject().put("role", "system").put("text", s));
            for (Message m : request.messages()) {
                messages.addObject().put("role", m.role() == Message.Role.USER ? "user" : "assistant")
                        .put("text", m.content());
            }
            try {
                return ProviderRequest.post(endpoint.resolve("v1/stream"), JSON.writeValueAsBytes(body))
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Accept", StreamFormat.NDJSON.contentType());
            } catch (IOException e) {
                throw new IllegalStateException("could not write the request body", e);
            }
        }

        @Override
        public StreamFormat streamFormat() {
            return StreamFormat.NDJSON; // each line arrives as one SseEvent
        }

        @Override
        public StreamDecoder newDecoder() {
            return new Decoder();
        }
    }

    /** One response stream's lines, turned into content, usage, finish and errors. One per request. */
    static final class Decoder implements ProviderAdapter.StreamDecoder {

        private static final ObjectMapper JSON = new ObjectMapper();

        private boolean done;

        @Override
        public void onEvent(SseEvent event, StreamSink sink) {
            long at = event.receivedNanos(); // when the line arrived: the timing never depends on decoding
            JsonNode line;
            try {
                line = JSON.readTree(event.data());
            } catch (IOException e) {
                sink.error(at, ErrorClass.PROTOCOL, "not a JSON line: " + event.data());
                return;
            }
            if (line.hasNonNull("error")) {
                sink.error(at, ErrorClass.PROVIDER_ERROR, line.get("error").asText());
            } else if (line.hasNonNull("delta")) {
                String text = line.get("delta").asText();
                if (!text.isEmpty()) { // an empty delta carries nothing generated: not a content event
                    sink.content(at, ContentKind.TEXT, text, -1);
                }
            } else if (line.hasNonNull("done")) {
                JsonNode usage = line.path("usage");
                if (usage.has("in") && usage.has("out")) {
                    sink.usage(at, Usage.of(usage.get("in").asLong(), usage.get("out").asLong()));
                }
                sink.finish(at, line.get("done").asText());
                done = true;
            }
        }

        @Override
        public boolean complete() {
            return done; // a stream that ends without "done" was cut off
        }
    }
}
