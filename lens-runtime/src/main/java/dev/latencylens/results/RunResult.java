package dev.latencylens.results;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a run: where and when it ran and each benchmark's result, in run order. Serialised as
 * {@code results.json} (schema: {@code dev/latencylens/results.schema.json} in the runtime jar).
 *
 * @param partial the run was interrupted (Ctrl-C, shutdown) before every benchmark was complete
 * @param shard   which shard of a sharded run this is ({@code lens.shard}); empty for a whole run, and for the run
 *                {@code lens:merge} made of the shards (whose benchmarks list each shard's part)
 */
public record RunResult(Environment environment, Instant started, Instant ended, List<BenchmarkResult> benchmarks,
                        boolean partial, Optional<Shard> shard) {

    public RunResult {
        benchmarks = List.copyOf(benchmarks);
        Objects.requireNonNull(shard, "shard");
    }

    /** A run that is not a shard. */
    public RunResult(Environment environment, Instant started, Instant ended, List<BenchmarkResult> benchmarks,
                     boolean partial) {
        this(environment, started, ended, benchmarks, partial, Optional.empty());
    }

    /**
     * The machine the run measured from: client-side latencies depend on it.
     *
     * @param clientWarmUpRequests requests sent to a private loopback simulator before the first cold probe, to
     *                             warm the client's code paths (0 when none were)
     * @param clientWarmUpMs       how long that warm-up took
     */
    public record Environment(String lensVersion, String jvm, String os, int cores, String host,
                              int clientWarmUpRequests, double clientWarmUpMs) {

        /** An environment without a client warm-up (e.g. built by hand). */
        public Environment(String lensVersion, String jvm, String os, int cores, String host) {
            this(lensVersion, jvm, os, cores, host, 0, 0);
        }

        /** This one, with the client warm-up that preceded the run's first probe. */
        public Environment withClientWarmUp(int requests, double millis) {
            return new Environment(lensVersion, jvm, os, cores, host, requests, millis);
        }

        public static Environment current() {
            String version = RunResult.class.getPackage().getImplementationVersion();
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown";
            }
            return new Environment(version == null ? "dev" : version,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors(), host);
        }
    }
}
