package dev.latencylens.internal.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's floor: what reading the same streams costs a client that does nothing else. A bare client writes a
 * fixed HTTP request and reads the chunked response to its terminator, with no HTTP library, no decoding, no stamps
 * and no recording; the simulator and its scripts are those of {@link CapacityPerf} and {@link SchedulePerf}.
 * Two such clients: one blocking thread per stream (how Lens and the SDK read), and one thread over a
 * {@link Selector} (an event loop). Whatever Lens does, it cannot cost less than the first; the targets of
 * docs/PERFORMANCE.md that the floor itself misses cannot be met on this machine by any client of that shape.
 */
final class FloorPerf {

    /** How a bare client reads: one blocking thread per stream, or one thread over a selector. */
    enum Shape { THREADS, EVENT_LOOP }

    /** What one bare run measured. */
    record Run(Shape shape, int streams, long requests, double windowSeconds, double cpuSeconds, double kernelShare) {

        double cpuPerRequestMicros() {
            return cpuSeconds / requests * 1e6;
        }
    }

    private FloorPerf() {
    }

    static void run(int[] steps, Path out) throws Exception {
        PerfSection s = new PerfSection("floor", "4. The machine's floor: a client that only reads");
        List<List<String>> capacity = new ArrayList<>();
        List<List<String>> single = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        try (ExternalSimulator sim = new ExternalSimulator(Perf.scriptedProperties(CapacityPerf.MODEL,
                CapacityPerf.TTFT_MS, CapacityPerf.ITL_MS, CapacityPerf.TOKENS))) {
            for (Shape shape : Shape.values()) {
                int sustained = 0;
                double peak = 0;
                for (int c : steps) {
                    run(sim, shape, CapacityPerf.MODEL, c, c); // a round of warm-up, for the JIT
                    double sim0 = sim.cpuSeconds();
                    Run r = run(sim, shape, CapacityPerf.MODEL, c, c * CapacityPerf.ROUNDS);
                    double simPercent = 100 * (sim.cpuSeconds() - sim0) / r.windowSeconds() / cores;
                    double events = r.requests() * CapacityPerf.TOKENS / r.windowSeconds();
                    double ideal = c * CapacityPerf.TOKENS / CapacityPerf.STREAM_SECONDS;
                    double cpuPercent = 100 * r.cpuSeconds() / r.windowSeconds() / cores;
                    capacity.add(List.of(label(shape), String.valueOf(c), String.format(Locale.ROOT, "%,.0f", events),
                            Perf.f1(events / ideal * 100) + " %", Perf.f1(cpuPercent),
                            Perf.f1(r.kernelShare() * 100) + " %",
                            Perf.f1(r.cpuPerRequestMicros() / CapacityPerf.TOKENS), Perf.f1(simPercent),
                            Perf.load()));
                    Perf.printf("%s%n", capacity.get(capacity.size() - 1));
                    sustained = events >= 0.9 * ideal ? Math.max(sustained, c) : sustained;
                    peak = Math.max(peak, events);
                }
                findings.add(String.format(Locale.ROOT, "* A bare client, %s: sustains %s; peak %,.0f content events/s"
                        + " (the capacity targets: ≥ 2,000 streams and ≥ 100,000 events/s).", label(shape),
                        sustained == 0 ? "none of the steps" : String.format(Locale.ROOT, "%,d streams", sustained),
                        peak));
            }
        }
        try (ExternalSimulator sim = new ExternalSimulator(Perf.scriptedProperties(SchedulePerf.MODEL, 1, 1, 10))) {
            for (int rate : new int[] {1000, 100}) {
                paced(sim, rate, 5); // the JIT's warm-up
                Run r = paced(sim, rate, SchedulePerf.SECONDS);
                single.add(List.of(String.valueOf(rate), String.valueOf(r.streams()), String.valueOf(r.requests()),
                        Perf.f1(r.cpuPerRequestMicros()), Perf.f1(r.kernelShare() * 100) + " %",
                        Perf.f1(100 * r.cpuSeconds() / r.windowSeconds()) + " %", Perf.load()));
                Perf.printf("%s%n", single.get(single.size() - 1));
                if (rate == 100) {
                    findings.add(String.format(Locale.ROOT, "* A bare client at 100 requests/s: %s %% of one core,"
                            + " against the schedule's target of < 5 %% for the whole client.",
                            Perf.f1(100 * r.cpuSeconds() / r.windowSeconds())));
                }
            }
        }
        s.text(String.format(Locale.ROOT, """
                A bare client (`FloorPerf`) writes a fixed request and reads the chunked response to its end, with no
                HTTP library, no decoding, no stamps and no recording, against the simulators and scripts of sections
                3 and 6 (simulator in its own JVM). *threads*: one blocking thread per stream, as Lens and the SDK
                read; *event loop*: one thread over a `Selector`. No client of the first shape can cost less; what
                the floor itself misses, no such client meets on this machine. Columns as in section 3.""")).table(
                List.of("bare client", "streams", "events/s", "of ideal", "cpu %", "kernel", "µs/event", "sim %",
                        "load"), capacity);
        s.text(String.format(Locale.ROOT, """
                Poisson arrivals for %d s with the schedule's script (TTFT 1 ms, then 10 tokens 1 ms apart), after
                5 s of warm-up: max(4, rate / 25) threads, each taking every so many arrivals, parked until the next
                one, then sending it and reading the response on its own (no hand-off, and each thread busy about a
                third of the time); the CPU a request costs, and the client's CPU as a share of one core.""",
                SchedulePerf.SECONDS)).table(List.of("rate/s", "threads", "requests",
                "CPU µs/request", "kernel", "client CPU (one core)", "load"), single)
                .text(String.join("\n", findings)).write(out);
    }

    /**
     * Open loop at {@code rate} for {@code seconds}: {@code max(4, rate / 25)} threads, each with a Poisson stream
     * of its share of the rate, parking until its next arrival and then sending and reading on its own.
     */
    static Run paced(ExternalSimulator sim, int rate, int seconds) throws Exception {
        int threads = Math.max(4, rate / 25);
        URI uri = URI.create(sim.baseUrl());
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = request(uri.getHost() + ":" + uri.getPort(), SchedulePerf.MODEL);
        AtomicLong done = new AtomicLong();
        long[] ticks0 = Perf.cpuTicks();
        long cpu0 = Perf.processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        double meanGapNanos = 1e9 * threads / rate;
        onConnections(address, threads, "floor-paced", (i, connection) -> {
            SplittableRandom random = new SplittableRandom(42 + i);
            long next = t0;
            while ((next += (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos)) - end < 0) {
                long wait;
                while ((wait = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                connection.exchange(request);
                done.incrementAndGet();
            }
        });
        double window = (System.nanoTime() - t0) / 1e9;
        double cpu = (Perf.processCpuNanos() - cpu0) / 1e9;
        long[] ticks = Perf.cpuTicks();
        double kernel = (double) (ticks[1] - ticks0[1]) / Math.max(1, ticks[0] - ticks0[0] + ticks[1] - ticks0[1]);
        return new Run(Shape.THREADS, threads, done.get(), window, cpu, kernel);
    }

    private static String label(Shape shape) {
        return shape == Shape.THREADS ? "threads" : "event loop";
    }

    /** {@code streams} streams closed-loop until {@code requests} responses have been read to their end. */
    static Run run(ExternalSimulator sim, Shape shape, String model, int streams, int requests) throws Exception {
        URI uri = URI.create(sim.baseUrl());
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = request(uri.getHost() + ":" + uri.getPort(), model);
        long[] ticks0 = Perf.cpuTicks();
        long cpu0 = Perf.processCpuNanos();
        long t0 = System.nanoTime();
        long done = shape == Shape.THREADS ? threads(address, request, streams, requests)
                : eventLoop(address, request, streams, requests);
        double window = (System.nanoTime() - t0) / 1e9;
        double cpu = (Perf.processCpuNanos() - cpu0) / 1e9;
        long[] ticks = Perf.cpuTicks();
        double kernel = (double) (ticks[1] - ticks0[1]) / Math.max(1, ticks[0] - ticks0[0] + ticks[1] - ticks0[1]);
        return new Run(shape, streams, done, window, cpu, kernel);
    }

    static byte[] request(String host, String model) {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":256,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}";
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer sk-floor\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static long threads(InetSocketAddress address, byte[] request, int streams, int requests)
            throws InterruptedException {
        AtomicLong left = new AtomicLong(requests);
        AtomicLong done = new AtomicLong();
        onConnections(address, streams, "floor", (i, connection) -> {
            while (left.getAndDecrement() > 0) {
                connection.exchange(request);
                done.incrementAndGet();
            }
        });
        return done.get();
    }

    /** What a thread of {@link #onConnections} does with its connection. */
    private interface ConnectionWork {
        void run(int thread, BareConnection connection) throws IOException;
    }

    /** Runs {@code work} on {@code threads} daemon threads, each with a connection of its own, until all are done. */
    private static void onConnections(InetSocketAddress address, int threads, String name, ConnectionWork work)
            throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread t = new Thread(null, () -> {
                try (BareConnection connection = new BareConnection(address)) {
                    work.run(index, connection);
                } catch (IOException e) {
                    Perf.printf("bare client: %s%n", e);
                } finally {
                    finished.countDown();
                }
            }, name + "-" + i, 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
        finished.await();
    }

    private static long eventLoop(InetSocketAddress address, byte[] request, int streams, int requests)
            throws IOException {
        long left = requests;
        long done = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        try (Selector selector = Selector.open()) {
            int open = 0;
            for (int i = 0; i < streams && left > 0; i++, left--) {
                SocketChannel ch = SocketChannel.open(address);
                ch.socket().setTcpNoDelay(true);
                ch.configureBlocking(false);
                write(ch, request);
                ch.register(selector, SelectionKey.OP_READ, new EndOfBody());
                open++;
            }
            while (open > 0) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    EndOfBody end = (EndOfBody) key.attachment();
                    buffer.clear();
                    int n = ch.read(buffer);
                    if (n < 0) {
                        throw new IOException("the stream ended early");
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, n);
                    end.scan(bytes, 0, n);
                    if (end.seen()) {
                        done++;
                        end.reset();
                        if (left > 0) {
                            left--;
                            write(ch, request);
                        } else {
                            key.cancel();
                            ch.close();
                            open--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return done;
    }

    /** Small requests fit a socket's send buffer: a non-blocking write takes them whole or the peer is stuck. */
    private static void write(SocketChannel ch, byte[] request) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(request);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** One blocking keep-alive connection: writes a request and reads its response to the end. */
    private static final class BareConnection implements AutoCloseable {

        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[8192];
        private final EndOfBody end = new EndOfBody();

        BareConnection(InetSocketAddress address) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(address);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void exchange(byte[] request) throws IOException {
            out.write(request);
            end.reset();
            int n;
            while (!end.seen() && (n = in.read(buffer)) > 0) {
                end.scan(buffer, 0, n);
            }
            if (!end.seen()) {
                throw new IOException("the stream ended early");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Spots the chunked body's terminator {@code \r\n0\r\n\r\n}, across reads of any size. */
    static final class EndOfBody {

        private static final byte[] END = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private int matched;
        private boolean seen;

        void scan(byte[] b, int off, int len) {
            for (int i = off; i < off + len && !seen; i++) {
                matched = b[i] == END[matched] ? matched + 1 : (b[i] == END[0] ? 1 : 0);
                seen = matched == END.length;
            }
        }

        boolean seen() {
            return seen;
        }

        void reset() {
            matched = 0;
            seen = false;
        }
    }
}
