package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the engine sends a request again on a new connection, and when it must not: a raw loopback server whose
 * second exchange on a connection does exactly one thing wrong (closes unanswered, answers half a status line and
 * closes, or says nothing at all).
 */
class StaleConnectionTest {

    private static final String STREAM = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";

    /** What the server does with the second request on its first connection. */
    private enum Second { CLOSE_UNANSWERED, HALF_A_STATUS_LINE, SILENCE }

    private final OkHttpClient client = RunEngine.newClient(1, LoadOptions.defaults());
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        client.connectionPool().evictAll();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPooledConnectionTheServerClosedUnansweredIsSentAgainOnANewOne() throws Exception {
        server = new ScriptedServer(Second.CLOSE_UNANSWERED);
        RequestExecutor executor = executor(5_000);
        RequestTrace first = send(executor);
        RequestTrace second = send(executor);

        assertThat(first.succeeded()).as(first.errorMessage()).isTrue();
        assertThat(first.staleRetry()).isFalse();
        assertThat(second.succeeded()).as(second.errorMessage()).isTrue();
        assertThat(second.staleRetry()).isTrue();
        assertThat(second.staleError()).contains("IOException");
        assertThat(second.connectionReused()).as("the resend ran on a new connection").isFalse();
        assertThat(second.connectionSetupNanos()).isPositive();
        assertThat(second.sendNanos()).as("t_send stays the first attempt's").isLessThan(
                second.connectionAcquiredNanos());
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requestHeads()).hasSize(3);
        assertThat(server.requestHeads().get(2).toLowerCase(Locale.ROOT))
                .as("no later request can be handed the resend's connection").contains("connection: close");
    }

    @Test
    void aConnectionThatStartedToAnswerIsNeverSentAgain() throws Exception {
        server = new ScriptedServer(Second.HALF_A_STATUS_LINE);
        RequestExecutor executor = executor(5_000);
        send(executor);
        RequestTrace second = send(executor);

        assertThat(second.errorClass()).contains(ErrorClass.CONNECTION);
        assertThat(second.staleRetry()).isFalse();
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aTimeoutOnAPooledConnectionIsNeverSentAgain() throws Exception {
        server = new ScriptedServer(Second.SILENCE);
        RequestExecutor executor = executor(300);
        send(executor);
        RequestTrace second = send(executor);

        assertThat(second.errorClass()).contains(ErrorClass.TIMEOUT);
        assertThat(second.staleRetry()).isFalse();
        assertThat(server.connections()).isEqualTo(1);
    }

    private RequestExecutor executor(long timeoutMs) {
        return new RequestExecutor(client, ProviderRegistry.load(getClass().getClassLoader()).get("openai"),
                new Endpoint(URI.create("http://127.0.0.1:" + server.port() + "/v1"), Optional.of("k")),
                BenchmarkDescriptor.builder("openai", "gpt-4o-mini").timeoutMs(timeoutMs).build());
    }

    private static RequestTrace send(RequestExecutor executor) {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, System.nanoTime(), false);
        executor.execute(ChatRequest.ofUser("hi"), t);
        return t;
    }

    /**
     * Answers the first request on its first connection with a complete keep-alive stream, does {@code second}
     * with the next request on that connection, and answers every request on later connections properly.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> heads = new CopyOnWriteArrayList<>();
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread thread;

        ScriptedServer(Second second) throws IOException {
            thread = new Thread(() -> serve(second), "stale-connection-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requestHeads() {
            return heads;
        }

        int connections() {
            return accepted.size();
        }

        private void serve(Second second) {
            try {
                for (int n = 0; !socket.isClosed(); n++) {
                    Socket s = socket.accept();
                    accepted.add(s);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    if (n > 0) {
                        readRequest(in);
                        answer(out);
                        continue;
                    }
                    readRequest(in);
                    answer(out);
                    readRequest(in);
                    switch (second) {
                        case CLOSE_UNANSWERED -> s.close();
                        case HALF_A_STATUS_LINE -> {
                            out.write("HTTP/1.1 2".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            s.close();
                        }
                        case SILENCE -> done.await(10, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed by the test
            }
        }

        private void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the client closed the connection");
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            heads.add(text);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            in.readNBytes(length);
        }

        private static void answer(OutputStream out) throws IOException {
            byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                    + "\r\nKeep-Alive: timeout=5, max=100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            done.countDown();
            socket.close();
            List<Socket> open = new ArrayList<>(accepted);
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
