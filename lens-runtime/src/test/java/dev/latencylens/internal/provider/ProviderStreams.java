package dev.latencylens.internal.provider;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.stream.Framers;
import dev.latencylens.internal.stream.StreamFramer;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/** Test helpers: an adapter's stream decoded the way the engine decodes it, from bytes or over a real socket. */
public final class ProviderStreams {

    private ProviderStreams() {
    }

    /** {@code body} fed to the adapter's framer and decoder in chunks of {@code chunk} bytes, stamps 1, 2, 3, ... */
    public static Decoded decode(ProviderAdapter adapter, byte[] body, int chunk) {
        RecordingSink sink = new RecordingSink();
        ProviderAdapter.StreamDecoder decoder = adapter.newDecoder();
        StreamFramer framer = Framers.of(adapter.streamFormat(), e -> decoder.onEvent(e, sink));
        long stamp = 0;
        for (int i = 0; i < body.length; i += chunk) {
            framer.feed(body, i, Math.min(chunk, body.length - i), ++stamp);
        }
        framer.end();
        return new Decoded(sink, decoder.complete(), framer.hasPartialEvent());
    }

    /** {@link #decode} at every chunk size from 1 to 64 bytes and whole: all must give the same calls but stamps. */
    public static Decoded decodeAtEverySplit(ProviderAdapter adapter, byte[] body) {
        Decoded whole = decode(adapter, body, Math.max(1, body.length));
        List<String> expected = withoutStamps(whole.sink());
        for (int chunk = 1; chunk <= 64; chunk++) {
            Decoded split = decode(adapter, body, chunk);
            List<String> got = withoutStamps(split.sink());
            if (!got.equals(expected) || split.complete() != whole.complete()) {
                throw new AssertionError("chunks of " + chunk + " bytes decode differently:\n" + got + "\nvs\n"
                        + expected);
            }
        }
        return whole;
    }

    private static List<String> withoutStamps(RecordingSink sink) {
        List<String> out = new ArrayList<>();
        for (RecordingSink.Call c : sink.calls) {
            out.add(c.toString().replaceFirst("t=\\d+, ", ""));
        }
        return out;
    }

    /** What a stream decoded to. */
    public record Decoded(RecordingSink sink, boolean complete, boolean partial) {
    }

    /** The bytes of a request's body. */
    public static String body(Request request) throws IOException {
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        return buffer.readUtf8();
    }

    /** One call over a real loopback socket: the request the server saw and the stream the client decoded. */
    public record Exchange(RecordedRequest request, Decoded decoded, int status, String errorBody) {
    }

    /** Serves {@code response} from {@code server}, calls it with the adapter, decodes the stream as the engine does. */
    public static Exchange call(MockWebServer server, ProviderAdapter adapter, Endpoint endpoint, ChatRequest chat,
                                BenchmarkDescriptor bench, MockResponse response) throws Exception {
        server.enqueue(response);
        OkHttpClient client = new OkHttpClient();
        try (Response r = client.newCall(HttpRequests.toOkHttp(adapter.buildRequest(endpoint, chat, bench))).execute()) {
            RecordingSink sink = new RecordingSink();
            ProviderAdapter.StreamDecoder decoder = adapter.newDecoder();
            StreamFramer framer = Framers.of(adapter.streamFormat(), e -> decoder.onEvent(e, sink));
            boolean stream = r.isSuccessful() && adapter.streamFormat().accepts(r.header("Content-Type"));
            String errorBody = stream ? "" : r.body().string();
            if (stream) {
                BufferedSource source = r.body().source();
                byte[] buf = new byte[8192];
                int n;
                while ((n = source.read(buf, 0, buf.length)) != -1) {
                    framer.feed(buf, 0, n, System.nanoTime());
                }
                framer.end();
            }
            return new Exchange(server.takeRequest(), new Decoded(sink, decoder.complete(), framer.hasPartialEvent()),
                    r.code(), errorBody);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
