package dev.latencylens.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An LLM provider on 127.0.0.1 that speaks every supported provider's streaming wire format byte for byte (OpenAI
 * Chat Completions and Responses, Anthropic Messages, Gemini, Bedrock ConverseStream with its binary event-stream
 * framing, Azure OpenAI, Cohere v2, Ollama's NDJSON), with scripted timings and faults, and remembers what it really
 * did so a client's measurements can be checked against the wire. Each format is served at its provider's native
 * path ({@link #baseUrlFor}), all at once, with the same profiles: a model's timings, lengths and faults do not
 * depend on the format it is asked in; faults take each provider's own shape (error bodies, Anthropic's 529, Bedrock
 * exception frames, ...).
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.builder().seed(42).build().start()) {
 *     String baseUrl = sim.baseUrl();                  // http://127.0.0.1:<port>/v1
 *     // POST baseUrl + "/chat/completions" {"model":"sim-fast","stream":true,...}
 *     ServedRequest truth = sim.groundTruth().await(requestId, Duration.ofSeconds(5)).orElseThrow();
 * }
 * }</pre>
 *
 * <p>Serves {@code POST /v1/chat/completions} (streamed and not), {@code GET /v1/models} and
 * {@code GET /v1/models/{id}}, and the streamed chat endpoint of every other format (see {@link #baseUrlFor});
 * anything else is OpenAI's 404. Every model name is served: presets by their name
 * ({@link SimPresets}), others by a registered or configured profile, or else the default profile
 * ({@link SimPresets#FAST} unless the builder says otherwise). Connections are kept alive (HTTP/1.1); the
 * Authorization header is ignored, never stored.
 *
 * <p>Profiles come, later ones winning, from: presets, {@link Builder#profile}, the properties
 * {@code lens.sim.profile.<model>.<key>=<value>} (read at {@link #start()} from {@link Builder#configuration},
 * by default the system properties), and {@link #register} at run time. Keys: {@code base} (a preset name, default
 * {@code sim-fast}), {@code ttftMs} (fixed; with {@code ttftSdMs} a normal's mean, with {@code ttftSigma} a
 * log-normal's median), {@code itlMs} (fixed; with {@code itlSdMs} a normal), {@code tokensPerEvent},
 * {@code outputTokens}, {@code prefillMicrosPerToken}, {@code coldStartMs}, {@code idleMs}, {@code stallMs},
 * {@code retryAfterSeconds}, {@code capacity}, {@code closeAfterResponse}, what the response says
 * ({@code reasoningTokens}, {@code hiddenReasoningTokens}, {@code toolCalls}) and how it is written
 * ({@code endWithoutBlankLine}, {@code contentParts}), and the per-request probabilities {@code fault.429},
 * {@code fault.500}, {@code fault.503}, {@code fault.drop}, {@code fault.stall}, {@code fault.malformed}. An OpenAI
 * Chat Completions request's {@code n} streams that many choices. A bad key or value fails
 * {@code start()} with a message naming the full property and what is allowed. Randomness comes from one generator seeded with {@link Builder#seed}: the same seed and the same
 * order of requests give the same scripted TTFTs, lengths and faults.
 *
 * <p>One I/O thread serves every connection, so a simulator costs one thread however many streams run; it is
 * meant to hold a thousand concurrent streams without becoming the bottleneck. Thread-safe.
 */
public final class Simulator implements AutoCloseable {

    private final int requestedPort;
    private final InetAddress bindAddress;
    private final long seed;
    private final Properties configuration;
    private final ProfileTable profiles;
    private final GroundTruth groundTruth;
    private final boolean recordRequestBodies;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SimServer server;
    private volatile Thread thread;
    private volatile int port = -1;

    private Simulator(Builder b) {
        this.requestedPort = b.port;
        this.bindAddress = b.bindAddress;
        this.seed = b.seed;
        this.configuration = b.configuration;
        this.profiles = new ProfileTable(b.defaultProfile);
        b.profiles.forEach(profiles::put);
        this.groundTruth = new GroundTruth(b.groundTruthCapacity);
        this.recordRequestBodies = b.recordRequestBodies;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configured profiles, binds the port and starts serving. Returns this simulator.
     *
     * @throws IllegalArgumentException a {@code lens.sim.profile.*} property is invalid
     * @throws UncheckedIOException     the port cannot be bound
     */
    public Simulator start() {
        if (closed.get()) {
            throw new IllegalStateException("simulator already closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("simulator already started");
        }
        try {
            ProfileProperties.parse(configuration).forEach(profiles::put);
            SimServer s = new SimServer(bindAddress, requestedPort, seed, profiles, groundTruth,
                    recordRequestBodies);
            this.server = s;
            this.port = s.port();
            Thread t = new Thread(s, "latency-lens-sim-" + port);
            t.setDaemon(true); // a forgotten simulator must not keep a JVM alive
            this.thread = t;
            t.start();
            try {
                s.warmUp();
            } catch (IOException e) {
                s.stop();
                throw e;
            }
            return this;
        } catch (IOException e) {
            started.set(false);
            throw new UncheckedIOException("simulator could not listen on " + bindAddress.getHostAddress() + ":"
                    + requestedPort, e);
        } catch (RuntimeException e) {
            started.set(false);
            throw e;
        }
    }

    /** The port the simulator listens on (the ephemeral one chosen when built with port 0). */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("simulator not started");
        }
        return port;
    }

    /** {@code http://127.0.0.1:<port>/v1}: what an OpenAI client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /**
     * The base URL to give provider {@code providerId}'s adapter so its requests reach this simulator in that
     * provider's wire format: {@code /v1} for Anthropic (its SDKs take the root), {@code /v1beta} for Gemini,
     * {@code /v2} for Cohere, the root for Bedrock (both APIs), Azure OpenAI, Ollama's native API and llama.cpp
     * (whose server also serves {@code /chat/completions}, answered here in its flavour), and {@link #baseUrl()}
     * ({@code /v1}) for OpenAI's Chat Completions and Responses, the OpenAI-compatible family and any other id.
     */
    public String baseUrlFor(String providerId) {
        String root = "http://127.0.0.1:" + port();
        return switch (providerId) {
            case "anthropic" -> root + "/v1";
            case "gemini" -> root + "/v1beta";
            case "cohere" -> root + "/v2";
            case "bedrock", "bedrock-invoke", "azure-openai", "ollama-native", "llamacpp" -> root;
            default -> baseUrl();
        };
    }

    public URI baseUri() {
        return URI.create(baseUrl());
    }

    public long seed() {
        return seed;
    }

    /** Serves {@code model} with {@code profile} from the next request on (replaces a preset of that name). */
    public void register(String model, SimProfile profile) {
        profiles.put(model, profile);
    }

    /** The profile requests for {@code model} are served with. */
    public SimProfile profile(String model) {
        return profiles.profileFor(model);
    }

    /** Models with a profile of their own (presets included), sorted; other names get the default profile. */
    public Collection<String> models() {
        return profiles.names();
    }

    public GroundTruth groundTruth() {
        return groundTruth;
    }

    /**
     * Stops serving: closes the listening socket and every connection (open streams end abruptly and are
     * recorded as incomplete), and waits for the I/O thread to end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SimServer s = server;
        Thread t = thread;
        if (s == null || t == null) {
            return;
        }
        s.stop();
        if (t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Simulator[" + (port < 0 ? "not started" : baseUrl()) + ", seed=" + seed + "]";
    }

    /** Configures a {@link Simulator}. */
    public static final class Builder {
        private int port;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private long seed = 42L;
        private SimProfile defaultProfile = SimPresets.FAST;
        private final Map<String, SimProfile> profiles = new LinkedHashMap<>();
        private int groundTruthCapacity = 100_000;
        private boolean recordRequestBodies;
        private Properties configuration = System.getProperties();

        private Builder() {
        }

        /** 0 (the default) picks a free ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to listen on; default the loopback address, so that nothing outside the machine reaches a test's
         * simulator. {@code 0.0.0.0} serves other machines too: in a container, whose loopback is its own.
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Seed of every scripted sample; default 42, so runs are reproducible unless asked otherwise. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder profile(String model, SimProfile profile) {
            if (Objects.requireNonNull(model, "model").isBlank()) {
                throw new IllegalArgumentException("model name must not be blank");
            }
            profiles.put(model, Objects.requireNonNull(profile, "profile"));
            return this;
        }

        /** The profile of model names without one of their own; default {@link SimPresets#FAST}. */
        public Builder defaultProfile(SimProfile profile) {
            this.defaultProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** How many {@link ServedRequest}s the ground truth keeps (the most recent); default 100,000. */
        public Builder groundTruthCapacity(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("ground truth capacity must be >= 1, was " + records);
            }
            this.groundTruthCapacity = records;
            return this;
        }

        /**
         * Whether each {@link ServedRequest} keeps the body of its request ({@link ServedRequest#requestBody()}), so a
         * test can check what was sent; off by default, since a run of long prompts would keep them all.
         */
        public Builder recordRequestBodies(boolean record) {
            this.recordRequestBodies = record;
            return this;
        }

        /** Where {@code lens.sim.profile.*} is read from at start; default the system properties. */
        public Builder configuration(Properties properties) {
            this.configuration = Objects.requireNonNull(properties, "properties");
            return this;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }
}
