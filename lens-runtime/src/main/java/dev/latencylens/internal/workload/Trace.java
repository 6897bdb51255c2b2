package dev.latencylens.internal.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.results.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload's trace: one request per line, {@code {"timestamp": <ms>, "inputTokens": n, "outputTokens": m}}, in
 * time order. Read and checked whole before the run: a line that is wrong is an error naming the file and the line.
 *
 * @param lines the trace's lines in order
 */
record Trace(WorkloadFile file, List<Line> lines, double timeScale) {

    /** One line: when (ms, as written), how long a prompt, how long an answer; {@code number} is its line. */
    record Line(double timestampMs, int inputTokens, int outputTokens, long number) {
    }

    Trace {
        lines = List.copyOf(lines);
    }

    /**
     * Reads {@code workload}'s trace.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    static Trace read(Workload workload, ClassLoader loader) {
        WorkloadFile file = new WorkloadFile("trace", workload.trace(), loader);
        List<Line> lines = new ArrayList<>();
        JsonLines.read(file, (node, number) -> {
            double timestamp = number(node, "timestamp", file, number);
            if (timestamp < 0) {
                throw new IllegalArgumentException(file.at(number, "\"timestamp\" must be 0 or more (milliseconds), "
                        + "was " + node.get("timestamp")));
            }
            if (!lines.isEmpty() && timestamp < lines.get(lines.size() - 1).timestampMs()) {
                throw new IllegalArgumentException(file.at(number, "timestamp " + node.get("timestamp") + " is before "
                        + "the previous line's (" + lines.get(lines.size() - 1).timestampMs() + "): sort the trace "
                        + "by timestamp"));
            }
            int input = tokens(node, "inputTokens", "input_length", file, number);
            int output = tokens(node, "outputTokens", "output_length", file, number);
            if (input <= workload.prefixTokens()) {
                throw new IllegalArgumentException(file.at(number, "inputTokens " + input + " is not above the "
                        + "workload's prefixTokens " + workload.prefixTokens() + ", which are part of each prompt"));
            }
            lines.add(new Line(timestamp, input, output, number));
        });
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file.describe() + " has no lines");
        }
        return new Trace(file, lines, workload.timeScale());
    }

    /** The line of request {@code index} (the trace again from its start past its end, for a long warmup). */
    Line line(int index) {
        return lines.get(index % lines.size());
    }

    /** Where line {@code line} is: {@code trace.jsonl:12}. */
    String source(Line line) {
        return file.location() + ":" + line.number();
    }

    /**
     * When each request is sent: its line's timestamp minus the first line's, times the time scale; after the
     * last line, nothing more is scheduled (the engine sends no more than the trace has).
     */
    ArrivalSchedule arrivals() {
        double first = lines.get(0).timestampMs();
        return new ArrivalSchedule() {
            private int next;

            @Override
            public long next() {
                if (next >= lines.size()) {
                    throw new IllegalStateException(file.describe() + " has " + lines.size() + " lines, all sent");
                }
                return Math.round((lines.get(next++).timestampMs() - first) * timeScale * 1e6);
            }
        };
    }

    /** The trace's mean rate in requests per second, time scale applied; 0 for a trace of one instant. */
    double meanRate(int requests) {
        int n = Math.min(requests, lines.size());
        double spanSeconds = (lines.get(n - 1).timestampMs() - lines.get(0).timestampMs()) * timeScale / 1000;
        return n < 2 || spanSeconds <= 0 ? 0 : (n - 1) / spanSeconds;
    }

    private static double number(JsonNode node, String field, WorkloadFile file, long number) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(file.at(number, v == null ? "no \"" + field + "\""
                    : "\"" + field + "\" must be a number (milliseconds), was " + v));
        }
        return v.asDouble();
    }

    /** A positive whole number of tokens; a Mooncake-style name instead says how to convert. */
    private static int tokens(JsonNode node, String field, String mooncakeName, WorkloadFile file, long number) {
        JsonNode v = node.get(field);
        if (v == null) {
            String hint = node.has(mooncakeName) ? " (it has \"" + mooncakeName + "\": a Mooncake trace; rename "
                    + "input_length to inputTokens and output_length to outputTokens, as docs/WORKLOADS.md shows)" : "";
            throw new IllegalArgumentException(file.at(number, "no \"" + field + "\"" + hint));
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new IllegalArgumentException(file.at(number, "\"" + field + "\" must be a whole number of tokens, 1 "
                    + "or more, was " + v));
        }
        return v.asInt();
    }
}
