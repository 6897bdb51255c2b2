package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamFormat;
import java.util.function.Consumer;

/** The framer that cuts a body of each {@link StreamFormat} into raw events. */
public final class Framers {

    private Framers() {
    }

    /** A framer dispatching each complete event of {@code format} to {@code events}. */
    public static StreamFramer of(StreamFormat format, Consumer<SseEvent> events) {
        return switch (format) {
            case SSE -> new SseDecoder(events);
            case NDJSON -> new NdjsonFramer(events);
            case AWS_EVENT_STREAM -> new AwsEventStreamFramer(events);
        };
    }
}
