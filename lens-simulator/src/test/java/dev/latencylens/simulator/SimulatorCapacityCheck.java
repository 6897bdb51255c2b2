package dev.latencylens.simulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Not a test: a capacity check to run by hand. Holds N concurrent streams open against one simulator for a while
 * (each connection sends its next request as soon as a stream ends) and reports what the simulator sustained,
 * how much CPU its I/O thread used, and how late events went out against their script.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.latencylens.simulator.SimulatorCapacityCheck \
 *      [streams=1000] [seconds=10] [ttftMs=50] [itlMs=8] [tokens=100]
 * </pre>
 * With itlMs=0 and ttftMs=0 it measures raw throughput (sim-instant-like).
 */
public final class SimulatorCapacityCheck {

    private static final long WARM_UP_NANOS = 2_000_000_000L;

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double ttftMs = args.length > 2 ? Double.parseDouble(args[2]) : 50;
        double itlMs = args.length > 3 ? Double.parseDouble(args[3]) : 8;
        int tokens = args.length > 4 ? Integer.parseInt(args[4]) : 100;

        SimProfile profile = SimProfile.builder().ttft(Dist.fixed(ttftMs)).interTokenDelay(Dist.fixed(itlMs))
                .outputTokens(tokens).prefillMicrosPerToken(0).build();
        try (Simulator sim = Simulator.builder().configuration(new Properties()).groundTruthCapacity(2_000_000)
                .profile("cap", profile).build().start()) {
            Thread io = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("latency-lens-sim-" + sim.port())).findFirst().orElseThrow();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();

            byte[] body = "{\"model\":\"cap\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] request = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                    + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

            Selector selector = Selector.open();
            for (int i = 0; i < streams; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.connect(new InetSocketAddress("127.0.0.1", sim.port()));
                ch.register(selector, SelectionKey.OP_CONNECT, new int[1]);
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            long startNanos = System.nanoTime();
            long cpuStart = mx.getThreadCpuTime(io.getId());
            long deadline = startNanos + Duration.ofSeconds(seconds).toNanos();
            long completed = 0;
            long bytes = 0;
            int open = streams;
            boolean running = true;
            while (open > 0) {
                if (running && System.nanoTime() - deadline > 0) {
                    running = false;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    int[] tail = (int[]) key.attachment(); // last 4 bytes read, to spot "0\r\n\r\n"
                    if (key.isConnectable()) {
                        ch.finishConnect();
                        ch.write(ByteBuffer.wrap(request));
                        key.interestOps(SelectionKey.OP_READ);
                        continue;
                    }
                    buffer.clear();
                    int n = ch.read(buffer);
                    if (n < 0) {
                        throw new IllegalStateException("server closed a connection");
                    }
                    bytes += n;
                    buffer.flip();
                    boolean done = false;
                    int t = tail[0];
                    while (buffer.hasRemaining()) {
                        t = (t << 8) | (buffer.get() & 0xff);
                        // "\n0\r\n\r\n" would need 6 bytes; the terminator follows "\r\n" of the [DONE] chunk.
                        if (t == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n') && done(buffer)) {
                            done = true;
                        }
                    }
                    tail[0] = t;
                    if (done) {
                        completed++;
                        if (running) {
                            ch.write(ByteBuffer.wrap(request));
                        } else {
                            ch.close();
                            open--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            long wall = System.nanoTime() - startNanos;
            long cpu = mx.getThreadCpuTime(io.getId()) - cpuStart;
            sim.groundTruth().awaitRecorded(completed, Duration.ofSeconds(10));
            report(sim, profile, streams, wall, cpu, completed, bytes, startNanos + WARM_UP_NANOS);
        }
    }

    /** The terminator is the last thing of a response; the buffer is drained when it ends. */
    private static boolean done(ByteBuffer buffer) {
        return !buffer.hasRemaining();
    }

    private static void report(Simulator sim, SimProfile profile, int streams, long wall, long cpu, long completed,
                               long bytes, long steadyFrom) {
        List<ServedRequest> all = sim.groundTruth().records();
        System.out.printf("all requests: %s%n", lateness(all, profile));
        System.out.printf("after the first %d s (JIT warm-up): %s%n", WARM_UP_NANOS / 1_000_000_000L,
                lateness(all.stream().filter(r -> r.arrivalNanos() - steadyFrom > 0).toList(), profile));
        List<ServedRequest> records = all;
        long events = records.stream().mapToLong(ServedRequest::contentEvents).sum();
        double secs = wall / 1e9;
        System.out.printf("streams=%d profile=%s%n", streams, profile);
        System.out.printf("wall %.1f s, requests %d (%.0f/s), content events %d (%.0f/s), %.1f MB/s%n",
                secs, completed, completed / secs, events, events / secs, bytes / secs / 1e6);
        System.out.printf("simulator I/O thread CPU %.2f s = %.0f %% of one core, %.2f us per event%n",
                cpu / 1e9, 100.0 * cpu / wall, events == 0 ? 0 : cpu / 1e3 / events);
    }

    /** Lateness of first content and of every event against the script, in ms. */
    private static String lateness(List<ServedRequest> records, SimProfile profile) {
        long itl = Script.millisToNanos(profile.interTokenDelay().center());
        long[] first = records.stream().mapToLong(r -> r.wireTtftNanos() - r.scriptedTtftNanos()).sorted().toArray();
        long[] every = records.stream().flatMapToLong(r -> {
            long[] stamps = r.contentWrittenNanos();
            long due = r.arrivalNanos() + r.scriptedTtftNanos();
            long[] late = new long[stamps.length];
            for (int i = 0; i < stamps.length; i++) {
                late[i] = stamps[i] - (due + i * itl);
            }
            return Arrays.stream(late);
        }).sorted().toArray();
        return String.format("first content late p50 %.2f p99 %.2f max %.2f ms; every event late p50 %.2f p99 %.2f"
                        + " p99.9 %.2f max %.2f ms", pct(first, 0.5), pct(first, 0.99), pct(first, 1),
                pct(every, 0.5), pct(every, 0.99), pct(every, 0.999), pct(every, 1));
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }
}
