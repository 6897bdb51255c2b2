package dev.latencylens.internal.provider;

import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.StreamSink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.SseEvent;

/**
 * A {@link ProviderAdapter.StreamDecoder} for streams whose events are each one JSON object: once the provider said
 * the stream is complete ({@link #markComplete()}) further events are ignored; blank data is skipped; data that is
 * not a JSON object is {@link ErrorClass#PROTOCOL} ({@link AdapterSupport#object}); every object goes to
 * {@link #onObject}. Not thread-safe: one per stream.
 */
public abstract class JsonEventDecoder implements ProviderAdapter.StreamDecoder {

    private boolean complete;

    @Override
    public final void onEvent(SseEvent event, StreamSink sink) {
        if (complete || ignored(event)) {
            return;
        }
        JsonNode root = AdapterSupport.object(event, sink);
        if (root != null) {
            onObject(root, event, event.receivedNanos(), sink);
        }
    }

    /** Whether to pass over an event before parsing it (e.g. a {@code [DONE]} marker); none by default. */
    protected boolean ignored(SseEvent event) {
        return false;
    }

    /** One event's JSON object; {@code t} is the event's receive stamp. */
    protected abstract void onObject(JsonNode root, SseEvent event, long t, StreamSink sink);

    /** The event's type: the object's {@code type} field, else the SSE {@code event:} name. */
    protected static String type(JsonNode root, SseEvent event) {
        return root.path("type").asText(event.type());
    }

    /** The provider said the stream is complete: later events are ignored. */
    protected final void markComplete() {
        complete = true;
    }

    @Override
    public final boolean complete() {
        return complete;
    }
}
