package dev.latencylens.simulator;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator on its own, for trying clients (curl, SDKs, Latency Lens itself) against it:
 * <pre>
 * java -cp lens-runtime.jar:… dev.latencylens.simulator.SimulatorMain --port 8089 [--seed 42]
 * curl -N http://127.0.0.1:8089/v1/chat/completions -H 'Content-Type: application/json' \
 *      -d '{"model":"sim-fast","stream":true,"messages":[{"role":"user","content":"hi"}]}'
 * </pre>
 * Custom profiles come from {@code -Dlens.sim.profile.<model>.<key>=<value>}. Runs until Ctrl-C. Bad
 * arguments print the usage and exit with status 2.
 */
public final class SimulatorMain {

    static final String USAGE = "usage: java dev.latencylens.simulator.SimulatorMain [--port N] [--seed N]\n"
            + "  --port N  port on 127.0.0.1 (default 8089; 0 picks a free one)\n"
            + "  --seed N  seed of the scripted timings and faults (default 42)\n"
            + "  profiles: -Dlens.sim.profile.<model>.<key>=<value>, keys " + ProfileProperties.KEYS;

    /** Parsed command line. */
    record Options(int port, long seed) {
    }

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options = parse(args, System.err);
        if (options == null) {
            System.exit(2);
            return;
        }
        Simulator sim;
        try {
            sim = Simulator.builder().port(options.port()).seed(options.seed()).build().start();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "latency-lens-sim-shutdown"));
        System.out.println("Latency Lens simulator at http://127.0.0.1:" + sim.port() + " (OpenAI at "
                + sim.baseUrl() + ", Anthropic, Gemini, Bedrock, Azure OpenAI, Cohere, Ollama at their native paths),"
                + " seed " + sim.seed());
        for (String model : sim.models()) {
            System.out.println("  " + model + ": " + sim.profile(model));
        }
        System.out.println("  any other model: " + SimPresets.FAST_NAME + " timings. Ctrl-C stops.");
        stopped.await();
    }

    /** The options, or null after printing why and the usage to {@code err}. */
    static Options parse(String[] args, PrintStream err) {
        int port = 8089;
        long seed = 42L;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                err.println(USAGE);
                return null;
            }
            if (!(arg.equals("--port") || arg.equals("--seed"))) {
                err.println("unknown argument: " + arg);
                err.println(USAGE);
                return null;
            }
            if (i + 1 == args.length) {
                err.println(arg + " needs a value");
                err.println(USAGE);
                return null;
            }
            String value = args[++i];
            try {
                if (arg.equals("--port")) {
                    port = Integer.parseInt(value);
                    if (port < 0 || port > 65_535) {
                        throw new NumberFormatException();
                    }
                } else {
                    seed = Long.parseLong(value);
                }
            } catch (NumberFormatException e) {
                err.println(arg + " " + value + ": expected " + (arg.equals("--port") ? "a port 0..65535" : "an integer"));
                err.println(USAGE);
                return null;
            }
        }
        return new Options(port, seed);
    }
}
