package dev.latencylens.internal.perf;

import com.sun.net.httpserver.HttpServer;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A simulator in its own JVM that also hands out its ground truth, for {@link OverheadPerf}'s own-JVM rows: the
 * simulator serves one scripted model, and {@code GET /truth} on a second loopback port answers every served
 * request since the last call as {@code requestId TAB arrivalNanos TAB firstContentWrittenNanos TAB wireTtftNanos}
 * lines, then forgets them. The stamps are {@code System.nanoTime()} of this JVM, which on Linux is
 * {@code CLOCK_MONOTONIC}, the same clock as the client's: the two JVMs' stamps compare directly.
 *
 * <p>Arguments: {@code model ttftMs itlMs tokens}. Prints one line, {@code ... (OpenAI at <url>) truth at <url>},
 * then runs until killed.
 */
public final class TruthSimulatorMain {

    private TruthSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Simulator sim = Simulator.builder().seed(1).groundTruthCapacity(200_000).build().start();
        sim.register(args[0], Perf.scripted(Double.parseDouble(args[1]), Double.parseDouble(args[2]),
                Integer.parseInt(args[3])));
        HttpServer truth = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        truth.createContext("/truth", exchange -> {
            List<ServedRequest> served;
            synchronized (sim.groundTruth()) {
                served = sim.groundTruth().records();
                sim.groundTruth().clear();
            }
            StringBuilder out = new StringBuilder();
            for (ServedRequest s : served) {
                out.append(s.requestId()).append('\t').append(s.arrivalNanos()).append('\t')
                        .append(s.firstContentWrittenNanos()).append('\t').append(s.wireTtftNanos()).append('\n');
            }
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        truth.start();
        System.out.println("Latency Lens simulator at " + sim.baseUrl() + " (OpenAI at " + sim.baseUrl()
                + ") truth at http://127.0.0.1:" + truth.getAddress().getPort() + "/truth");
        System.out.flush();
        Thread.currentThread().join();
    }
}
