package dev.latencylens.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's engine: one thread that accepts, reads, parses, and writes every scheduled event of every
 * stream. A selector waits for socket readiness <em>or</em> the next due event (a priority queue ordered by due
 * time), whichever comes first; all writes are non-blocking, and a socket that does not take a whole event gets
 * the rest when it becomes writable. No thread per stream, no sleeping: a thousand streams cost a thousand
 * queue entries. Because one thread owns all state, nothing here is locked.
 *
 * <p>Timing precision: the selector sleeps in whole milliseconds (rounded up), so events go out up to about a
 * millisecond after their due time; due times are absolute, so that lateness never accumulates.
 */
final class SimServer implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.latencylens.simulator");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Due steps run per loop turn before sockets are looked at again, so a burst cannot starve reads. */
    private static final int STEPS_PER_TURN = 4096;

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final ProfileTable profiles;
    private final GroundTruth groundTruth;
    private final boolean recordRequestBodies;
    private final long seed;
    private SplittableRandom random;
    private final String idPrefix;
    private final long startEpochSeconds = System.currentTimeMillis() / 1000;

    /** Earliest due first (compared by difference: nanoTime may wrap), then first scheduled first. */
    private final PriorityQueue<Exchange> timers = new PriorityQueue<>(SimServer::compareDue);
    private final Set<SimConnection> connections = new LinkedHashSet<>();
    private final ColdStarts coldStarts = new ColdStarts(System.nanoTime());
    /** Requests of each model being served, for {@link SimProfile#capacity()}. I/O thread only. */
    private final Map<String, Integer> inFlightByModel = new HashMap<>();
    private final ByteSink scratch = new ByteSink(4096);
    private long sequence;
    private long connectionIds;
    private long requestIds;
    private volatile boolean running = true;
    /** Work handed in by other threads, run by the I/O thread between turns. */
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

    /** @param recordRequestBodies whether each {@link ServedRequest} keeps its request's body */
    SimServer(InetAddress bindAddress, int port, long seed, ProfileTable profiles, GroundTruth groundTruth, boolean recordRequestBodies)
            throws IOException {
        this.profiles = profiles;
        this.groundTruth = groundTruth;
        this.recordRequestBodies = recordRequestBodies;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.idPrefix = "sim" + INSTANCES.incrementAndGet() + "-";
        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // A large backlog: a benchmark may open a thousand connections at once.
            serverChannel.bind(new InetSocketAddress(bindAddress, port), 4096);
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
    }

    int port() {
        return serverChannel.socket().getLocalPort();
    }

    /**
     * Serves a few requests over a real socket and then forgets them (ids, seed, ground truth, idle clocks), so
     * class loading, Jackson's start-up and the JDK's first string concatenations (a few hundred ms together)
     * are not charged to the first real request: that would pass for a cold start the script never asked for.
     * Called once, by {@link Simulator#start()}, before the port is handed out.
     */
    void warmUp() throws IOException {
        java.io.ByteArrayOutputStream requests = new java.io.ByteArrayOutputStream();
        for (Dialect dialect : Routes.DIALECTS) {
            String[] r = dialect.warmUpRequest(ProfileTable.WARM_UP_MODEL);
            writeRequest(requests, r[0], r[1], r[2]);
        }
        writeRequest(requests, "POST", "/v1/chat/completions", "{\"model\":\"" + ProfileTable.WARM_UP_MODEL
                + "\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}");
        requests.write("GET /v1/warm-up HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        InetAddress bound = serverChannel.socket().getInetAddress();
        try (java.net.Socket socket = new java.net.Socket(bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
                : bound, port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(requests.toByteArray());
            out.flush();
            socket.getInputStream().readAllBytes(); // until the server closes after the last response
        }
        CompletableFuture<Void> reset = new CompletableFuture<>();
        commands.add(() -> {
            requestIds = 0;
            connectionIds = 0;
            random = new SplittableRandom(seed);
            coldStarts.reset(System.nanoTime());
            inFlightByModel.clear();
            groundTruth.reset();
            reset.complete(null);
        });
        selector.wakeup();
        try {
            reset.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during the simulator's warm-up");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("simulator warm-up did not finish", e);
        }
    }

    private static void writeRequest(java.io.ByteArrayOutputStream out, String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (Runnable command; (command = commands.poll()) != null; ) {
                    command.run();
                }
                runDueSteps();
                long wait = millisUntilNextStep();
                if (wait < 0) {
                    selector.selectNow(this::onReady);
                } else {
                    selector.select(this::onReady, wait);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "simulator I/O loop failed; the simulator stops", e);
        } finally {
            for (SimConnection c : new ArrayList<>(connections)) {
                close(c);
            }
            try {
                serverChannel.close();
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the simulator's sockets", e);
            }
        }
    }

    // ------------------------------------------------------------------ scheduling

    private static int compareDue(Exchange a, Exchange b) {
        long d = a.due - b.due;
        return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(a.sequence, b.sequence);
    }

    void schedule(Exchange exchange, long due) {
        exchange.due = due;
        exchange.sequence = ++sequence;
        timers.add(exchange);
    }

    private void runDueSteps() {
        long now = System.nanoTime();
        for (int i = 0; i < STEPS_PER_TURN && !timers.isEmpty(); i++) {
            Exchange next = timers.peek();
            if (next.due - now > 0) {
                now = System.nanoTime();
                if (next.due - now > 0) {
                    return;
                }
            }
            timers.poll();
            if (next.finished || next.conn.closed) {
                continue;
            }
            if (!next.conn.flushed()) {
                next.conn.resumeOnFlush = next; // the client reads slowly: continue once the socket took it all
                continue;
            }
            try {
                next.onDue(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "simulator failed serving " + next.requestId, e);
                close(next.conn);
            }
        }
    }

    /** -1: a step is due now; 0: nothing scheduled, wait for sockets only; else milliseconds, rounded up. */
    private long millisUntilNextStep() {
        Exchange next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.due - System.nanoTime();
        return nanos <= 0 ? -1 : (nanos + 999_999) / 1_000_000;
    }

    // ------------------------------------------------------------------ sockets

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        SimConnection c = (SimConnection) key.attachment();
        try {
            if (key.isWritable()) {
                flush(c);
            }
            if (!c.closed && key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            close(c); // the client went away
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "simulator failed on connection " + c.id, e);
            close(c);
        }
    }

    private void accept() {
        try {
            SocketChannel channel;
            while ((channel = serverChannel.accept()) != null) {
                channel.configureBlocking(false);
                // Every event must leave at once: Nagle would hold small chunks back waiting for an ACK.
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SimConnection c = new SimConnection(++connectionIds, channel);
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator could not accept a connection", e);
        }
    }

    private void read(SimConnection c) throws IOException {
        while (true) {
            ByteBuffer buffer = c.readBuffer();
            if (buffer == null) {
                if (c.active == null) {
                    processRequests(c); // answers 413/431 if no request fits
                }
                if (!c.closed) {
                    c.key.interestOpsAnd(~SelectionKey.OP_READ); // resumed by requestDone
                }
                return;
            }
            int n = c.channel.read(buffer);
            if (n < 0) {
                // HTTP clients do not half-close: end of input means the client is gone. This is also how a
                // stream the client abandoned (a stall it timed out on) is noticed without writing to it.
                close(c);
                return;
            }
            if (n == 0) {
                break;
            }
            c.readInto(n);
        }
        if (c.active == null) {
            processRequests(c);
        }
    }

    /** Writes now what the socket takes, queues the rest; stamps the owner when its bytes have all left. */
    void write(SimConnection c, ByteSink data, Exchange owner, int tags) {
        write(c, data.array(), data.size(), owner, tags);
    }

    void write(SimConnection c, byte[] bytes, Exchange owner, int tags) {
        write(c, bytes, bytes.length, owner, tags);
    }

    /** Copies what the socket did not take, so the caller may reuse {@code bytes} at once. */
    private void write(SimConnection c, byte[] bytes, int length, Exchange owner, int tags) {
        if (c.closed) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        if (c.out.isEmpty()) {
            // Stamped before the write that completes the bytes: a client cannot have read them earlier, so
            // a client stamp is never before its ground truth (the test of causality stays exact).
            long writing = System.nanoTime();
            try {
                c.channel.write(buffer);
            } catch (IOException e) {
                close(c);
                return;
            }
            if (!buffer.hasRemaining()) {
                if (owner != null) {
                    owner.onWritten(tags, writing);
                }
                return;
            }
        }
        byte[] rest = new byte[buffer.remaining()];
        buffer.get(rest);
        c.out.add(new SimConnection.Pending(ByteBuffer.wrap(rest), owner, tags));
        c.key.interestOpsOr(SelectionKey.OP_WRITE);
    }

    private void write(SimConnection c, byte[] bytes) {
        write(c, bytes, null, 0);
    }

    private void flush(SimConnection c) throws IOException {
        while (!c.out.isEmpty()) {
            SimConnection.Pending p = c.out.peek();
            long writing = System.nanoTime();
            c.channel.write(p.bytes());
            if (p.bytes().hasRemaining()) {
                return;
            }
            c.out.poll();
            if (p.owner() != null) {
                p.owner().onWritten(p.tags(), writing);
            }
        }
        c.key.interestOpsAnd(~SelectionKey.OP_WRITE);
        if (c.closeWhenFlushed) {
            close(c);
        } else if (c.resumeOnFlush != null) {
            Exchange resumed = c.resumeOnFlush;
            c.resumeOnFlush = null;
            schedule(resumed, System.nanoTime());
        }
    }

    void close(SimConnection c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        connections.remove(c);
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing connection " + c.id, e);
        }
        if (c.active != null) {
            c.active.abort(System.nanoTime());
            c.active = null;
        }
    }

    private void closeWhenFlushed(SimConnection c) {
        if (c.flushed()) {
            close(c);
        } else {
            c.closeWhenFlushed = true;
        }
    }

    // ------------------------------------------------------------------ requests

    /** Serves the requests buffered on {@code c}, one at a time, until one needs time or bytes are missing. */
    private void processRequests(SimConnection c) {
        while (!c.closed && !c.closeWhenFlushed && c.active == null) {
            HttpRequestParser.Result result;
            try {
                result = HttpRequestParser.parse(c.input(), c.inputLength());
            } catch (HttpRequestParser.HttpError e) {
                write(c, OpenAiWire.CHAT.jsonResponse(e.status,
                        OpenAiWire.error(e.getMessage(), "invalid_request_error", null, null), false,
                        nextRequestId(), 0, ""));
                closeWhenFlushed(c);
                return;
            }
            if (result instanceof HttpRequestParser.Incomplete incomplete) {
                if (incomplete.expectContinue() && !c.continueSent) {
                    c.continueSent = true;
                    write(c, HttpWire.CONTINUE);
                }
                if (c.inputFull()) {
                    write(c, OpenAiWire.CHAT.jsonResponse(413, OpenAiWire.error("Request too large",
                            "invalid_request_error", null, null), false, nextRequestId(), 0, ""));
                    closeWhenFlushed(c);
                }
                return;
            }
            HttpRequestParser.Complete complete = (HttpRequestParser.Complete) result;
            long arrival = System.nanoTime();
            c.consume(complete.consumed());
            c.continueSent = false;
            dispatch(c, complete.request(), arrival);
        }
    }

    private void dispatch(SimConnection c, HttpRequest request, long arrival) {
        boolean first = c.requests++ == 0;
        String path = request.path();
        String method = request.method();
        Routes.Route route = Routes.match(method, path);
        if (route != null) {
            chat(c, request, route, first, arrival);
        } else if (path.equals("/v1/models") && method.equals("GET")) {
            respond(c, request, 200, OpenAiWire.modelList(profiles.names(), startEpochSeconds));
        } else if (path.startsWith("/v1/models/") && path.length() > "/v1/models/".length()
                && method.equals("GET")) {
            // Every model name is served (unknown ones with the default profile), so every model "exists".
            String id = java.net.URLDecoder.decode(path.substring("/v1/models/".length()), StandardCharsets.UTF_8);
            respond(c, request, 200, OpenAiWire.model(id, startEpochSeconds).getBytes(StandardCharsets.UTF_8));
        } else {
            respond(c, request, 404, OpenAiWire.notFound(method, path));
        }
    }

    private void respond(SimConnection c, HttpRequest request, int status, byte[] body) {
        boolean keepAlive = request.keepAlive();
        write(c, OpenAiWire.CHAT.jsonResponse(status, body, keepAlive, nextRequestId(), 0, ""));
        if (!keepAlive) {
            closeWhenFlushed(c);
        }
    }

    private void chat(SimConnection c, HttpRequest request, Routes.Route route, boolean first, long arrival) {
        Dialect dialect = route.dialect();
        boolean keepAlive = request.keepAlive();
        ChatCall call;
        try {
            call = dialect.parse(request, route.pathModel());
            if (!call.stream() && !dialect.servesNonStreaming()) {
                throw new ChatCall.BadRequest("The Latency Lens simulator serves " + dialect.name()
                        + " requests streamed only: set stream to true.", "stream", null);
            }
        } catch (ChatCall.BadRequest e) {
            write(c, dialect.error(400, e, keepAlive, nextRequestId()));
            if (!keepAlive) {
                closeWhenFlushed(c);
            }
            return;
        }
        SimProfile profile = profiles.profileFor(call.model());
        boolean cold = coldStarts.arrive(call.model(), first, arrival, profile.idleThreshold());
        int inFlight = inFlightByModel.merge(call.model(), 1, Integer::sum);
        double slowdown = profile.capacity() > 0 ? Math.max(1, (double) inFlight / profile.capacity()) : 1;
        Script script = new Script(profile, call, cold, random.split(), slowdown, dialect);
        String id = nextRequestId();
        Exchange exchange = switch (script.fault) {
            case HTTP_429, HTTP_500, HTTP_503 ->
                    new ErrorExchange(this, c, dialect, id, call, script, keepAlive, first, arrival);
            default -> call.stream()
                    ? new StreamExchange(this, c, dialect, id, call, script, keepAlive, first, arrival)
                    : new CompletionExchange(this, c, dialect, id, call, script, keepAlive, first, arrival);
        };
        if (recordRequestBodies) {
            exchange.requestBody = new String(request.body(), StandardCharsets.UTF_8);
        }
        c.active = exchange;
        exchange.start();
    }

    /** The exchange on {@code c} finished with its output flushed: serve the next request or close. */
    void requestDone(SimConnection c, boolean keepAlive) {
        if (c.closed) {
            return;
        }
        if (!keepAlive) {
            closeWhenFlushed(c);
            return;
        }
        c.key.interestOpsOr(SelectionKey.OP_READ);
        processRequests(c);
    }

    void publish(ServedRequest record) {
        inFlightByModel.merge(record.model(), -1, (a, b) -> a + b == 0 ? null : a + b);
        coldStarts.finished(record.model(), System.nanoTime());
        groundTruth.add(record);
    }

    ByteSink scratch() {
        scratch.reset();
        return scratch;
    }

    private String nextRequestId() {
        return idPrefix + ++requestIds;
    }
}
