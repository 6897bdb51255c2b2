package dev.latencylens.internal.engine;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The run's OkHttp clients: one per {@value #STREAMS_PER_POOL} concurrent streams, alike but for their connection
 * pools, each thread always sending through the same one.
 *
 * <p>Why: OkHttp finds a pooled connection for a call, and its cleanup finds the idle ones, by scanning every
 * connection of the pool, taking each connection's lock. With 2,000 streams in one pool every request's start and
 * end scanned 2,000 connections; that was the hottest code in a profile of the client at 2,000 streams
 * (docs/PERFORMANCE.md). A worker sends its requests one after another, so with the pool chosen by thread it finds
 * the connection it released last among a few dozen. The clients share everything else (dispatcher, timeouts,
 * event listener, socket factory).
 */
final class PooledClients {

    static final int STREAMS_PER_POOL = 64;

    private final OkHttpClient[] clients;

    /** One pool for at most {@code maxConcurrency} streams (tests, probes): just {@code client}. */
    static PooledClients single(OkHttpClient client) {
        return new PooledClients(new OkHttpClient[] {client});
    }

    /** {@code client} and as many copies with pools of their own as {@code maxConcurrency} streams need. */
    static PooledClients forStreams(OkHttpClient client, int maxConcurrency) {
        int pools = Math.max(1, (maxConcurrency + STREAMS_PER_POOL - 1) / STREAMS_PER_POOL);
        OkHttpClient[] clients = new OkHttpClient[pools];
        clients[0] = client;
        for (int i = 1; i < pools; i++) {
            // As many idle connections as the whole run may need: threads need not spread evenly over the pools.
            clients[i] = client.newBuilder().connectionPool(new ConnectionPool(Math.max(5, maxConcurrency), 5,
                    TimeUnit.MINUTES)).build();
        }
        return new PooledClients(clients);
    }

    private PooledClients(OkHttpClient[] clients) {
        this.clients = clients;
    }

    /** The client of the calling thread: the same one for every call from that thread. */
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number
    OkHttpClient forCurrentThread() {
        return clients.length == 1 ? clients[0]
                : clients[(int) Math.floorMod(Thread.currentThread().getId(), (long) clients.length)];
    }

    /** The first client: for what is not a stream of the run (the clock reading, the warm-up). */
    OkHttpClient first() {
        return clients[0];
    }

    int pools() {
        return clients.length;
    }

    /** Closes every idle connection of every pool (before a cold probe, at the end of the run). */
    void evictAll() {
        for (OkHttpClient client : clients) {
            client.connectionPool().evictAll();
        }
    }
}
